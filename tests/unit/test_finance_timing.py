"""Issue 11: the plan tells a seasonal cooperative the truth about its cash.

Cases worked by hand on the one-product plan of test_finance (price 50.000 đ, variable cost
20.000 + 5.000 + 5.000, 100 units a month, fixed costs 1.000.000 a month, equipment 6.000.000
in month 1, own capital 10.000.000, tax 20 %)."""
import json
from importlib import resources
from pathlib import Path

import pytest

from ocop_kit.finance import Funding, Loan, ProductLine, check_plan, compute, load_plan
from ocop_kit.finance.taxes import household_rate_pct, regime, regime_summary, tax_data
from ocop_kit.finance.whatif import SCENARIOS, apply, compare

from .test_finance import one_product

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "plans"


def keys(model):
    return [i.key for i in check_plan(model)]


# --- production, stock, credit, supplier credit, funding months -----------------------------

def test_production_season_pays_packaging_and_labour_when_made():
    # all 1.200 units made in month 1: packaging + labour 1.200 × 10.000 = 12.000.000 then
    p = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 1200, 1200,
                    monthly_production_y1=[1200] + [0] * 11)
    r = compute(one_product(products=[p]))
    m1 = r.months[0]
    assert (m1.raw_material, m1.packaging_labour) == (24000000, 12000000)
    # month 1: 0 + 10.000.000 + 5.000.000 − 6.000.000 − 36.000.000 − 1.000.000 = −28.000.000
    assert m1.closing == -28000000
    assert r.months[1].raw_material == r.months[1].packaging_labour == 0
    assert r.stocks[0].finished[:3] == [1100, 1000, 900]
    # profit is the same as when made month by month: cost of goods follows what is sold
    same = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 1200, 1200)
    assert [y.net_profit for y in r.years] == [
        y.net_profit for y in compute(one_product(products=[same])).years]
    # year 2 makes its 1.200 units in its first month again
    assert r.months[12].packaging_labour == 12000000


def test_selling_before_making_warns_with_the_month():
    p = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 1200, 1200,
                    monthly_production_y1=[0] * 11 + [1200])
    r = compute(one_product(products=[p]))
    assert r.stocks[0].first_short_month == 1
    issue = next(i for i in check_plan(one_product(products=[p]), r)
                 if i.key == "finance.stock_negative")
    assert issue.field == "products[0].monthly_production_y1"
    assert "tháng 1 (01/2025)" in issue.message("vi")


def test_raw_material_bought_after_use_warns():
    p = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 1200, 1200,
                    material_purchase_share=[0] * 11 + [1])
    model = one_product(products=[p])
    r = compute(model)
    assert r.stocks[0].first_material_late_month == 1
    assert "finance.material_after_use" in keys(model)


def test_half_the_sales_on_30_days_credit():
    p = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 1200, 1200,
                    credit_share_pct=50, credit_days=30)
    r = compute(one_product(products=[p]))
    # month 1 receives half of 5.000.000; every later month half of this month + half of last
    assert [m.sales for m in r.months[:3]] == [2500000, 5000000, 5000000]
    # half of month 36 is still owed at the end
    assert r.receivables_end == 2500000
    assert r.months[0].closing == 5000000 - 2500000


def test_45_days_credit_splits_between_two_months():
    p = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 1200, 1200,
                    credit_share_pct=100, credit_days=45)
    r = compute(one_product(products=[p]))
    # 1,5 months: half of month 1's sales in month 2, half in month 3
    assert [m.sales for m in r.months[:3]] == [0, 2500000, 5000000]


def test_supplier_credit_delays_raw_material_and_packaging_not_labour():
    model = one_product(supplier_credit_days=30)
    r = compute(model)
    # month 1 pays only labour (500.000); month 2 pays month 1's materials and packaging
    assert (r.months[0].raw_material, r.months[0].packaging_labour) == (0, 500000)
    assert (r.months[1].raw_material, r.months[1].packaging_labour) == (2000000, 1000000)
    # month 36 (year 3: 150 units) is owed at the end: 150 × 25.000
    assert r.payables_end == 3750000


def test_grant_month_moves_the_money_not_the_profit():
    early = one_product(funding=Funding(own_capital=2000000, grants=8000000))
    late = one_product(funding=Funding(own_capital=2000000, grants=8000000, grants_month=6))
    a, b = compute(early), compute(late)
    assert a.months[0].funding == 10000000 and b.months[0].funding == 2000000
    assert b.months[5].funding == 8000000
    assert b.cash_low_point == a.cash_low_point - 8000000
    assert [y.net_profit for y in a.years] == [y.net_profit for y in b.years]


