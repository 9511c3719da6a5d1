"""The landing page lists the apps by name and purpose, in Vietnamese or English, offline."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_landing_page_lists_the_apps_and_carries_the_language(page, voila_server, screenshot):
    page.goto(voila_server.base_url)
    apps = page.locator("a.app")
    titles = apps.all_inner_texts()
    assert any(t.startswith("Tự đánh giá sản phẩm OCOP") for t in titles)
    assert any("Biểu số 01" in t for t in titles) and any("Biểu số 03" in t for t in titles)
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, "landing-vi")
    page.get_by_role("link", name="English").click()
    page.locator("a.app").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    first = page.locator("a.app", has_text="OCOP product self-assessment")
    assert first.get_attribute("href").endswith("tu-danh-gia.ipynb?lang=en")
    # notebooks the page has no title for still appear, under their file names
    assert page.locator("a.app", has_text="hello.ipynb").count() == 1
