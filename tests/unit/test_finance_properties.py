"""Properties that must hold for any valid plan (hypothesis), over all 36 months."""
import copy
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ocop_kit.finance import (
    Equipment,
    FinanceModel,
    FixedCost,
    Funding,
    Loan,
    ProductLine,
    StartupInvestment,
    check_plan,
    compute,
    loan_schedule,
)
from ocop_kit.finance.compute import HORIZON

money = st.integers(min_value=0, max_value=500_000)
volume = st.integers(min_value=0, max_value=5_000)


@st.composite
def products(draw):
    kg = draw(st.booleans())  # some products are sold by the kg, with fractional volumes
    vol = st.floats(min_value=0, max_value=2_000, allow_nan=False).map(lambda v: round(v, 1)) \
        if kg else volume
    share = draw(st.one_of(st.none(), st.lists(st.integers(0, 5), min_size=12, max_size=12)))
    return ProductLine(
        name="p", unit="kg" if kg else "gói", unit_price=draw(money), raw_material=draw(money),
        packaging=draw(st.integers(0, 50_000)), labour=draw(st.integers(0, 50_000)),
        monthly_volume_y1=draw(st.lists(vol, min_size=12, max_size=12)),
        volume_y2=draw(vol), volume_y3=draw(vol), material_purchase_share=share)


@st.composite
def loans(draw):
    term = draw(st.integers(1, 60))
    return Loan("NH", draw(st.integers(0, 2_000_000_000)),
                draw(st.floats(0, 30, allow_nan=False).map(lambda r: round(r, 2))),
                term, draw(st.integers(0, term - 1)), draw(st.integers(1, 12)))


@st.composite
def models(draw):
    return FinanceModel(
        products=draw(st.lists(products(), min_size=1, max_size=3)),
        fixed_costs=[FixedCost("c", a) for a in draw(st.lists(st.integers(0, 10**9), max_size=3))],
        investment=StartupInvestment(
            equipment=[Equipment("e", c, life) for c, life in draw(st.lists(
                st.tuples(st.integers(0, 10**9), st.integers(1, 15)), max_size=2))],
            working_capital=draw(st.integers(0, 10**9))),
        funding=Funding(own_capital=draw(st.integers(0, 10**9)),
                        members_contributions=draw(st.integers(0, 10**9)),
                        grants=draw(st.integers(0, 10**8)),
                        loans=draw(st.lists(loans(), max_size=2))),
        tax_rate_pct=draw(st.sampled_from([0.0, 10.0, 20.0])),
        opening_cash=draw(st.integers(0, 10**8)),
        start_month=draw(st.integers(1, 12)))


twelve = st.lists(st.integers(0, 5), min_size=12, max_size=12)


@st.composite
def timing(draw, model):
    """The same plan with only its timing changed: production season, purchase season,
    credit sales, supplier credit, the month each source arrives."""
    timed = copy.deepcopy(model)
    for p in timed.products:
        p.material_purchase_share = draw(st.one_of(st.none(), twelve))
        p.monthly_production_y1 = draw(st.one_of(st.none(), twelve.map(
            lambda w, p=p: [sum(p.monthly_volume_y1) * x / (sum(w) or 1) for x in w])))
        p.credit_share_pct = draw(st.sampled_from([0, 30, 50, 100]))
        p.credit_days = draw(st.integers(0, 120))
    timed.supplier_credit_days = draw(st.integers(0, 90))
    f = timed.funding
    f.own_capital_month, f.members_month, f.grants_month = (draw(st.integers(1, 36)) for _ in range(3))
    return timed


@st.composite
def timed_models(draw):
    return draw(timing(draw(models())))


@settings(max_examples=80, deadline=None)
@given(timed_models())
def test_closing_cash_is_opening_plus_inflows_minus_outflows(model):
    r = compute(model)
    assert len(r.months) == HORIZON == 36
    assert r.months[0].opening == model.opening_cash
    for m in r.months:
        assert m.closing == m.opening + m.cash_in - m.cash_out
    for before, after in zip(r.months, r.months[1:], strict=False):
        assert after.opening == before.closing
    assert r.cash_low_point == min(m.closing for m in r.months)
    assert r.additional_cash_needed == max(0, -r.cash_low_point)


