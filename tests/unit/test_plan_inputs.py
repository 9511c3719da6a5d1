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