# --- working capital, coverage, repayment ---------------------------------------------------

def test_working_capital_from_the_cash_flow_and_the_warning_when_it_differs():
    # a harvest purchase: the year's raw material (24.000.000) in month 1
    p = ProductLine("Miến", "gói", 50000, 20000, 5000, 5000, [100] * 12, 1200, 1200,
                    material_purchase_share=[1] + [0] * 11)
    model = one_product(products=[p])
    r = compute(model)
    # month 1: 5.000.000 − 6.000.000 − 24.000.000 − 1.000.000 − 1.000.000 = −27.000.000, worst
    assert r.startup_capital_needed == 27000000 and r.need_month == 1
    assert (r.working_capital_typed, r.working_capital_computed) == (4000000, 21000000)
    assert r.total_investment == 27000000
    issue = next(i for i in check_plan(model, r) if i.key == "finance.working_capital_differs")
    assert "4.000.000 đ" in issue.message("vi") and "21.000.000 đ" in issue.message("vi")
    # coverage: 10.000.000 own capital by month 1 of a 27.000.000 need
    assert r.funding_coverage_pct == pytest.approx(10000000 * 100 / 27000000)


def test_opening_cash_counts_as_a_source():
    model = one_product(opening_cash=5000000, funding=Funding(own_capital=1000000))
    r = compute(model)
    assert r.sources_by_need == 6000000
    assert r.funding_coverage_pct == pytest.approx(100)


def test_repayment_capacity_names_the_failing_month():
    # 60.000.000 loan in month 1, repaid over 6 months from month 1 (no grace): 10.000.000 a
    # month of principal against 1.000.000 operating cash
    loan = Loan("NH", 60000000, 0.0, 6, 0, 1)
    model = one_product(funding=Funding(own_capital=0, loans=[loan]))
    r = compute(model)
    # month 1: 60.000.000 + 5.000.000 − 6.000.000 − 4.000.000 − 10.000.000 = 45.000.000; then
    # −9.000.000 a month: 36, 27, 18, 9, 0 → never negative
    assert r.repayment_fail_month is None and r.repayment_low_point == 0
    # 20.000.000 over 2 months: month 1 20 + 5 − 6 − 4 − 10 = 5.000.000; month 2
    # 5 + 5 − 4 − 10 = −4.000.000: the second instalment fails
    short = Loan("NH", 20000000, 0.0, 2, 0, 1)
    model = one_product(funding=Funding(own_capital=0, loans=[short]))
    r = compute(model)
    assert r.repayment_fail_month == 2 and r.repayment_low_point == -4000000
    issue = next(i for i in check_plan(model, r) if i.key == "finance.repayment_fails")
    assert "tháng 2 (02/2025)" in issue.message("vi")
    # year 1 debt service 20.000.000 against net profit 8.000.000 + depreciation 2.000.000
    assert r.dscr[0] == pytest.approx(10000000 / 20000000)
    assert "finance.dscr_low" in [i.key for i in check_plan(model, r)]


# --- growth, drawings, cooperative allocation ------------------------------------------------

def test_price_and_cost_growth_from_year_two():
    r = compute(one_product(price_growth_pct=10, cost_growth_pct=5))
    y2 = r.years[1]
    # year 2: 1.500 × 55.000 = 82.500.000; variable cost 1.500 × 31.500 = 47.250.000;
    # fixed costs 12.600.000
    assert (y2.revenue, y2.cost_of_goods, y2.fixed_costs) == (82500000, 47250000, 12600000)
    assert r.years[0].revenue == 60000000


def test_drawings_and_distribution_are_cash_not_costs():
    base = compute(one_product())
    r = compute(one_product(owner_drawings_monthly=300000, coop_distribution_pct=50))
    assert [y.net_profit for y in r.years] == [y.net_profit for y in base.years]
    assert r.months[0].drawings == 300000
    # half of year 1's net profit (8.000.000) paid to members in month 15
    assert r.months[14].drawings == 300000 + 4000000


# --- taxes as data ---------------------------------------------------------------------------

def test_tax_data_matches_its_schema_and_says_what_is_unverified():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((resources.files("ocop_kit") / "schemas" / "tax_regimes.schema.json")
                        .read_text("utf-8"))
    data = tax_data()
    jsonschema.validate(data, schema)
    for src in [s for r in data["regimes"] for s in r["sources"]] + data["vat"]["sources"]:
        assert src["verified"] or "cần kiểm tra" in src["law"], src
    assert data["checked"] and "hộ kinh doanh" in data["changing_note"]["vi"]


