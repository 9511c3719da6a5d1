"""Finance model against cases worked by hand (the arithmetic is written out in comments)."""
import json
import re
from pathlib import Path

import pytest

from ocop_kit.finance import (
    BusinessPlan,
    Equipment,
    FinanceModel,
    FixedCost,
    Funding,
    Loan,
    PlanFormatError,
    PlanInputError,
    ProductLine,
    StartupInvestment,
    check_inputs,
    check_plan,
    compute,
    issues_by_field,
    loan_schedule,
    plan_from_dict,
    plan_to_dict,
)
from ocop_kit.i18n import catalog


def one_product(**overrides) -> FinanceModel:
    """Price 50.000 đ; variable cost 20.000 + 5.000 + 5.000 = 30.000 đ; margin 20.000 đ/unit.
    100 units a month in year 1 (1.200), 1.500 in year 2, 1.800 in year 3.
    Fixed costs 12.000.000 đ/year (1.000.000 a month). Equipment 6.000.000 đ over 3 years
    (2.000.000 đ depreciation a year). Working capital 4.000.000 đ → investment 10.000.000 đ,
    funded by 10.000.000 đ own capital. Tax 20 % of positive profit. Plan starts 01/2025."""
    model = FinanceModel(
        products=[ProductLine("Trà", "hộp", 50000, 20000, 5000, 5000, [100] * 12, 1500, 1800)],
        fixed_costs=[FixedCost("Lương", 12000000, "salaries")],
        investment=StartupInvestment(equipment=[Equipment("Máy sao", 6000000, 3)],
                                     working_capital=4000000),
        funding=Funding(own_capital=10000000),
        tax_rate_pct=20.0, start_year=2025, start_month=1)
    for name, value in overrides.items():
        setattr(model, name, value)
    return model


def test_income_statement_by_hand():
    r = compute(one_product())
    y1, y2, y3 = r.years
    # year 1: revenue 1.200 × 50.000 = 60.000.000; cost of goods 1.200 × 30.000 = 36.000.000
    assert (y1.revenue, y1.cost_of_goods, y1.gross_margin) == (60000000, 36000000, 24000000)
    # operating = 24.000.000 − 12.000.000 − 2.000.000 = 10.000.000; tax 20 % = 2.000.000
    assert (y1.fixed_costs, y1.depreciation, y1.operating_profit) == (12000000, 2000000, 10000000)
    assert (y1.interest, y1.profit_before_tax, y1.tax, y1.net_profit) == (0, 10000000, 2000000, 8000000)
    # year 2: 1.500 units → revenue 75.000.000, margin 30.000.000, operating 16.000.000, net 12.800.000
    assert (y2.revenue, y2.gross_margin, y2.operating_profit, y2.net_profit) == (
        75000000, 30000000, 16000000, 12800000)
    # year 3: 1.800 units → margin 36.000.000, operating 22.000.000, tax 4.400.000, net 17.600.000
    assert (y3.gross_margin, y3.operating_profit, y3.tax, y3.net_profit) == (
        36000000, 22000000, 4400000, 17600000)


def test_breakeven_by_hand():
    r = compute(one_product())
    y1 = r.years[0]
    # (12.000.000 fixed + 2.000.000 depreciation + 0 interest) / 20.000 margin = 700 units
    assert y1.breakeven_fixed == 14000000
    assert y1.breakeven_volume == pytest.approx(700)
    assert y1.breakeven_revenue == 35000000  # 700 × 50.000
    # 2.000.000 margin a month: 14.000.000 covered at the end of month 7
    assert r.breakeven_month_y1 == 7
    assert y1.by_product[0].breakeven_volume == pytest.approx(700)


def test_cash_flow_by_hand():
    r = compute(one_product())
    m1, m2, m12 = r.months[0], r.months[1], r.months[11]
    # month 1: in 5.000.000 sales + 10.000.000 own capital;
    # out 6.000.000 equipment + 2.000.000 raw material + 1.000.000 packaging & labour + 1.000.000 fixed
    assert (m1.opening, m1.sales, m1.funding) == (0, 5000000, 10000000)
    assert (m1.investment, m1.raw_material, m1.packaging_labour, m1.fixed_costs) == (
        6000000, 2000000, 1000000, 1000000)
    assert m1.closing == 5000000
    # each later month: +5.000.000 − 4.000.000 = +1.000.000
    assert m2.closing == 6000000
    # month 12 also pays the year's tax (2.000.000): 15.000.000 + 1.000.000 − 2.000.000
    assert m12.tax == 2000000 and m12.closing == 14000000
    assert (m1.calendar_month, m1.calendar_year, m12.calendar_month) == (1, 2025, 12)
    assert r.cash_low_point == 5000000 and r.cash_low_month == 1
    assert r.first_negative_month is None and r.additional_cash_needed == 0
    # without any funding the business is 5.000.000 short after month 1 and never worse
    assert r.startup_capital_needed == 5000000
    # the largest shortfall (5.000.000) is below the 6.000.000 equipment: the cash flow needs
    # no working capital beyond it, so the total need is the equipment alone
    assert (r.working_capital_typed, r.working_capital_computed, r.total_investment) == (
        4000000, 0, 6000000)
    # operating cash 1.000.000 a month (month 1: 5.000.000 − 4.000.000) repays the 6.000.000
    # equipment in month 6
    assert r.payback_months == 6
    # 10.000.000 own capital in month 1 against a 6.000.000 need
    assert r.funding_coverage_pct == pytest.approx(10000000 * 100 / 6000000)


