"""One typed input (issue 9): raw text, the value read, the error under the box in the user's
language, the echo of what was read, notes from the app's checks said once."""
import pytest

from ocop_kit.apps.business_plan import format_field, read_field
from ocop_kit.money import format_vnd, parse_vnd
from ocop_kit.views.typed_input import TypedInput


def plan_input(path, text="", lang="vi", seen=None):
    return TypedInput(lambda s: read_field(path, s),
                      lambda v, lg, s: format_field(path, v, lg, s), lang, text,
                      on_change=(seen.append if seen is not None else None))


@pytest.mark.parametrize("typed, value", [
    ("1.200.000", 1_200_000), ("1,2 triệu", 1_200_000), ("1200000", 1_200_000),
    ("500k", 500_000),
])
def test_money_in_vietnamese_formats(typed, value):
    field = plan_input("products[0].unit_price")
    field.set_text(typed)
    assert field.value == value and field.error is None
    assert field.message_html.value == ""


@pytest.mark.parametrize("typed, value", [("50%", 50), ("50 %", 50), ("50", 50), ("12,5%", 12.5)])
def test_percent_fields_take_the_sign(typed, value):
    field = plan_input("products[0].credit_share_pct")
    field.set_text(typed)
    assert field.value == value and field.valid


def test_months_and_years_in_a_month_field():
    field = plan_input("funding.loans[0].term_months")
    field.set_text("3 năm")
    assert field.value == 36
    assert "= 36" in field.echo_html.value


def test_echo_only_when_it_differs_from_what_was_typed():
    field = plan_input("products[0].unit_price")
    field.set_text("1,5 triệu")
    assert "= 1.500.000 đ" in field.echo_html.value
    field = TypedInput(parse_vnd, lambda v, lg, s: format_vnd(v, lg, unit=False), "vi")
    field.set_text("1.500.000")
    assert field.echo_html.value == ""


def test_error_under_the_box_in_the_users_language_text_kept():
    seen = []
    field = plan_input("products[0].unit_price", lang="en", seen=seen)
    field.set_text("abc")
    assert field.value is None and not field.valid
    assert "“Selling price”: cannot read the amount “abc”" in field.message_html.value
    assert field.raw == "abc" and field.echo_html.value == ""
    assert seen == [field]
    field.set_text("40.000")
    assert field.valid and field.value == 40_000 and field.message_html.value == ""


def test_error_shown_for_the_initial_text_without_calling_back():
    seen = []
    field = plan_input("products[0].unit_price", text="-5", seen=seen)
    assert "không được âm" in field.message_html.value
    assert seen == []


def test_notes_from_the_checks_are_added_once():
    field = plan_input("products[0].unit_price")
    field.set_text("abc")
    field.set_notes([field.error_text(), "Giá bán thấp hơn chi phí"])
    assert field.message_html.value.count("không đọc được") == 1
    assert "Giá bán thấp hơn chi phí" in field.message_html.value
    field.set_notes([])
    assert "thấp hơn" not in field.message_html.value


def test_empty_is_not_an_error_when_allowed():
    field = TypedInput(parse_vnd, lambda v, lg, s: format_vnd(v, lg), "vi", empty_ok=True)
    field.set_text("  ")
    assert field.value is None and field.valid
    strict = TypedInput(parse_vnd, lambda v, lg, s: format_vnd(v, lg), "vi")
    strict.set_text("")
    assert not strict.valid


def test_compact_input_is_just_the_box():
    field = TypedInput(parse_vnd, lambda v, lg, s: format_vnd(v, lg), "vi", compact=True)
    assert field.root is field.box
