"""Issue 11: inputs and messages: every message names its field, whole numbers take their
unit, money that reads two ways says so, the volume grid echoes what it read."""
import pytest

from ocop_kit.apps.business_plan import PlanState


@pytest.fixture
def state():
    s = PlanState()
    s.add_loan()
    return s


@pytest.mark.parametrize("path, typed, words", [
    ("funding.loans[0].annual_rate_pct", "-9", "“Lãi suất (%/năm)” không được âm"),
    ("products[0].unit_price", "-5", "“Giá bán” không được âm"),
    ("products[0].monthly_volume_y1[2]", "-5", "“Sản lượng bán từng tháng năm 1” không được âm"),
    ("funding.loans[0].term_months", "2,5", "“Thời hạn vay (tháng)” cần một số nguyên"),
    ("products[0].credit_share_pct", "150", "“Phần bán chịu (%)” phải từ 0 đến 100 %"),
    ("funding.grants_month", "abc", "“Tháng nhận hỗ trợ”: không đọc được “abc”"),
])
def test_every_message_names_its_field(state, path, typed, words):
    err = state.set_field(path, typed)
    assert err is not None and words in err.message("vi")
    assert "Số lượng" not in err.message("vi")


def test_whole_number_fields_take_months_and_years(state):
    assert state.set_field("funding.loans[0].term_months", "36 tháng") is None
    assert state.plan.finance.funding.loans[0].term_months == 36
    assert state.set_field("funding.loans[0].term_months", "3 năm") is None
    assert state.plan.finance.funding.loans[0].term_months == 36
    state.add_asset("equipment")
    assert state.set_field("investment.equipment[0].useful_life_years", "10 năm") is None
    assert state.plan.finance.investment.equipment[0].useful_life_years == 10
    assert state.set_field("products[0].credit_days", "30 ngày") is None
    assert state.plan.finance.products[0].credit_days == 30


def test_percent_fields_take_the_sign(state):
    for typed in ("50%", "50 %"):
        assert state.set_field("products[0].credit_share_pct", typed) is None
        assert state.plan.finance.products[0].credit_share_pct == 50


def test_money_that_reads_two_ways_says_so(state):
    assert state.set_field("funding.own_capital", "1,500 triệu") is None
    shown = state.parsed_text("funding.own_capital", "vi")
    assert shown.startswith("1.500.000 đ") and "1.500.000.000 đ" in shown
    assert state.set_field("funding.own_capital", "1,5 tỷ") is None
    assert state.parsed_text("funding.own_capital", "vi") == "1.500.000.000 đ"


def test_spoken_money_in_a_price_field(state):
    assert state.set_field("products[0].unit_price", "45k/gói") is None
    assert state.plan.finance.products[0].unit_price == 45000
    assert state.set_field("funding.grants", "2 triệu rưỡi") is None
    assert state.plan.finance.funding.grants == 2500000


def test_production_grid_starts_as_made_when_sold(state):
    state.set_field("products[0].monthly_volume_y1[0]", "100")
    assert state.set_field("products[0].monthly_production_y1[1]", "50") is None
    assert state.plan.finance.products[0].monthly_production_y1[:2] == [100, 50]


# --- issue 9: the model holds only what could be read; issue 13: safe edits, status ------

def test_unreadable_text_leaves_none_in_the_model_and_the_text_in_raw(state):
    err = state.set_field("products[0].unit_price", "abc")
    assert err is not None
    assert state.plan.finance.products[0].unit_price is None
    assert state.raw["products[0].unit_price"] == "abc"
    assert state.evaluate().result is None


