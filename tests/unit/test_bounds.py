"""Bounds as data (issue 10): every number a trainee types has a realistic range declared in
the form data and refused in the core with a message naming the field; nothing typed into
any field of any form makes the core raise, and the draft still saves and reopens."""
from __future__ import annotations

import json
import re
import time
from dataclasses import fields
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop_kit.apps.business_plan import RAW_MAX, PlanState
from ocop_kit.finance import (
    Equipment,
    FinanceModel,
    FixedCost,
    Funding,
    Loan,
    PlanInputError,
    ProductLine,
    StartupInvestment,
    check_inputs,
    compute,
    issues_by_field,
    load_plan,
)
from ocop_kit.finance.bounds import field_spec, number_specs, row_limit
from ocop_kit.forms_check import FORM_NAMES, check_form, form_fields, load_form
from ocop_kit.i18n import catalog
from ocop_kit.money import MoneyInputError
from ocop_kit.storage import open_store

FINANCE = json.loads((resources.files("ocop_kit") / "forms" / "finance_fields.json").read_text("utf-8"))
# every finance path a view shows, with row 0 and month 0 standing for every row and month
FINANCE_PATHS = [p.replace("[]", "[0]") for p in FINANCE["fields"]]
FORM_FIELDS = [(name, f["id"]) for name in FORM_NAMES for f in form_fields(load_form(name), True)
               if not f.get("computed_from")]


def full_state() -> PlanState:
    """A plan with one row of every list, so that every path of the data exists."""
    s = PlanState()
    s.add_fixed_cost()
    s.add_asset("equipment")
    s.add_asset("premises")
    s.add_loan()
    s.set_field("products[0].material_purchase_share[0]", "1")
    return s


# --- the data -------------------------------------------------------------------------------

def test_every_number_of_the_finance_model_has_a_range_and_a_label_in_both_languages():
    classes = {"": FinanceModel, "products[]": ProductLine, "fixed_costs[]": FixedCost,
               "investment.equipment[]": Equipment, "investment.premises[]": Equipment,
               "investment": StartupInvestment, "funding": Funding, "funding.loans[]": Loan}
    declared = set(FINANCE["fields"])
    for prefix, cls in classes.items():
        for f in fields(cls):
            numeric = (isinstance(f.default, (int, float)) and not isinstance(f.default, bool)) \
                or f.name in ("declared_total", "monthly_volume_y1", "material_purchase_share")
            if not numeric:
                continue
            path = (f"{prefix}." if prefix else "") + f.name
            path += "[]" if f.name in ("monthly_volume_y1", "material_purchase_share") else ""
            assert path in declared, path
    for path, spec in FINANCE["fields"].items():
        for lang in ("vi", "en"):
            assert spec["label"] in catalog(lang), spec["label"]
        if spec["kind"] != "text":
            assert 0 <= spec["min"] < spec["max"], path


def test_the_ranges_are_realistic():
    assert field_spec("funding.loans[3].term_months")["max"] == 360
    assert field_spec("products[0].unit_price")["max"] == 10**12
    assert field_spec("products[1].monthly_volume_y1[11]")["max"] == 10**9
    assert all(s["max"] <= 10**13 for s in number_specs().values())


def test_every_number_field_of_the_forms_declares_its_range():
    for name in FORM_NAMES:
        for f in form_fields(load_form(name), True):
            if f["type"] in ("money", "integer"):
                assert f["max"] <= 10**15, f["id"]
    assert {f["id"]: f["max"] for f in form_fields(load_form("product_idea"))
            if f["type"] == "money"} == {"retail_price": 10**12}


@pytest.mark.parametrize("name", ["huong-ngan-tinh-dau-sa", "mien-dong-tai-hoan"])
def test_the_samples_are_within_every_bound(name):
    from ocop_kit.apps.business_plan import sample_path

    plan = load_plan(sample_path(name))
    assert not [i for i in check_inputs(plan.finance) if i.severity == "error"]