def test_cash_negative_warning_by_hand():
    model = one_product(funding=Funding(own_capital=0))
    r = compute(model)
    # month 1 without funding: 5.000.000 − 10.000.000 = −5.000.000, the lowest point
    assert r.first_negative_month == 1 and r.cash_low_point == -5000000
    assert r.additional_cash_needed == 5000000
    issues = check_plan(model, r)
    cash = [i for i in issues if i.key == "finance.cash_negative"]
    assert len(cash) == 1 and cash[0].field == "funding"
    assert cash[0].message("vi") == ("Tiền mặt bị âm từ tháng 1 (01/2025): cần thêm 5.000.000 đ nữa "
                                     "(thấp nhất ở tháng 1, 01/2025).")
    assert "you need 5,000,000 VND more" in cash[0].message("en")


def test_seasonal_raw_material_purchase():
    # raw material for the year (1.200 × 20.000 = 24.000.000) bought in months 1–2 only
    p = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 0, 0,
                    material_purchase_share=[1, 1] + [0] * 10)
    r = compute(one_product(products=[p]))
    assert [m.raw_material for m in r.months[:3]] == [12000000, 12000000, 0]
    assert sum(m.raw_material + m.packaging_labour for m in r.months) == r.years[0].cost_of_goods
    # month 1: 5.000.000 + 10.000.000 − 6.000.000 − 12.000.000 − 1.000.000 − 1.000.000 = −5.000.000
    assert r.months[0].closing == -5000000
    # month 2: −5.000.000 + 5.000.000 − 12.000.000 − 1.000.000 − 1.000.000 = −14.000.000
    assert r.cash_low_point == -14000000 and r.cash_low_month == 2


def test_loan_schedule_by_hand():
    # 12.000.000 at 12 %/year = 1 % a month; 6 months with 2 months' grace → 4 × 3.000.000
    s = loan_schedule(Loan("Ngân hàng", 12000000, 12.0, 6, 2, 1))
    assert [p.month for p in s.payments] == [1, 2, 3, 4, 5, 6]
    assert [p.principal for p in s.payments] == [0, 0, 3000000, 3000000, 3000000, 3000000]
    assert [p.interest for p in s.payments] == [120000, 120000, 120000, 90000, 60000, 30000]
    assert s.payments[-1].closing_balance == 0
    assert s.totals(1, 12) == (540000, 12000000)


def test_loan_remainder_and_interest_in_results():
    # 10.000.001 over 3 equal whole-đồng instalments, the remainder in the last one:
    # 3.333.333 + 3.333.333 + 3.333.335
    s = loan_schedule(Loan("Quỹ", 10000001, 0.0, 3, 0, 1))
    assert [p.principal for p in s.payments] == [3333333, 3333333, 3333335]
    model = one_product(funding=Funding(own_capital=10000000,
                                        loans=[Loan("Ngân hàng", 12000000, 12.0, 6, 2, 1)]))
    r = compute(model)
    y1 = r.years[0]
    assert y1.interest == 540000 and y1.principal_repaid == 12000000
    # profit before tax 10.000.000 − 540.000 = 9.460.000; tax 1.892.000
    assert (y1.profit_before_tax, y1.tax, y1.net_profit) == (9460000, 1892000, 7568000)
    assert r.months[0].funding == 22000000 and r.months[2].principal == 3000000
    # break-even now also covers interest: 14.540.000 / 20.000 = 727 units
    assert y1.breakeven_volume == pytest.approx(727)


def test_depreciation_stops_after_useful_life():
    model = one_product(investment=StartupInvestment(equipment=[Equipment("Máy", 6000000, 2)]))
    assert [y.depreciation for y in compute(model).years] == [3000000, 3000000, 0]


def test_calendar_months_cross_the_year():
    r = compute(one_product(start_month=11, start_year=2026))
    assert [(m.calendar_month, m.calendar_year) for m in r.months[:3]] == [
        (11, 2026), (12, 2026), (1, 2027)]


