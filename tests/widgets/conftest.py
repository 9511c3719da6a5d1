import pytest

from ocop_kit.autosave import ManualScheduler
from ocop_kit.storage import open_store


@pytest.fixture
def store(tmp_path):
    """A SQLite file of its own (two views of one test share it, like two tabs)."""
    return open_store(tmp_path / "drafts.sqlite")


@pytest.fixture
def scheduler():
    return ManualScheduler()