def test_no_typed_text_in_any_number_field_of_the_model():
    from ocop_kit.apps.business_plan import get_path, number_paths

    s = PlanState.from_sample("mien-dong-tai-hoan")
    for path, typed in [("products[0].unit_price", "abc"), ("funding.loans[0].term_months", "x"),
                        ("products[1].monthly_volume_y1[3]", "-1"), ("tax_rate_pct", "12,5%")]:
        s.set_field(path, typed)
    values = [get_path(s.plan.finance, p) for p in number_paths(s.plan.finance)]
    assert not [v for v in values if isinstance(v, str)]
    assert s.plan.finance.tax_rate_pct == 12.5


def test_a_stated_total_that_cannot_be_read_blocks_the_result():
    s = PlanState.from_sample("huong-ngan-tinh-dau-sa")
    s.set_field("funding.declared_total", "khoảng 1 tỷ?")
    assert s.plan.finance.funding.declared_total is None
    assert s.evaluate().result is None
    assert s.summary() == "Kế hoạch tài chính còn ô chưa hợp lệ"


def test_a_stored_draft_with_text_in_a_number_field_reads_it_as_typed():
    payload = PlanState.from_sample("huong-ngan-tinh-dau-sa").to_payload()
    payload["plan"]["finance"]["products"][0]["unit_price"] = "70k"
    payload["plan"]["finance"]["products"][0]["labour"] = "lots"
    back = PlanState.from_payload(payload)
    assert back.plan.finance.products[0].unit_price == 70_000
    assert back.plan.finance.products[0].labour is None
    assert back.field_text("products[0].labour") == "lots"


def test_a_removed_row_comes_back_where_it_was_with_its_typed_text():
    s = PlanState.from_sample("mien-dong-tai-hoan")
    names = [p.name for p in s.plan.finance.products]
    s.set_field("products[0].unit_price", "45k")
    s.set_field("products[1].unit_price", "abc")
    removed = s.remove_product(0)
    assert removed.name == names[0]
    assert [p.name for p in s.plan.finance.products] == names[1:]
    assert s.raw.get("products[0].unit_price") == "abc"
    assert s.restore(removed)
    assert [p.name for p in s.plan.finance.products] == names
    assert s.raw["products[0].unit_price"] == "45k" and s.raw["products[1].unit_price"] == "abc"
    assert list(s.errors) == ["products[1].unit_price"]


def test_assets_and_loans_come_back_too():
    s = PlanState.from_sample("huong-ngan-tinh-dau-sa")
    loans = list(s.plan.finance.funding.loans)
    removed = s.remove_loan(0)
    assert s.plan.finance.funding.loans == loans[1:]
    s.restore(removed)
    assert s.plan.finance.funding.loans == loans
    i = s.add_asset("premises")
    before = list(s.plan.finance.investment.premises)
    s.set_field(f"investment.premises[{i}].cost", "200 triệu")
    removed = s.remove_asset("premises", i)
    assert len(s.plan.finance.investment.premises) == len(before) - 1
    assert f"investment.premises[{i}].cost" not in s.raw
    s.restore(removed)
    assert s.plan.finance.investment.premises[i].cost == 200_000_000
    assert s.raw[f"investment.premises[{i}].cost"] == "200 triệu"


def test_a_row_cannot_come_back_into_a_full_list():
    from ocop_kit.finance.bounds import row_limit

    s = PlanState()
    s.add_loan()
    removed = s.remove_loan(0)
    while s.add_loan() != -1:
        pass
    assert len(s.plan.finance.funding.loans) == row_limit("funding.loans")
    assert s.restore(removed) is False


def test_required_fields_filled_and_cash_low_point():
    from ocop_kit.apps.business_plan import cash_low, required_filled

    filled, total = required_filled("product_idea", {})
    assert filled == 0 and total > 5
    assert required_filled("product_idea", {"product_name": "Miến", "core_value": " "})[0] == 1
    s = PlanState.from_sample("mien-dong-tai-hoan")
    result = s.evaluate().result
    low = cash_low(result)
    assert low.amount == result.cash_low_point == min(m.closing for m in result.months)
    assert 1 <= low.plan_month <= 36 and 1 <= low.calendar_month <= 12