def test_no_margin_means_no_breakeven_and_a_warning():
    p = ProductLine("Rượu", "chai", 25000, 20000, 5000, 5000, [100] * 12, 100, 100)
    model = one_product(products=[p])
    r = compute(model)
    assert r.years[0].breakeven_volume is None and r.breakeven_month_y1 is None
    issues = check_plan(model, r)
    below = [i for i in issues if i.key == "finance.price_below_cost"]
    assert below and below[0].field == "products[0].unit_price"
    assert "25.000 đ" in below[0].message("vi") and "30.000 đ" in below[0].message("vi")
    assert any(i.key == "finance.net_loss" for i in issues)


def test_funding_coverage_and_mismatch():
    # the need peaks in month 1 (6.000.000 equipment − 1.000.000 operating cash = 5.000.000;
    # total need 6.000.000); the members' 3.000.000 arrive only in month 4
    model = one_product(funding=Funding(own_capital=3000000, members_contributions=3000000,
                                        grants=2000000, members_month=4, declared_total=9000000))
    issues = check_plan(model)
    cover = next(i for i in issues if i.key == "finance.funding_coverage")
    # available by month 1: 3.000.000 + 2.000.000 = 5.000.000 of 6.000.000 = 83 %
    assert "83 %" in cover.message("vi") and "1.000.000 đ" in cover.message("vi")
    assert "tháng 1" in cover.message("vi")
    assert "83 % of the total need" in cover.message("en")
    mismatch = next(i for i in issues if i.key == "finance.funding_sum_mismatch")
    assert mismatch.field == "funding.declared_total"
    assert "1.000.000 đ" in mismatch.message("vi")


def test_bad_inputs_are_tied_to_fields_and_block_compute():
    p = ProductLine("Trà", "hộp", "abc", -5, 0, 0, [100] * 11, 0, 0)
    model = one_product(products=[p],
                        funding=Funding(loans=[Loan("NH", 1000000, 9.0, 0, 0, 1),
                                               Loan("NH2", 1000000, 9.0, 6, 6, 40)]),
                        start_month=13)
    issues = check_inputs(model)
    by_field = issues_by_field(issues)
    assert by_field["products[0].unit_price"][0].key == "finance.value_not_number"
    assert by_field["products[0].raw_material"][0].key == "finance.value_negative"
    assert by_field["products[0].monthly_volume_y1"][0].key == "finance.volumes_need_12"
    assert by_field["funding.loans[0].term_months"][0].key == "finance.loan_term_zero"
    assert by_field["funding.loans[1].grace_months"][0].key == "finance.loan_grace_too_long"
    assert by_field["funding.loans[1].start_month"][0].key == "finance.value_out_of_range"
    assert by_field["start_month"][0].message("vi") == "“Tháng bắt đầu” phải từ 1 đến 12."
    assert all(i.severity == "error" for i in issues)
    with pytest.raises(PlanInputError) as info:
        compute(model)
    assert len(info.value.issues) == len(issues)
    assert check_plan(model) == issues  # no result warnings on an invalid plan


def test_serialize_round_trip_keeps_what_was_typed():
    plan = BusinessPlan(title="Thử", product_idea={"product_name": "Trà"},
                        finance=one_product(funding=Funding(loans=[Loan("NH", 5, 9.0, 12, 0, 1)])))
    plan.finance.products[0].unit_price = "50 nghìn?"  # typed, not yet valid: must survive
    data = json.loads(json.dumps(plan_to_dict(plan), ensure_ascii=False))
    assert data["schema_version"] == 1
    back = plan_from_dict(data)
    assert back == plan
    assert isinstance(back.finance.funding.loans[0], Loan)
    with pytest.raises(PlanFormatError):
        plan_from_dict({**data, "schema_version": 99})
    with pytest.raises(PlanFormatError):
        plan_from_dict([1, 2])


def test_every_finance_key_used_in_code_exists_in_both_catalogs():
    root = Path(__file__).resolve().parents[2] / "ocop_kit"
    sources = [root / "money.py", root / "forms_check.py", *sorted((root / "finance").glob("*.py"))]
    used = set()
    for path in sources:
        used |= set(re.findall(r'"((?:finance|forms)\.[a-z0-9_]+\.?[a-z0-9_.]*)"',
                               path.read_text(encoding="utf-8")))
    used.discard("finance.total_investment")  # a model path in form data, not a message
    vi, en = catalog("vi"), catalog("en")
    assert used and not (used - set(vi)) and not (used - set(en))
    mine_vi = {k for k in vi if k.startswith(("finance.", "forms."))}
    mine_en = {k for k in en if k.startswith(("finance.", "forms."))}
    assert mine_vi == mine_en
