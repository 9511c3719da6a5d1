"""A draft that cannot brick (issue 10): whatever a stored draft holds — wrong types, huge
numbers, NaN and Infinity, nested junk, missing keys — reopens through the apps' state
classes: values of the wrong shape come back as text with their message, and the draft can
be saved again; a payload that is no plan at all opens empty and says so."""
from __future__ import annotations

import json
import sqlite3

import pytest

from ocop_kit.apps.assessment import Assessment
from ocop_kit.apps.business_plan import APP_ID, IDEA_APP_ID, PlanState
from ocop_kit.errors import InputError
from ocop_kit.finance.bounds import row_limit
from ocop_kit.services import summarize_payloads as summarize
from ocop_kit.storage import open_store

NESTED = json.loads("[" * 60 + "]" * 60)
HUGE = 10**40

PLAN_PAYLOADS = {
    "nothing": None,
    "a list": [1, 2, 3],
    "a text": "hello",
    "a number": 42,
    "empty": {},
    "plan is a list": {"plan": [1]},
    "plan is a text": {"plan": "x"},
    "too new": {"plan": {"schema_version": 99}},
    "version is text": {"plan": {"schema_version": "one"}},
    "finance is a list": {"plan": {"finance": []}},
    "products is a text": {"plan": {"finance": {"products": "abc"}}},
    "rows of junk": {"plan": {"finance": {"products": [5, None, "x", [], {"name": "ok"}]}}},
    "wrong types everywhere": {"plan": {
        "title": {"a": 1}, "illustrative": "yes", "lang": 7,
        "product_idea": {"product_name": ["a", "b"], "retail_price": 1e300, "producer_type": {"x": 1}},
        "business_plan": ["not", "a", "dict"],
        "finance": {
            "start_year": "2025", "start_month": None, "tax_rate_pct": [20], "opening_cash": True,
            "products": [{"name": {"x": 1}, "unit": 5, "unit_price": NESTED, "raw_material": -5,
                          "monthly_volume_y1": "abc", "volume_y2": {"k": "v"},
                          "material_purchase_share": 7}],
            "fixed_costs": [{"yearly_amount": "nhiều", "category": ["rent"]}],
            "investment": {"equipment": {"cost": 1}, "premises": [{"cost": "1,5 tỷ",
                                                                   "useful_life_years": 0.5}],
                           "working_capital": []},
            "funding": {"loans": [{"amount": HUGE, "term_months": 10**7, "grace_months": -1,
                                   "annual_rate_pct": "9 %", "start_month": 99}],
                        "declared_total": "abc"}}},
        "raw": {"products[0].unit_price": {"x": 1}, "products[99].unit_price": "5",
                "nonsense": 3, "products[0].name": 5, "funding.loans[0].amount": "9" * 5000}},
    "huge numbers": {"plan": {"finance": {"products": [{
        "name": "Trà", "unit_price": HUGE, "monthly_volume_y1": [HUGE] * 40, "volume_y2": 1e308}],
        "funding": {"loans": [{"amount": 10**9, "term_months": 100_000}]}}}},
    "raw is a list": {"plan": {}, "raw": ["products[0].unit_price"]},
    "too many rows": {"plan": {"finance": {"products": [{"name": f"p{i}"} for i in range(5000)]}}},
}
# NaN and Infinity cannot be written through the store (it refuses them); an older kit or a
# hand edit could have put them there, so they are written into the database directly.
NAN_PAYLOAD = ('{"plan": {"finance": {"products": [{"name": "Trà", "unit_price": NaN, '
               '"volume_y2": Infinity, "monthly_volume_y1": [-Infinity, 1, 2]}], '
               '"tax_rate_pct": NaN}}, "raw": {"products[0].labour": NaN}}')


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "drafts.sqlite")


def stored(store, tmp_path, app, draft_id, payload=None, raw_json=None):
    """Put a payload in the database, bypassing the store's checks when needed."""
    store.save_draft("HV01", app, draft_id, {"placeholder": True}, "t")
    text = raw_json if raw_json is not None else json.dumps(payload)
    with sqlite3.connect(tmp_path / "drafts.sqlite") as conn:
        conn.execute("UPDATE drafts SET payload = ? WHERE draft_id = ?", (text, draft_id))
    return store.load_draft("HV01", app, draft_id)


def reopen_and_resave(store, app, draft) -> PlanState:
    state = PlanState.from_payload(draft.payload)
    for lang in ("vi", "en"):
        state.evaluate(lang)
        state.form_problems("product_idea", lang)
        state.form_problems("business_plan", lang)
        state.summary(lang)
        state.title(lang)
    saved = store.save_draft("HV01", app, draft.draft_id + "-again", state.to_payload(), "t")
    again = PlanState.from_payload(saved.payload)
    assert again.to_payload() == state.to_payload()  # a second round trip changes nothing
    return state


@pytest.mark.parametrize("app", [APP_ID, IDEA_APP_ID])
@pytest.mark.parametrize("name", list(PLAN_PAYLOADS))
def test_any_stored_plan_payload_reopens_and_saves_again(store, tmp_path, app, name):
    draft = stored(store, tmp_path, app, "d1", PLAN_PAYLOADS[name])
    state = reopen_and_resave(store, app, draft)
    if name in ("too new", "version is text", "plan is a text", "plan is a list"):
        assert state.load_error is not None and state.is_blank()
        assert state.load_error.message("vi") and state.load_error.message("en")
    else:
        assert state.load_error is None
    assert len(state.plan.finance.products) <= row_limit("products")


