import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test writes its database under its own temporary folder, never the user's."""
    if "OCOP_KIT_DATA_KEEP" not in os.environ:
        monkeypatch.setenv("OCOP_KIT_DATA", str(tmp_path / "ocop-data"))
