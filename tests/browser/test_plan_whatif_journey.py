"""Issue 11 in headless Chromium: open the arrowroot-noodle sample, see the corrected cash low
point and the computed working capital, click through the what-if panel, screenshot it."""
from __future__ import annotations

import pytest
from screens import open_plan_sample

pytestmark = pytest.mark.browser
APP = "phuong-an-kinh-doanh.ipynb"


def test_what_if_panel_on_the_noodle_sample(page, open_app, screenshot):
    open_app(page, APP)
    open_plan_sample(page)
    page.locator(".lm-TabBar-tab", has_text="Kết quả").click()
    tables = page.locator(".ocop-tables", has_text="-561.220.000 đ").first
    tables.wait_for()
    text = tables.inner_text()
    assert "Vốn lưu động tính từ dòng tiền" in text and "661.220.000 đ" in text

    page.locator(".lm-TabBar-tab", has_text="Biểu đồ").click()
    for name, label in (("price_down", "Giá bán giảm 10 %"), ("material_up", "Mất mùa"),
                        ("grant_late", "Tiền hỗ trợ đến muộn 6 tháng")):
        page.locator(f".ocop-whatif-{name}").click()
        page.locator(".ocop-whatif tr", has_text=label).wait_for()
    rows = page.locator(".ocop-whatif-row")
    assert rows.count() == 3
    assert "-193.851.000 đ" in page.locator(".ocop-whatif").inner_text()  # raw material +30 %
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.widget-image'))"
        ".filter(i => i.naturalWidth > 100).length >= 4")
    page.locator(".ocop-whatif").scroll_into_view_if_needed()
    path = screenshot(page, "business-plan-what-if")
    assert path.stat().st_size > 10_000
    assert page.ocop_console == []