def test_nan_and_infinity_come_back_as_text_with_their_message(store, tmp_path):
    draft = stored(store, tmp_path, APP_ID, "nan", raw_json=NAN_PAYLOAD)
    state = reopen_and_resave(store, APP_ID, draft)
    assert state.field_text("products[0].unit_price") == "NaN"
    assert state.field_text("products[0].volume_y2") == "Infinity"
    assert state.field_text("products[0].monthly_volume_y1[0]") == "-Infinity"
    assert state.field_text("products[0].monthly_volume_y1[3]") == "0"  # padded to 12 months
    ev = state.evaluate("vi")
    assert ev.by_field["products[0].unit_price"] == [
        "“Giá bán”: không đọc được số tiền “NaN”. Ví dụ cách nhập: 1.500.000, 1,5 triệu, 45k."]
    assert ev.by_field["products[0].labour"]  # the raw NaN typed there is read as text
    assert ev.result is None


def test_wrong_shapes_are_shown_back_and_can_be_fixed(store, tmp_path):
    draft = stored(store, tmp_path, APP_ID, "w", PLAN_PAYLOADS["wrong types everywhere"])
    state = reopen_and_resave(store, APP_ID, draft)
    assert state.field_text("products[0].unit_price") == '{"x": 1}'  # the raw text wins
    assert state.field_text("products[0].volume_y2") == '{"k": "v"}'
    assert state.field_text("funding.loans[0].amount").startswith("9999")
    assert "quá lớn" in state.error_text("funding.loans[0].amount", "vi")
    ev = state.evaluate("en")
    assert "between 1 and 360" in " ".join(ev.by_field["funding.loans[0].term_months"])
    assert state.plan.product_idea["product_name"] == "['a', 'b']"
    assert state.plan.finance.investment.premises[0].cost == 1_500_000_000  # stored text, read
    assert state.plan.business_plan == {}
    # every bad box can be typed over, and the plan computes again
    fixes = {"start_year": "2025", "start_month": "1", "tax_rate_pct": "0", "opening_cash": "0",
             "products[0].unit_price": "50.000", "products[0].raw_material": "0",
             "products[0].volume_y2": "10", "fixed_costs[0].yearly_amount": "1 triệu",
             "investment.premises[0].useful_life_years": "5", "investment.working_capital": "0",
             "funding.loans[0].amount": "10 triệu", "funding.loans[0].term_months": "12",
             "funding.loans[0].grace_months": "0", "funding.loans[0].annual_rate_pct": "9",
             "funding.loans[0].start_month": "1", "funding.declared_total": ""}
    for m in range(12):
        fixes[f"products[0].monthly_volume_y1[{m}]"] = "10"
    fixes["products[0].material_purchase_share[0]"] = "1"
    for path, text in fixes.items():
        assert state.set_field(path, text) is None, (path, state.error_text(path, "en"))
    ev = state.evaluate("vi")
    assert ev.result is not None, ev.by_field


ASSESSMENT_PAYLOADS = {
    "nothing": None, "a list": [1], "empty": {}, "rubric is a number": {"rubric": 5},
    "rubric is long": {"rubric": "x" * 10_000},
    "unknown rubric": {"rubric": "qd-9999"},
    "unknown set": {"rubric": "qd1048-2019", "set": "không có"},
    "parts of the wrong shape": {"rubric": "qd1048-2019", "set": "che-tuoi-che-bien",
                                 "info": ["x"], "answers": "abc", "cases": [1], "evidence": 5,
                                 "facts": [True], "target": 10**40, "user_name": {"a": 1},
                                 "label": ["l"], "date": 20240101},
    "junk values": {"rubric": "qd1048-2019", "set": "che-tuoi-che-bien",
                    "answers": {"A.1.1": {"x": 1}, "A.1.2": HUGE, "nope": 3, "A.1.3": None},
                    "cases": {"A.3.2": 10**30, "A.1.1": "1"}, "evidence": {"A.1.1": 5},
                    "facts": {"food_safety_certificate": "yes"}, "info": {"product": NESTED}},
}


@pytest.mark.parametrize("name", list(ASSESSMENT_PAYLOADS))
def test_any_stored_assessment_reopens_or_says_why(store, tmp_path, name):
    draft = stored(store, tmp_path, "tu-danh-gia", "a1", ASSESSMENT_PAYLOADS[name])
    try:
        model = Assessment.from_payload(draft.payload, user_code="HV01", draft_id="a1")
    except InputError as exc:
        assert exc.message("vi") and exc.message("en")
        return
    model.result()
    model.summary("vi")
    json.dumps(model.to_payload(), allow_nan=False)
    assert all(code in model.cset.by_code() for code in model.answers)


def test_a_class_with_unreadable_drafts_still_shows_the_others():
    good = {"rubric": "qd1048-2019", "set": "che-tuoi-che-bien", "answers": {}}
    payloads = [(f"BK19-{i:02d}", good) for i in range(5)]
    payloads += [(f"BK19-{i}", p) for i, p in enumerate(ASSESSMENT_PAYLOADS.values(), start=50)]
    summary = summarize("BK19", payloads)
    assert summary.size >= 5 and summary.shown
    assert summary.skipped >= len(ASSESSMENT_PAYLOADS) - 2