def test_household_tax_on_revenue_paid_monthly():
    p = ProductLine("Trà", "hộp", 50000, 20000, 5000, 5000, [300] * 12, 3600, 3600)
    model = one_product(products=[p], tax_regime="household", household_activity="production")
    r = compute(model)
    assert household_rate_pct("production") == 4.5
    # 4,5 % × 180.000.000 = 8.100.000, paid month by month (675.000)
    assert r.years[0].tax == 8100000 and r.months[0].tax == 675000
    assert "finance.tax_household_changing" in keys(model)
    assert "4,5" in regime_summary(model, "vi") or "GTGT 3 %" in regime_summary(model, "vi")


def test_household_under_the_threshold_pays_nothing():
    p = ProductLine("Trà", "hộp", 50000, 20000, 5000, 5000, [10] * 12, 100, 100)
    assert regime("household")["exempt_revenue_up_to"] == 100000000
    assert compute(one_product(products=[p], tax_regime="household")).years[0].tax == 0


def test_profit_tax_carries_losses_forward():
    # year 1 makes a loss of 6.000.000 (fixed costs 30.000.000), year 2 a profit
    from ocop_kit.finance import FixedCost
    model = one_product(fixed_costs=[FixedCost("Lương", 30000000)])
    y1, y2, _ = compute(model).years
    # y1: 24.000.000 − 30.000.000 − 2.000.000 = −8.000.000; y2: 30.000.000 − 32.000.000 = −2.000.000
    assert (y1.profit_before_tax, y2.profit_before_tax) == (-8000000, -2000000)
    model.fixed_costs = [FixedCost("Lương", 20000000)]
    y1, y2, y3 = compute(model).years
    # y1 −22.000.000+24.000.000 = 2.000.000... with 20.000.000: 24 − 20 − 2 = 2.000.000 profit
    assert y1.profit_before_tax == 2000000 and y1.tax == 400000
    model.fixed_costs = [FixedCost("Lương", 27000000)]
    y1, y2, y3 = compute(model).years
    # y1: 24 − 27 − 2 = −5.000.000 (no tax); y2: 30 − 27 − 2 = 1.000.000, all offset by the
    # loss; y3: 36 − 27 − 2 = 7.000.000 less the 4.000.000 left → taxed on 3.000.000 = 600.000
    assert (y1.profit_before_tax, y2.profit_before_tax, y3.profit_before_tax) == (
        -5000000, 1000000, 7000000)
    assert (y1.tax, y2.tax, y3.tax) == (0, 0, 600000)


def test_vat_inside_prices_is_not_revenue_and_is_paid_the_next_month():
    model = one_product(vat_rate_pct=10, prices_include_vat=True,
                        products=[ProductLine("Trà", "hộp", 55000, 20000, 5000, 5000,
                                              [100] * 12, 1200, 1200)])
    r = compute(model)
    # revenue 1.200 × 55.000 / 1,1 = 60.000.000; customers pay 5.500.000 a month
    assert r.years[0].revenue == 60000000 and r.months[0].sales == 5500000
    assert r.months[0].vat == 0 and r.months[1].vat == 500000
    excl = compute(one_product(vat_rate_pct=10, prices_include_vat=False))
    assert excl.years[0].revenue == 60000000 and excl.months[0].sales == 5500000


