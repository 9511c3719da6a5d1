import copy

import jsonschema
import pytest

from ocop_kit.forms_check import (
    FORM_NAMES,
    check_form,
    form_fields,
    load_form,
    load_form_schema,
    prefill,
    validate_form_def,
)
from ocop_kit.i18n import t


@pytest.mark.parametrize("name", FORM_NAMES)
def test_form_files_validate_against_schema(name):
    form = load_form(name)
    jsonschema.Draft202012Validator.check_schema(load_form_schema())
    validate_form_def(form)
    ids = [f["id"] for f in form_fields(form, include_official=True)]
    assert len(ids) == len(set(ids)), "field ids must be unique within a form"


def test_schema_rejects_a_broken_form():
    form = copy.deepcopy(load_form("product_idea"))
    form["sections"][0]["fields"][0]["type"] = "date"
    with pytest.raises(jsonschema.ValidationError):
        validate_form_def(form)
    form = copy.deepcopy(load_form("product_idea"))
    del form["sections"][0]["fields"][0]["label"]["vi"]
    with pytest.raises(jsonschema.ValidationError):
        validate_form_def(form)


def test_product_idea_has_every_field_of_bieu_so_01():
    ids = {f["id"] for f in form_fields(load_form("product_idea"))}
    assert {"product_name", "core_value", "packaging_unit", "brand_name", "quality_target",
            "competitors", "differentiation", "market_size", "retail_price", "retail_price_unit",
            "product_story", "novelty", "producer_name", "address"} <= ids


def test_business_plan_covers_sections_i_to_iv_and_carries_over():
    form = load_form("business_plan")
    numbers = {s["number"].split(".")[0] for s in form["sections"]}
    assert numbers == {"I", "II", "III", "IV"}
    carried = prefill(form, {"product_name": "Tên đã gõ"},
                      {"product_idea": {"product_name": "Khác", "producer_name": "HTX Tài Hoan",
                                        "product_story": "Câu chuyện"}})
    assert carried["product_name"] == "Tên đã gõ"  # nothing typed is overwritten
    assert carried["producer_name"] == "HTX Tài Hoan"
    assert carried["product_history"] == "Câu chuyện"


def _messages(problems):
    return dict(problems)


def test_empty_product_idea_reports_required_fields_and_the_story():
    form = load_form("product_idea")
    problems = _messages(check_form(form, {}, "vi"))
    assert problems["product_name"] == "Chưa điền “Tên sản phẩm”."
    assert problems["product_story"] == t("forms.story_empty", "vi")
    assert "district_officer" not in problems  # Part A is for officials
    en = _messages(check_form(form, {}, "en"))
    assert en["product_story"].startswith("The product story is empty")


def test_price_without_unit_overlong_text_and_bad_values():
    form = load_form("product_idea")
    values = {"retail_price": "65.000", "retail_price_unit": " ",
              "brand_name": "x" * 151, "market_size": "-3", "producer_type": "club",
              "email": "htx@", "product_story": "Ngắn quá"}
    problems = _messages(check_form(form, values, "vi"))
    assert problems["retail_price_unit"] == t("forms.price_without_unit", "vi",
                                              label="Giá bán lẻ dự kiến (đồng)")
    assert "retail_price" not in problems
    assert problems["brand_name"] == "Quá dài: 151 ký tự, tối đa 150."
    assert problems["market_size"] == t("finance.number.negative", "vi", text="-3")
    assert problems["producer_type"].startswith("Hãy chọn một mục")
    assert problems["email"] == t("forms.email_invalid", "vi")
    assert problems["product_story"] == t("forms.too_short", "vi", min=40)
    bad_money = _messages(check_form(form, {"retail_price": "sáu mươi lăm"}, "en"))
    assert "Cannot read the amount" in bad_money["retail_price"]


def test_problems_come_in_form_order():
    form = load_form("product_idea")
    order = [f["id"] for f in form_fields(form)]
    problems = [fid for fid, _ in check_form(form, {}, "vi")]
    assert problems == sorted(problems, key=order.index)
