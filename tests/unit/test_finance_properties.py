"""Properties that must hold for any valid plan (hypothesis)."""
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ocop_kit.finance import (Equipment, FinanceModel, FixedCost, Funding, Loan, ProductLine,
                              StartupInvestment, compute, loan_schedule)

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


@settings(max_examples=80, deadline=None)
@given(models())
def test_closing_cash_is_opening_plus_inflows_minus_outflows(model):
    r = compute(model)
    assert r.months[0].opening == model.opening_cash
    for m in r.months:
        assert m.closing == m.opening + m.cash_in - m.cash_out
    for before, after in zip(r.months, r.months[1:]):
        assert after.opening == before.closing
    assert r.cash_low_point == min(m.closing for m in r.months)
    assert r.additional_cash_needed == max(0, -r.cash_low_point)


@settings(max_examples=80, deadline=None)
@given(models())
def test_months_add_up_to_year_one(model):
    r = compute(model)
    y1 = r.years[0]
    assert sum(m.sales for m in r.months) == y1.revenue
    assert sum(m.raw_material + m.packaging_labour for m in r.months) == y1.cost_of_goods
    assert sum(m.fixed_costs for m in r.months) == y1.fixed_costs
    assert sum(m.interest for m in r.months) == y1.interest
    assert sum(m.principal for m in r.months) == y1.principal_repaid
    for y in r.years:
        assert y.net_profit == y.operating_profit - y.interest - y.tax
        assert y.tax >= 0


@settings(max_examples=80, deadline=None)
@given(models())
def test_breakeven_volume_times_unit_margin_is_fixed_costs(model):
    r = compute(model)
    for y in r.years:
        if y.breakeven_volume is None:
            continue
        vols = [Fraction(str(p.volume(y.year))) for p in model.products]
        margin = sum(v * p.unit_margin for v, p in zip(vols, model.products))
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
    assert max(repaid) - min(repaid) <= 1  # equal principal, to the đồng
