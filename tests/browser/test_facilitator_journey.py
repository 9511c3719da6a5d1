"""Workshop journeys in headless Chromium (issue 12), on a server of their own: creating a
workshop turns every app of that server to join-code sign-in, so the shared server is left alone.

A facilitator creates a workshop and demonstrates the council; two trainees join in separate
browser contexts, work and submit; the second sees none of the first's work, nor the
facilitator's pages without the passphrase; "Đổi người dùng" starts empty.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser
FACILITATOR = "hoi-dong-va-lop-hoc.ipynb"
ASSESSMENT = "tu-danh-gia.ipynb"
PASS = "mật khẩu lớp Ba Bể"
NOTE = "Hợp đồng bao tiêu số 17 — ghi chú riêng của Lan"


def new_page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def open_url(page, server, notebook):
    page.goto(server.app_url(notebook))
    page.locator(".ocop-app").first.wait_for(state="visible")


def join(page, code, name, pin):
    page.get_by_placeholder("ví dụ K7M2QX").fill(code)
    page.get_by_placeholder("Họ và tên", exact=True).last.fill(name)
    page.locator(".ocop-row input[type=password]:visible").fill(pin)
    page.get_by_role("button", name="Vào lớp").click()


def test_workshop_room_two_trainees_and_privacy(browser, start_voila, screenshot):
    server = start_voila([REPO / "notebooks" / FACILITATOR, REPO / "notebooks" / ASSESSMENT])
    fac = new_page(browser, server)
    open_url(fac, server, FACILITATOR)
    text = fac.locator(".ocop-app").inner_text()
    assert "Mở lớp tập huấn" in text and "Điểm trung bình" not in text  # nothing before the passphrase
    fac.locator(".ocop-row input[type=text]:visible").nth(1).fill("Tập huấn OCOP Ba Bể")
    passwords = fac.locator("input[type=password]:visible")
    passwords.nth(1).fill(PASS)
    passwords.nth(2).fill(PASS)
    fac.get_by_role("button", name="Tạo lớp").click()
    fac.get_by_text("Mã lớp cho học viên:").wait_for()
    code = re.search(r"Mã lớp cho học viên: ([A-Z0-9]{6})", fac.locator(".ocop-app").inner_text()).group(1)
    screenshot(fac, "workshop-created")

    lan = new_page(browser, server)
    open_url(lan, server, ASSESSMENT)
    join(lan, code, "Nguyễn Thị Lan", "4321")
    lan.get_by_text("Đang làm bài: Nguyễn Thị Lan").wait_for()
    lan.get_by_placeholder("gõ tên", exact=False).fill("tinh dầu")
    lan.get_by_placeholder("gõ tên", exact=False).press("Tab")
    lan.locator("select option").first.wait_for(state="attached")
    lan.get_by_role("button", name="Chấm bộ tiêu chí này").click()
    lan.locator(".widget-radio-box label", has_text="Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75%").first.click()
    lan.locator("textarea").first.fill(NOTE)
    lan.get_by_text("Đã lưu", exact=False).first.wait_for()
    lan.get_by_role("button", name="Nộp bài").click()
    lan.get_by_text("Đã nộp bài cho giảng viên").wait_for()
    screenshot(lan, "workshop-trainee-submitted")

    hung = new_page(browser, server)
    open_url(hung, server, ASSESSMENT)
    join(hung, code, "Nguyễn Thị Lan", "1111")  # Lan's name, not her PIN
    hung.get_by_text("Sai mã PIN").wait_for()
    assert NOTE not in hung.locator(".ocop-app").inner_text()
    join(hung, code, "Trần Văn Hùng", "2222")
    hung.get_by_text("Đang làm bài: Trần Văn Hùng").wait_for()
    body = hung.locator(".ocop-app").inner_text()
    assert NOTE not in body
    open_url(hung, server, FACILITATOR)  # the facilitator page asks for the passphrase
    assert "Danh sách lớp" not in hung.locator(".ocop-app").inner_text()

    # Lan leaves the shared laptop: the next person starts empty
    lan.get_by_role("button", name="Đổi người dùng").click()
    lan.get_by_role("button", name="Vào lớp").wait_for()
    assert NOTE not in lan.locator(".ocop-app").inner_text()
    assert all(NOTE not in box.input_value() for box in lan.locator("textarea").all())
    screenshot(lan, "workshop-switch-user")

    fac.get_by_role("tab", name="Danh sách lớp").click()
    fac.get_by_role("button", name="Làm mới danh sách").click()
    fac.get_by_text("Trần Văn Hùng").wait_for()
    roster = fac.locator(".ocop-roster").inner_text()
    assert "Nguyễn Thị Lan" in roster and "đã nộp" in roster
    screenshot(fac, "workshop-roster")

    # the council panel: Lan's submitted work as a one-member council, then the sample council
    fac.get_by_role("tab", name="Chấm điểm Hội đồng").click()
    fac.get_by_role("button", name="Hội đồng thử: bài tự đánh giá học viên đã nộp").click()
    fac.get_by_text("Điểm trung bình:").wait_for()
    council = fac.locator(".ocop-table:visible", has_text="Nguyễn Thị Lan")
    council.wait_for()
    assert "Trần Văn Hùng" not in council.inner_text()  # Hùng submitted nothing
    fac.get_by_role("button", name="Ví dụ: Hội đồng 3 thành viên").click()
    fac.get_by_text("Điểm trung bình: 72").wait_for()
    fac.get_by_text("Phiếu đáp án").first.wait_for()  # the reference sheet shows with a council
    screenshot(fac, "facilitator-council")

    # the export panel offers the class's files
    fac.get_by_role("tab", name="Xuất kết quả").click()
    fac.get_by_role("button", name="Chuẩn bị tệp tải về").click()
    fac.get_by_text("1 dòng từ bài đã nộp.").wait_for()
    assert fac.locator(f"a[download='ocop-{code.lower()}.xlsx']").count() == 1