@settings(max_examples=80, deadline=None)
@given(models())
def test_months_add_up_to_each_year_without_timing(model):
    r = compute(model)
    for y in r.years:
        months = r.months[(y.year - 1) * 12:y.year * 12]
        bought_as_sold = all(p.material_purchase_share is None for p in model.products)
        assert sum(m.sales for m in months) == y.revenue
        if bought_as_sold:
            assert sum(m.raw_material + m.packaging_labour for m in months) == y.cost_of_goods
        assert sum(m.fixed_costs for m in months) == y.fixed_costs
        assert sum(m.interest for m in months) == y.interest
        assert sum(m.principal for m in months) == y.principal_repaid
        assert sum(m.tax for m in months) == y.tax
        assert y.net_profit == y.operating_profit - y.interest - y.tax
        assert y.tax >= 0


@settings(max_examples=60, deadline=None)
@given(timed_models())
def test_every_dong_sold_is_received_or_still_owed(model):
    r = compute(model)
    assert sum(m.sales for m in r.months) + r.receivables_end == sum(y.revenue for y in r.years)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_profit_is_unchanged_by_timing_only_changes(data):
    model = data.draw(models())
    timed = data.draw(timing(model))
    base, moved = compute(model), compute(timed)
    assert [y.net_profit for y in moved.years] == [y.net_profit for y in base.years]
    assert [y.revenue for y in moved.years] == [y.revenue for y in base.years]
    assert [y.breakeven_revenue for y in moved.years] == [y.breakeven_revenue for y in base.years]


@settings(max_examples=60, deadline=None)
@given(timed_models())
def test_stock_is_never_negative_without_a_warning(model):
    r = compute(model)
    keys = {(i.key, i.field) for i in check_plan(model, r)}
    for n, stock in enumerate(r.stocks):
        assert len(stock.finished) == len(stock.raw) == 36
        if min(stock.finished) < -1e-9:
            assert ("finance.stock_negative", f"products[{n}].monthly_production_y1") in keys
        if min(stock.raw) < -1e-9:
            assert ("finance.material_after_use", f"products[{n}].material_purchase_share") in keys
    for i in check_plan(model, r):
        if i.key == "finance.stock_negative":
            assert min(r.stocks[int(i.field[9:].split("]")[0])].finished) < 0


@settings(max_examples=60, deadline=None)
@given(timed_models())
def test_computed_need_is_the_largest_shortfall_and_drives_the_total(model):
    r = compute(model)
    running, worst = 0, 0
    for m in r.months:
        running += m.operating - m.investment
        worst = min(worst, running)
    assert r.startup_capital_needed == -worst
    assert r.total_investment == r.fixed_assets + r.working_capital_computed
    assert r.total_investment >= r.startup_capital_needed


@settings(max_examples=80, deadline=None)
@given(models())
def test_breakeven_volume_times_unit_margin_is_fixed_costs(model):
    r = compute(model)
    for y in r.years:
        if y.breakeven_volume is None:
            continue
        vols = [Fraction(str(p.volume(y.year))) for p in model.products]
        margin = sum(v * p.unit_margin for v, p in zip(vols, model.products, strict=True))
        unit_margin = margin / sum(vols)  # per unit of the year's sales mix
        assert abs(y.breakeven_volume * float(unit_margin) - y.breakeven_fixed) <= \
            max(1.0, 1e-9 * y.breakeven_fixed)


@settings(max_examples=120, deadline=None)
@given(loans())
def test_loan_principal_repaid_sums_to_the_loan(loan):
    s = loan_schedule(loan)
    assert len(s.payments) == loan.term_months
    assert sum(p.principal for p in s.payments) == loan.amount
    assert s.payments[-1].closing_balance == 0
    assert all(p.principal == 0 for p in s.payments[:loan.grace_months])
    assert all(p.closing_balance >= 0 and p.interest >= 0 for p in s.payments)
    repaid = [p.principal for p in s.payments[loan.grace_months:]]
    # equal whole-đồng instalments, the remainder in the last one
    assert len(set(repaid[:-1])) <= 1
    assert repaid[-1] == loan.amount - sum(repaid[:-1]) and repaid[-1] >= repaid[0]