def test_regime_is_shown_on_every_document():
    import io

    from openpyxl import load_workbook

    from ocop_kit.finance.export_xlsx import export_xlsx
    from ocop_kit.reports.plan_html import financial_tables

    plan = load_plan(SAMPLES / "mien-dong-tai-hoan.json")
    plan.finance.tax_regime = "household"
    summary = regime_summary(plan.finance, "vi")
    wb = load_workbook(io.BytesIO(export_xlsx(plan, "vi")))
    texts = [c.value for row in wb.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    assert summary in texts
    assert any("Thông tư 40/2021/TT-BTC" in x for x in texts)
    html = financial_tables(plan.finance, compute(plan.finance), "vi")
    assert summary.replace("+", "+") in html.replace("&amp;", "&")


# --- teaching warnings -----------------------------------------------------------------------

def test_zero_sales_zero_price_and_loss_in_every_year_each_teach():
    nothing = ProductLine("Trà", "hộp", 50000, 20000, 5000, 5000, [0] * 12, 0, 0)
    assert "finance.no_sales" in keys(one_product(products=[nothing]))
    free = ProductLine("Trà", "hộp", 0, 20000, 5000, 5000, [100] * 12, 100, 100)
    found = check_plan(one_product(products=[free]))
    zero = next(i for i in found if i.key == "finance.zero_price")
    assert zero.field == "products[0].unit_price" and "giá bán bằng 0" in zero.message("vi")
    assert "finance.price_below_cost" not in [i.key for i in found]
    assert "finance.loss_all_years" in [i.key for i in found]


def test_capacity_check_year_three():
    p = ProductLine("Trà", "hộp", 50000, 20000, 5000, 5000, [100] * 12, 1500, 1800,
                    capacity_per_year=1600)
    issue = next(i for i in check_plan(one_product(products=[p]))
                 if i.key == "finance.capacity_exceeded")
    assert issue.field == "products[0].capacity_per_year"
    assert "1.800" in issue.message("vi") and "1.600" in issue.message("vi")


def test_breakeven_month_both_ways_and_per_line():
    r = compute(one_product())
    # break-even revenue 14.000.000 / 0,4 = 35.000.000 → cumulative sales reach it in month 7
    assert r.years[0].breakeven_revenue == 35000000 and r.breakeven_month_y1 == 7
    # profit to date: 2.000.000 contribution − 1.166.667 fixed and depreciation a month ≥ 0 from month 1
    assert r.profit_month_y1 == 1
    two = one_product(products=[ProductLine("10 ml", "chai", 50000, 20000, 5000, 5000, [100] * 12, 0, 0),
                                ProductLine("50 ml", "chai", 200000, 80000, 10000, 10000, [10] * 12, 0, 0)])
    y1 = compute(two).years[0]
    assert [round(p.breakeven_volume) for p in y1.by_product] == [467, 47]


# --- the two samples with their own timing -----------------------------------------------------

def test_samples_show_the_corrected_low_points():
    noodles = load_plan(SAMPLES / "mien-dong-tai-hoan.json").finance
    oil = load_plan(SAMPLES / "huong-ngan-tinh-dau-sa.json").finance
    assert noodles.funding.grants_month == 6 and noodles.products[0].credit_share_pct == 30
    assert noodles.products[0].monthly_production_y1[4:] == [0] * 8  # made Nov–Feb
    a, b = compute(noodles), compute(oil)
    # the kit showed −114.170.000 before; with the story's timing the need is far larger
    assert (a.cash_low_point, a.cash_low_month) == (-561220000, 2)
    assert a.working_capital_computed == 661220000 and a.total_investment == 1641220000
    # the next harvest purchase squeezes year 2 as well
    assert a.months[13].closing < 0
    assert (b.cash_low_point, b.cash_low_month) == (-76778669, 5)
    assert "finance.cash_negative" in keys(oil)


# --- what-if ---------------------------------------------------------------------------------

def test_what_if_scenarios_against_the_base():
    model = load_plan(SAMPLES / "mien-dong-tai-hoan.json").finance
    rows = compare(model)
    assert [r.key for r in rows] == ["finance.whatif.base"] + [f"finance.whatif.{s}" for s in SCENARIOS]
    _base, price, _volume, material, grant = rows
    # the sample's grant comes in month 6, after the low point (month 2): 6 months later it
    # only moves a later month down; profit never moves
    assert apply(model, "grant_late").funding.grants_month == 12
    assert grant.low_point_change == 0 and grant.net_profit_change == 0
    early = apply(model, "grant_late")
    early.funding.grants_month = 1
    assert compare(early, ["grant_late"])[1].low_point_change == -100000000
    assert price.net_profit_change < 0 and material.low_point_change < 0
    assert apply(model, "price_down").products[0].unit_price == 40500
    assert apply(model, "material_up").products[1].raw_material == 44200
    assert apply(model, "volume_down").products[0].monthly_volume_y1[0] == 2000
    assert model.products[0].unit_price == 45000  # the base plan is not changed


def test_breakeven_chart_of_a_product_mix_is_against_revenue():
    from ocop_kit.finance.charts import breakeven_figure

    r = compute(load_plan(SAMPLES / "huong-ngan-tinh-dau-sa.json").finance)
    ax = breakeven_figure(r, 1, "vi").axes[0]
    assert ax.get_xlabel() == "Doanh thu (triệu đồng)"
    texts = [x.get_text() for x in ax.texts]
    assert any(x == "Hòa vốn: 318 triệu đồng doanh thu" for x in texts), texts
    one = compute(one_product())
    assert "Sản lượng" in breakeven_figure(one, 1, "vi").axes[0].get_xlabel()