# --- regressions of the issue ---------------------------------------------------------------

def test_item_1_a_29_digit_price_is_refused_naming_the_field_and_the_draft_reopens(tmp_path):
    s = PlanState.from_sample("huong-ngan-tinh-dau-sa")
    error = s.set_field("products[0].unit_price", "1" * 29)
    assert error is not None
    assert error.message("vi") == "“Giá bán” quá lớn: tối đa 1.000.000.000.000 đ."
    assert error.message("en") == "“Selling price” is too large: at most 1,000,000,000,000 VND."
    ev = s.evaluate("vi")
    assert ev.result is None and ev.by_field["products[0].unit_price"] == [error.message("vi")]
    store = open_store(tmp_path / "d.sqlite")
    store.save_draft("HV01", "phuong-an-kinh-doanh", "d1", s.to_payload(), "t")
    back = PlanState.from_payload(store.load_draft("HV01", "phuong-an-kinh-doanh", "d1").payload)
    assert back.field_text("products[0].unit_price") == "1" * 29
    assert back.error_text("products[0].unit_price", "vi") == error.message("vi")
    assert back.set_field("products[0].unit_price", "1,5 triệu") is None  # and typing goes on
    assert back.evaluate().result is not None


@pytest.mark.parametrize("text", ["9" * 30, "1.000.000.000.000.000", "1" * 400])
def test_item_2_a_huge_monthly_volume_is_refused_and_saving_goes_on(text):
    s = PlanState.from_sample("huong-ngan-tinh-dau-sa")
    error = s.set_field("products[0].monthly_volume_y1[3]", text)
    assert (error is not None and "“Sản lượng bán từng tháng năm 1”" in error.message("vi")) \
        or error.key == "finance.number.invalid"
    assert s.evaluate().result is None
    json.dumps(s.to_payload(), allow_nan=False)  # what the autosave stores
    assert s.set_field("products[0].monthly_volume_y1[3]", "200") is None
    assert s.evaluate().result is not None


def test_item_6_a_100000_month_loan_is_refused_at_once():
    s = PlanState.from_sample("huong-ngan-tinh-dau-sa")
    started = time.perf_counter()
    error = s.set_field("funding.loans[0].term_months", "100000")
    ev = s.evaluate("en")
    assert time.perf_counter() - started < 1.0
    assert error.message("en") == "“Term (months)” must be between 1 and 360."
    assert ev.result is None


@pytest.mark.parametrize("term", [100_000, 10_000_000])
def test_a_stored_plan_with_an_endless_loan_never_reaches_the_arithmetic(term):
    model = FinanceModel(products=[ProductLine("Trà", "hộp", 100_000, 0, 0, 0, [1] * 12, 0, 0)],
                         funding=Funding(loans=[Loan("NH", 10**9, 9.0, term, 0, 1)]))
    started = time.perf_counter()
    with pytest.raises(PlanInputError) as info:
        compute(model)
    assert time.perf_counter() - started < 0.5
    assert issues_by_field(info.value.issues)["funding.loans[0].term_months"][0].key \
        == "finance.value_out_of_range"


def test_too_many_rows_are_refused_by_the_state_and_by_the_checks():
    s = PlanState()
    limit = row_limit("funding.loans")
    assert all(s.add_loan() >= 0 for _ in range(limit))
    assert s.add_loan() == -1 and len(s.plan.finance.funding.loans) == limit
    model = FinanceModel(products=[ProductLine("Trà", "hộp", 1, 0, 0, 0, [1] * 12, 0, 0)] * 50)
    assert issues_by_field(check_inputs(model))["products"][0].key == "finance.bounds.too_many_rows"


