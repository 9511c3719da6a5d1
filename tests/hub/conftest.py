"""The hub tests drive the same headless Chromium as the browser tests."""
from tests.browser.conftest import browser  # noqa: F401 - a fixture, used by name
