"""Two tabs of one browser on one trainee code in the self-assessment app: each tab saves over
the other once; the banner's "Tải lại bản mới" and "Lưu thành bản sao" both get autosave going
again (issue 9)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
APP = "tu-danh-gia.ipynb"
CODE = "HVTWOTABS"
SAVED_AT = "document.querySelector('.ocop-conn') && document.querySelector('.ocop-conn').dataset.ocopSaved"


def login(page, code: str) -> None:
    page.get_by_placeholder("ví dụ HV01").fill(code)
    page.get_by_role("button", name="Bắt đầu", exact=True).click()


def saved_at(page) -> str | None:
    return page.evaluate(SAVED_AT)


def wait_saved_after(page, before: str | None) -> None:
    """Until the page reports a save newer than ``before`` (the connection marker's time)."""
    page.wait_for_function(f"({SAVED_AT}) && ({SAVED_AT}) !== {before!r}".replace("None", "null"))


def note(page):
    return page.locator(".ocop-criterion textarea").first


def type_note(page, text: str) -> None:
    before = saved_at(page)
    note(page).fill(text)
    wait_saved_after(page, before)


def test_two_tabs_on_one_code_recover_by_reload_and_by_copy(page, open_app, screenshot):
    open_app(page, APP)
    login(page, CODE)
    page.get_by_placeholder("gõ tên", exact=False).fill("tinh dầu")
    page.get_by_placeholder("gõ tên", exact=False).press("Tab")
    page.locator("select option").first.wait_for(state="attached")
    page.get_by_role("button", name="Chấm bộ tiêu chí này").click()
    type_note(page, "Tab A: hợp đồng thu mua")

    other = page.context.new_page()  # a second tab of the same browser
    other.set_default_timeout(60_000)
    other.ocop_server = page.ocop_server
    other.on("pageerror", lambda exc: page.ocop_console.append(f"tab B pageerror: {exc}"))
    open_app(other, APP)
    login(other, CODE)
    other.locator(".ocop-msg", has_text="Đã mở lại bản nháp").wait_for()
    assert note(other).input_value() == "Tab A: hợp đồng thu mua"
    type_note(other, "Tab B: sổ ghi chép vùng trồng")

    # Tab A saves on top of tab B's version: refused, the banner says so and offers two ways out.
    note(page).fill("Tab A again")
    banner = page.locator(".ocop-conflict")
    banner.wait_for(state="visible")
    assert "vừa được lưu ở một thẻ hoặc thiết bị khác" in banner.inner_text()
    assert page.locator(".ocop-status-conflict").first.is_visible()
    page.get_by_role("button", name="Tải lại bản mới").scroll_into_view_if_needed()
    screenshot(page, "assessment-conflict-banner")
    before = saved_at(page)
    page.get_by_role("button", name="Tải lại bản mới").click()
    banner.wait_for(state="hidden")
    page.wait_for_function(  # the form is built again from the stored version
        "(document.querySelector('.ocop-criterion textarea') || {}).value === 'Tab B: sổ ghi chép vùng trồng'")
    type_note(page, "Tab A after reloading")  # autosave goes on in tab A
    assert saved_at(page) != before

    # Now tab B is behind: it keeps its text as a copy, and goes on saving there.
    note(other).fill("Tab B, kept as a copy")
    other_banner = other.locator(".ocop-conflict")
    other_banner.wait_for(state="visible")
    other.get_by_role("button", name="Lưu thành bản sao").click()
    other_banner.wait_for(state="hidden")
    other.locator(".ocop-msg", has_text="thành bản nháp mới “Bản sao của").wait_for()
    other.locator(".ocop-drafts", has_text="Bản sao của").wait_for(state="attached")  # on the Start tab
    type_note(other, "Tab B, typing in the copy")
    assert not other_banner.is_visible() and not banner.is_visible()
    screenshot(other, "assessment-conflict-copied")
    assert page.ocop_console == []