@pytest.mark.parametrize("form, field, text, vi", [
    ("product_idea", "retail_price", "2.000.000.000.000", "“Giá bán lẻ dự kiến (đồng)” quá lớn"),
    ("product_idea", "retail_price", "1" * 29, "“Giá bán lẻ dự kiến (đồng)” quá lớn"),
    ("product_idea", "market_size", "9" * 12, "“Quy mô thị trường dự kiến” quá lớn: tối đa 1.000.000.000."),
    ("business_plan", "members_count", "200.000", "“Số thành viên” quá lớn"),
])
def test_form_numbers_out_of_range_name_the_field(form, field, text, vi):
    messages = dict(check_form(load_form(form), {field: text}, "vi"))
    assert messages[field].startswith(vi), messages[field]
    assert "too large" in dict(check_form(load_form(form), {field: text}, "en"))[field]


# --- the property: anything typed anywhere ---------------------------------------------------

SPECIAL = ["NaN", "nan", "Infinity", "-inf", "1e999", "1E5", "\ud800", "\udfff9", "０１２", "٣٤٥",
           "1" * 29, "9" * 5000, "1.000.000.000.000.000.000 tỷ", "1,5 triệu", "−5", "12,5", "5 %",
           "150 %", "0", "", "   ", "1tr5", "\x00", "{\"a\": 1}", "[1, 2]", "9" * 60 + " triệu"]
numberish = st.lists(st.sampled_from([*list("0123456789.,  -−%"), "tr", "triệu", "tỷ", "k", "đ"]),
                     max_size=40).map("".join)
typed = st.one_of(st.text(max_size=300), numberish, st.sampled_from(SPECIAL),
                  st.integers().map(str), st.floats().map(str),
                  st.integers(min_value=0, max_value=10**40).map(lambda n: f"{n:,}".replace(",", ".")))
edits = st.lists(st.one_of(st.tuples(st.just("finance"), st.sampled_from(FINANCE_PATHS), typed),
                           st.tuples(st.sampled_from(FORM_NAMES), st.sampled_from(FORM_FIELDS), typed)),
                 min_size=1, max_size=10)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return open_store(tmp_path_factory.mktemp("bounds") / "drafts.sqlite")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edits)
def test_anything_typed_into_any_field_gives_a_value_or_a_message_and_the_draft_reopens(store, edits):
    s = full_state()
    for where, target, text in edits:
        if where == "finance":
            error = s.set_field(target, text)
            assert error is None or isinstance(error, MoneyInputError)
            if error is not None:
                assert error.message("vi") and error.message("en")
            assert len(s.field_text(target)) <= max(RAW_MAX, field_spec(target).get("max_length", 0))
        else:
            form, field_id = target
            s.set_form_value(form, field_id, text)
    for lang in ("vi", "en"):
        ev = s.evaluate(lang)
        assert all(isinstance(m, str) for msgs in ev.by_field.values() for m in msgs)
        for form in FORM_NAMES:
            s.form_problems(form, lang)
        s.summary(lang)
    payload = s.to_payload()
    store.save_draft("PROP01", "phuong-an-kinh-doanh", "prop", payload, s.title() or "x")
    back = PlanState.from_payload(store.load_draft("PROP01", "phuong-an-kinh-doanh", "prop").payload)
    assert back.load_error is None
    for path in FINANCE_PATHS:
        assert back.field_text(path) == s.field_text(path), path
    assert set(back.errors) == set(s.errors)
    assert back.plan.product_idea == s.plan.product_idea
    assert back.plan.business_plan == s.plan.business_plan
    back.evaluate("vi")


@settings(max_examples=300, deadline=None)
@given(form=st.sampled_from(FORM_NAMES), values=st.dictionaries(
    st.sampled_from(sorted({f for _n, f in FORM_FIELDS})), st.one_of(typed, st.integers(), st.floats(),
                                                                    st.none(), st.booleans()), max_size=8))
def test_the_form_checks_never_raise_whatever_the_values(form, values):
    for lang in ("vi", "en"):
        for _field_id, message in check_form(load_form(form), values, lang):
            assert isinstance(message, str) and message
            assert not re.search(r"\{\w+\}", message)  # every placeholder filled
