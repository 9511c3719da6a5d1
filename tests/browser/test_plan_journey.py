"""The business-plan app in headless Chromium: fill a small plan, see the cash chart,
download the XLSX and open it."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from screens import open_plan_sample

pytestmark = pytest.mark.browser
APP = "phuong-an-kinh-doanh.ipynb"


def field(page, path_class: str):
    return page.locator(f".ocop-f-{path_class} input")


def type_into(page, path_class: str, text: str) -> None:
    box = field(page, path_class)
    box.fill(text)
    box.press("Tab")  # the boxes send their value when the user leaves them


def test_small_plan_cash_chart_and_xlsx(page, open_app, screenshot, download):
    open_app(page, APP)
    page.locator(".lm-TabBar-tab", has_text="Kế hoạch tài chính").click()
    type_into(page, "products-0-name", "Trà hoa vàng")
    type_into(page, "products-0-unit_price", "1,5 triệu")
    page.locator(".ocop-parsed", has_text="= 1.500.000 đ").wait_for()
    type_into(page, "products-0-raw_material", "abc")
    page.locator(".ocop-msg-error", has_text="Không đọc được số tiền “abc”").wait_for()
    type_into(page, "products-0-raw_material", "400k")
    for month in range(12):
        type_into(page, f"products-0-monthly_volume_y1-{month}", "20")
    page.locator(".lm-TabBar-tab", has_text="Kết quả").click()
    # the kernel may still be reading the last boxes: wait for the year's revenue, 240 × 1.5 M
    page.locator(".ocop-tables", has_text="360.000.000").first.wait_for()
    assert "Kế hoạch dòng tiền" in page.locator(".ocop-tables").first.inner_text()

    page.locator(".lm-TabBar-tab", has_text="Biểu đồ").click()
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.widget-image'))"
        ".filter(i => i.naturalWidth > 100).length >= 3")
    screenshot(page, "business-plan-cash-chart")

    name, content = download(page, "Tải về, in", "Tạo tệp Excel (XLSX)", "Tải tệp Excel")
    assert name.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(content))
    assert "Kế hoạch dòng tiền" in wb.sheetnames
    revenue = [row for row in wb["Kế hoạch doanh thu và chi phí"].iter_rows(values_only=True)
               if row[0] == "Doanh thu"]
    assert revenue and revenue[0][1] == 360_000_000
    assert page.ocop_console == []


def test_sample_status_bar_undo_and_percent(page, open_app, screenshot):
    """Issue 13: the cash low point stays in sight (red when negative), a removed product line
    comes back with "Hoàn tác", a percent field takes "50%"."""
    open_app(page, APP)
    bar = page.locator(".ocop-status-bar")
    bar.locator(".ocop-status-filled", has_text="mục bắt buộc").wait_for(timeout=120_000)
    open_plan_sample(page)
    bar.locator(".ocop-negative", has_text="Tiền mặt thấp nhất: -").wait_for(timeout=120_000)
    assert "mục bắt buộc" in bar.inner_text()

    tab = page.locator(".lm-TabBar-tab", has_text="Kế hoạch tài chính").first
    second = field(page, "products-1-name")
    for attempt in range(3):  # a click while the sample is still rendering may not switch the tab
        tab.click()
        try:
            second.wait_for(timeout=30_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    name = second.input_value()
    assert name
    page.locator(".ocop-f-products-1-name").locator(
        "xpath=ancestor::div[contains(@class,'widget-vbox')][2]").locator(
        "button", has_text="Xoá").first.click()
    notice = page.locator(".ocop-undo-notice", has_text="Đã xoá sản phẩm")
    notice.wait_for()
    assert name in notice.inner_text()
    restored = ("name => Array.from(document.querySelectorAll('.ocop-f-products-1-name input'))"
                ".some(i => i.value === name)")
    notice.locator("button", has_text="Hoàn tác").click()  # one tap, as a trainee gives it
    page.wait_for_function(restored, arg=name, timeout=60_000)
    notice.wait_for(state="hidden")

    type_into(page, "products-0-credit_share_pct", "50%")
    page.locator(".ocop-f-products-0-credit_share_pct").locator(
        "xpath=ancestor::div[contains(@class,'widget-vbox')][1]").locator(
        ".ocop-parsed", has_text="= 50 %").wait_for()
    last = page.locator("button", has_text="Thêm khoản vay")
    last.scroll_into_view_if_needed()
    start = page.locator(".ocop-f-start_year").bounding_box()
    assert start is not None and start["y"] < 0  # the top of the page is scrolled away
    box = bar.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    screenshot(page, "business-plan-status-undo")
    assert page.ocop_console == []
