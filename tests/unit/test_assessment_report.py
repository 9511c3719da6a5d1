"""The printable report: content, escaping, and a PDF whose text survives with its diacritics."""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

import pytest

from ocop_kit.apps.assessment import Assessment
from ocop_kit.reports.assessment_html import render_html

from ..conftest import SAMPLES

SAMPLE = SAMPLES / "answers" / "huong-ngan-tinh-dau-sa.json"
EVIL = "<script>alert('x')</script>"


def model() -> Assessment:
    m = Assessment.from_answers_file(SAMPLE)
    m.user_name = "Nguyễn Thị Lan"
    m.set_info("product", f"Tinh dầu sả {EVIL}")
    m.set_evidence("C.9", f"Phiếu kiểm nghiệm {EVIL}")
    m.set_target(4)
    return m


def test_html_report_has_everything_a_dossier_needs():
    html = render_html(model(), "vi", today=date(2024, 5, 3))
    assert "@page { size: A4" in html
    assert "Tự đánh giá — không phải kết quả chính thức của Hội đồng" in html
    assert "Quyết định 1048/QĐ-TTg" in html  # legal basis
    assert "HTX Hương Ngàn" in html and "Bạch Thông" in html
    assert "15/12/2019" in html and "03/05/2024" in html
    assert "62/100" in html and "3 sao" in html
    assert "Sử dụng nguyên liệu có nguồn gốc trong tỉnh" in html  # a chosen level text
    assert "Kế hoạch nâng hạng (mục tiêu 4 sao, cần 70 điểm)" in html
    assert html.count("<tr>") >= 28  # every criterion has a row


def test_html_report_escapes_what_users_typed():
    html = render_html(model(), "vi")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_english_report():
    html = render_html(model(), "en")
    assert "Self-assessment — not an official result of the Council." in html
    assert '<html lang="en">' in html and "3 stars" in html


def _pdftotext_or_skip() -> str:
    path = shutil.which("pdftotext")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("pdftotext is missing and CI is set")
    pytest.skip("pdftotext is missing and CI is unset")


def test_pdf_text_keeps_vietnamese_diacritics(tmp_path):
    tool = _pdftotext_or_skip()
    from ocop_kit.reports.assessment_pdf import render_pdf

    data = render_pdf(model(), "vi")
    assert data.startswith(b"%PDF")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    done = subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    text = done.stdout.decode("utf-8")
    flat = " ".join(text.split())
    for needle in ("Phiếu tự đánh giá sản phẩm OCOP", "Tự đánh giá — không phải kết quả chính thức của Hội đồng",
                   "Nguồn nguyên liệu", "Tinh dầu sả <script>", "Hạng sao", "3 sao", "Nguyễn Thị Lan",
                   "Căn cứ pháp lý"):
        assert needle in flat, needle
