"""The hub tests drive the same headless Chromium as the browser tests (the session fixture in tests/conftest.py)."""
