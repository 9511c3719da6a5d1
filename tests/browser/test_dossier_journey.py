"""The producer's dossier in headless Chromium against a real Voila server: a new assessment
on the criteria in force, the "Hồ sơ" tab, Mẫu 01 + 02 downloaded as DOCX and read back."""
from __future__ import annotations

import io

import docx
import pytest

pytestmark = pytest.mark.browser
APP = "tu-danh-gia.ipynb"


def login(page, code: str, name: str) -> None:
    page.get_by_placeholder("ví dụ HV01").fill(code)
    page.locator(".ocop-row input[type=text]").nth(1).fill(name)
    page.get_by_role("button", name="Bắt đầu", exact=True).click()


def choose_set(page, search: str) -> None:
    page.get_by_placeholder("gõ tên", exact=False).fill(search)
    page.get_by_placeholder("gõ tên", exact=False).press("Tab")
    page.locator("select option").first.wait_for(state="attached")
    page.get_by_role("button", name="Chấm bộ tiêu chí này").click()


def pick_level(page, text: str) -> None:
    page.locator(".widget-radio-box label", has_text=text).first.click()


def test_fill_the_dossier_and_download_forms_01_and_02(page, open_app, screenshot, download):
    open_app(page, APP)
    login(page, "HVHOSO", "Hoàng Thị Hằng")
    page.locator(".ocop-row", has_text="Tên sản phẩm").locator("input").fill("Tinh dầu sả Bạch Thông")
    choose_set(page, "tinh dầu")  # the default version is QĐ 26/2026
    summary = page.locator(".ocop-summary")
    summary.wait_for()
    assert "Tinh dầu và dược liệu khác" in summary.inner_text()
    pick_level(page, "Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75%")  # A.1.1: 4 points
    pick_level(page, "Chế biến sâu từ vùng nguyên liệu")  # A.1.2: 3
    pick_level(page, "Có năng lực, quy mô sản xuất lớn")  # A.1.3: 3
    pick_level(page, "Có hợp đồng liên kết từ 50% đến dưới 75%")  # A.1.4: 1, below the 4★ minimum
    page.wait_for_function("document.querySelector('.ocop-total').textContent === '11'")
    assert "★☆☆☆☆" in summary.inner_text() and "1 sao" in summary.inner_text()

    page.locator(".lm-TabBar-tab", has_text="Hồ sơ").click()
    missing = page.locator(".ocop-missing")
    missing.wait_for()
    assert "Hồ sơ 1 sao còn thiếu" in missing.text_content()
    assert "Mã HVHOSO chưa có phương án kinh doanh" in page.locator(".ocop-dossier").inner_text()
    page.locator(".ocop-dossier select").first.select_option(label="4 sao")
    page.wait_for_function("document.querySelector('.ocop-missing').textContent.includes('Hồ sơ 4 sao còn thiếu')")
    assert "A.1.4 Liên kết chuỗi trong sản xuất: đang 1 điểm, cần ít nhất 2 điểm để đạt 4 sao" in missing.text_content()

    name = page.get_by_label("Họ tên người đại diện theo pháp luật *")  # the label is tied to its input
    name.fill("Hoàng Thị Hằng")
    page.wait_for_function("!document.querySelector('.ocop-missing').textContent"
                           ".includes('Họ tên người đại diện theo pháp luật: chưa điền')")
    page.get_by_label("Giới tính của người đại diện *").select_option(label="Nữ")
    page.get_by_label("Dân tộc của người đại diện *").fill("Tày")
    page.wait_for_function("!document.querySelector('.ocop-missing').textContent"
                           ".includes('Dân tộc của người đại diện: chưa điền')")
    page.locator(".ocop-status", has_text="Đã lưu").first.wait_for()
    page.locator(".ocop-dossier .ocop-missing").evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "dossier-tab")
    name.evaluate("e => e.scrollIntoView({block: 'center'})")
    screenshot(page, "dossier-tab-fields")

    filename, content = download(page, "Hồ sơ", "Tạo Mẫu 01 + 02 (Word .docx)", "Mẫu 01 + Mẫu 02 (.docx")
    assert filename == "mau-01-02-tinh-dau-sa-bach-thong.docx"
    assert page.get_by_role("button", name="Tạo Mẫu 01 + 02 (Word .docx)").is_enabled()
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    joined = "\n".join(texts)
    assert "- Họ tên người đại diện pháp lý: Hoàng Thị Hằng" in texts
    assert "PHIẾU ĐĂNG KÝ" in texts and "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM" in texts
    assert "Tinh dầu sả Bạch Thông" in joined and "Dân tộc: Tày" in joined
    assert "A.1.4" in texts and "Liên kết chuỗi trong sản xuất" in joined
    assert "Có hợp đồng liên kết từ 50% đến dưới 75% sản lượng tiêu thụ" in joined
    screenshot(page, "dossier-downloaded")
    assert page.ocop_console == []
