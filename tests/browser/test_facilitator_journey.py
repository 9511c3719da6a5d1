"""The facilitator's page in headless Chromium: a council demonstration from the sample sheets."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
APP = "hoi-dong-va-lop-hoc.ipynb"


def test_council_demo_shows_average_and_star(page, open_app, screenshot):
    open_app(page, APP)
    page.get_by_role("button", name="Ví dụ: Hội đồng 3 thành viên").click()
    page.get_by_text("Điểm trung bình: 72").wait_for()
    text = page.locator(".ocop-app").inner_text()
    assert "Thành viên 3 — Sở Y tế" in text and "★★★☆☆" in text
    assert "A.1.4: 1,33 < 2 (4★)" in text  # held back by a minimum on the members' average
    assert "Tiêu chí các thành viên chấm khác nhau nhiều nhất" in text
    screenshot(page, "facilitator-council")
    assert page.ocop_console == []


def test_class_tab_in_english(page, open_app):
    open_app(page, APP, lang="en")
    page.get_by_role("tab", name="Class results").click()
    page.get_by_placeholder("class code, e.g. BK19").fill("EMPTY1")
    page.get_by_role("button", name="Show results").click()
    page.get_by_text("Class EMPTY1: 0 trainees have a self-assessment.").wait_for()
