import re

import pytest

from ocop_kit.finance import compute, load_plan
from ocop_kit.forms_check import load_form
from ocop_kit.money import format_vnd
from ocop_kit.reports.idea_html import idea_html
from ocop_kit.reports.plan_html import computed_values, plan_html
from tests.conftest import SAMPLES

PLANS = SAMPLES / "plans"


@pytest.fixture
def oil():
    return load_plan(PLANS / "huong-ngan-tinh-dau-sa.json")


def test_idea_form_prints_official_layout(oil):
    html = idea_html(oil.product_idea, "vi")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    assert "@page { size: A4" in html
    for text in ("Biểu số 01", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Phần A. Dành cho cán bộ OCOP",
                 "Phần B. Ý tưởng sản phẩm mới", "2. Mô tả sản phẩm", "Tinh dầu sả Hương Ngàn",
                 "65.000 đ / chai 10 ml", "8.000 sản phẩm/năm"):
        assert text in html
    # part A stays blank for the officials: no producer value inside its table
    part_a = html.split("Phần A.")[1].split("Phần B.")[0]
    assert "Hương Ngàn" not in part_a and "Số phiếu (cấp huyện)" in part_a
    assert "SỐ LIỆU MINH HỌA" not in html
    assert "SỐ LIỆU MINH HỌA" in idea_html(oil.product_idea, "vi", illustrative=True, note=oil.note)


def test_idea_form_in_english_and_empty_fields():
    html = idea_html({"product_name": "Trà"}, "en")
    assert "Form 01" in html and "Part B. New product idea" in html
    assert html.count("(not filled in)") > 10


def test_a_field_added_to_the_json_is_printed(oil):
    form = load_form("product_idea")
    form["sections"][-1]["fields"].append({"id": "support_needed", "number": "4", "type": "long_text",
                                           "required": False, "max_length": 500,
                                           "label": {"vi": "Nhu cầu hỗ trợ", "en": "Support needed"}})
    html = idea_html({**oil.product_idea, "support_needed": "Tập huấn bao bì"}, "vi", form)
    assert "4. Nhu cầu hỗ trợ" in html and "Tập huấn bao bì" in html


def test_user_text_is_escaped_everywhere(oil):
    evil = "<script>alert(1)</script>"
    oil.product_idea["product_story"] = evil
    oil.business_plan["strengths"] = evil
    oil.finance.products[0].name = evil
    oil.title = evil
    oil.note = evil
    for html in (idea_html(oil.product_idea, "vi", illustrative=True, note=evil), plan_html(oil, "vi")):
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_plan_prints_sections_and_siyb_tables(oil):
    r = compute(oil.finance)
    html = plan_html(oil, "vi", r)
    for text in ("Biểu số 03", "I. Giới thiệu", "II. Tổng quan thị trường", "III.1. Phân tích SWOT",
                 "IV. Phương án tài chính", "Dự báo doanh số", "Kế hoạch doanh thu và chi phí",
                 "Kế hoạch dòng tiền", "Vốn khởi sự", "Lịch trả nợ vay", "SỐ LIỆU MINH HỌA"):
        assert text in html, text
    # money in Vietnamese format: the year-1 revenue with dots, and the IV.2 computed field
    assert format_vnd(r.years[0].revenue, "vi", unit=False) in html
    assert format_vnd(r.years[0].revenue, "vi") in html
    # the product idea is carried over into empty Biểu 03 fields
    oil.business_plan.pop("product_history")
    assert oil.product_idea["product_story"][:40] in plan_html(oil, "vi", r)


def test_plan_in_english(oil):
    html = plan_html(oil, "en")
    assert "Form 03" in html and "Cash-flow plan" in html and "ILLUSTRATIVE FIGURES" in html
    assert re.search(r"\d{1,3}(,\d{3})+", html)


def test_plan_with_invalid_inputs_still_prints_its_texts(oil):
    oil.finance.products[0].unit_price = "abc"
    html = plan_html(oil, "vi")
    assert "Chưa lập được các bảng tính" in html
    assert "Kế hoạch dòng tiền" not in html
    assert oil.business_plan["strengths"][:30] in html


def test_computed_values_follow_the_form(oil):
    r = compute(oil.finance)
    values = computed_values(load_form("business_plan"), r)
    assert values == {"total_capital_need": r.total_investment, "revenue_y1": r.years[0].revenue,
                      "net_profit_y1": r.years[0].net_profit}
    assert computed_values(load_form("business_plan"), None) == {}
