"""From a :class:`FinanceModel` to the SIYB-style tables: sales-and-cost plan per year,
cash-flow plan month by month in year 1, start-up capital, break-even, payback, loan schedules.

Rounding (documented for trainers and tests): the arithmetic is exact (fractions); every figure
reported is rounded to whole đồng, half up, once. Monthly figures of year 1 are split from the
rounded yearly figure so that the twelve months always add up to the year (largest remainder).
Loan interest is rounded month by month, as a bank does, and the yearly interest is the sum.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import InputError
from ..money import round_vnd
from .model import MONTHS, PLAN_YEARS, FinanceModel, Loan

__all__ = [
    "ProductYear", "YearResult", "MonthCash", "LoanPayment", "LoanSchedule", "PlanResult",
    "PlanInputError", "compute", "loan_schedule", "calendar_month",
]


class PlanInputError(InputError):
    """The model holds values that cannot be computed; ``issues`` says which fields."""

    def __init__(self, issues):
        super().__init__("finance.input_invalid", count=len(issues))
        self.issues = issues


@dataclass
class ProductYear:
    name: str
    volume: float
    revenue: int
    cost_of_goods: int
    gross_margin: int
    breakeven_volume: float | None  # this product's share of the year's break-even


@dataclass
class YearResult:
    """One column of the sales-and-cost plan (Kế hoạch doanh thu và chi phí)."""

    year: int
    volume: float
    revenue: int
    cost_of_goods: int  # variable costs of what was sold
    gross_margin: int  # revenue − cost of goods (contribution)
    fixed_costs: int  # cash fixed costs, without depreciation
    depreciation: int
    operating_profit: int  # gross margin − fixed costs − depreciation
    interest: int
    profit_before_tax: int
    tax: int
    net_profit: int
    principal_repaid: int
    # Break-even: the volume (in the year's sales mix) at which profit before tax is zero,
    # i.e. gross margin covers fixed costs + depreciation + interest. None when the product
    # makes no margin per unit (price at or below variable cost) or nothing is sold.
    breakeven_fixed: int = 0  # fixed costs + depreciation + interest
    breakeven_volume: float | None = None
    breakeven_revenue: int | None = None
    by_product: list = field(default_factory=list)  # list[ProductYear]


@dataclass
class MonthCash:
    """One column of the cash-flow plan (Kế hoạch dòng tiền), year 1."""

    month: int  # plan month 1–12
    calendar_year: int
    calendar_month: int
    opening: int
    sales: int
    funding: int  # own capital, members, grants, loan disbursements
    investment: int  # equipment and premises bought
    raw_material: int
    packaging_labour: int
    fixed_costs: int
    interest: int
    principal: int
    tax: int
    closing: int

    @property
    def cash_in(self) -> int:
        return self.sales + self.funding

    @property
    def cash_out(self) -> int:
        return (self.investment + self.raw_material + self.packaging_labour + self.fixed_costs
                + self.interest + self.principal + self.tax)


@dataclass
class LoanPayment:
    month: int  # plan month (may go beyond 36 for long loans)
    opening_balance: int
    interest: int
    principal: int
    closing_balance: int

    @property
    def payment(self) -> int:
        return self.interest + self.principal


@dataclass
class LoanSchedule:
    lender: str
    amount: int
    annual_rate_pct: float
    payments: list = field(default_factory=list)  # list[LoanPayment]

    def totals(self, first_month: int, last_month: int) -> tuple[int, int]:
        """(interest, principal) paid in plan months first_month..last_month."""
        rows = [p for p in self.payments if first_month <= p.month <= last_month]
        return sum(p.interest for p in rows), sum(p.principal for p in rows)


@dataclass
class PlanResult:
    years: list  # list[YearResult], years 1–3
    months: list  # list[MonthCash], plan months 1–12
    loan_schedules: list  # list[LoanSchedule], in the order of funding.loans
    total_investment: int  # equipment + premises + working capital
    fixed_assets: int  # equipment + premises
    funding_total: int
    funding_coverage_pct: float | None  # funding / investment × 100; None if no investment
    cash_low_point: int  # lowest closing balance of year 1 (may be negative)
    cash_low_month: int
    first_negative_month: int | None  # first month the cash balance is below zero
    additional_cash_needed: int  # how much more money keeps every month ≥ 0
    # Start-up capital needed: the largest cumulative shortfall of the business's own cash flow
    # (investment, sales, costs, tax; before any funding and loan payments), from opening cash.
    startup_capital_needed: int
    breakeven_month_y1: int | None  # plan month when year-1 sales reach year-1 break-even
    payback_months: int | None  # months until operating cash repays the investment; None > 36


def calendar_month(model: FinanceModel, month: int) -> tuple[int, int]:
    """Plan month (1-based) → (calendar year, calendar month)."""
    index = (model.start_month - 1) + (month - 1)
    return model.start_year + index // 12, index % 12 + 1


def _f(x) -> Fraction:
    return Fraction(str(x)) if isinstance(x, float) else Fraction(x)


def _allocate(total: int, weights) -> list[int]:
    """Split an integer total in proportion to weights; the parts add up to the total exactly."""
    weights = [_f(w) for w in weights]
    wsum = sum(weights)
    if wsum <= 0:
        weights, wsum = [Fraction(1)] * len(weights), Fraction(len(weights))
    shares = [total * w / wsum for w in weights]
    parts = [math.floor(s) for s in shares]
    left = total - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def loan_schedule(loan: Loan) -> LoanSchedule:
    """Interest-only during the grace period, then equal principal instalments.

    A term shorter than the grace period (or zero) is computed as if the principal were repaid
    in one instalment at the end of the term (month ``start_month`` for a zero term);
    :mod:`checks` reports such a loan as an error.
    """
    term = max(int(loan.term_months), 1)
    grace = min(max(int(loan.grace_months), 0), term - 1)
    repay = term - grace
    base, extra = divmod(int(loan.amount), repay)
    rate = _f(loan.annual_rate_pct) / 1200
    schedule = LoanSchedule(loan.lender, int(loan.amount), loan.annual_rate_pct)
    balance = int(loan.amount)
    for k in range(term):
        principal = 0
        if k >= grace:
            i = k - grace
            principal = base + (1 if i < extra else 0)
        interest = round_vnd(balance * rate)
        schedule.payments.append(
            LoanPayment(loan.start_month + k, balance, interest, principal, balance - principal))
        balance -= principal
    return schedule


def _year_months(year: int) -> tuple[int, int]:
    return (year - 1) * MONTHS + 1, year * MONTHS


def compute(model: FinanceModel) -> PlanResult:
    """All outputs of the financial plan. Raises :class:`PlanInputError` on invalid input."""
    from .checks import check_inputs

    errors = [i for i in check_inputs(model) if i.severity == "error"]
    if errors:
        raise PlanInputError(errors)

    schedules = [loan_schedule(loan) for loan in model.funding.loans]
    assets = model.investment.assets()
    fixed_yearly = sum(int(c.yearly_amount) for c in model.fixed_costs)
    tax_rate = _f(model.tax_rate_pct) / 100

    years, exact_margin = [], {}
    for year in range(1, PLAN_YEARS + 1):
        lines, revenue_x, cogs_x, margin_x, volume_x = [], 0, 0, 0, Fraction(0)
        for p in model.products:
            vol = _f(p.volume(year))
            rev, cogs = vol * p.unit_price, vol * p.unit_variable_cost
            lines.append((p, vol, rev, cogs))
            revenue_x, cogs_x, margin_x, volume_x = revenue_x + rev, cogs_x + cogs, margin_x + rev - cogs, volume_x + vol
        exact_margin[year] = margin_x
        revenue, cogs = round_vnd(revenue_x), round_vnd(cogs_x)
        gross = revenue - cogs
        depreciation = round_vnd(sum(_f(a.cost) / a.useful_life_years for a in assets
                                     if a.useful_life_years and year <= a.useful_life_years))
        first, last = _year_months(year)
        interest = sum(s.totals(first, last)[0] for s in schedules)
        principal = sum(s.totals(first, last)[1] for s in schedules)
        operating = gross - fixed_yearly - depreciation
        pbt = operating - interest
        tax = round_vnd(tax_rate * pbt) if pbt > 0 else 0
        be_fixed = fixed_yearly + depreciation + interest
        be_volume = be_revenue = None
        if margin_x > 0 and volume_x > 0:
            be_volume_x = be_fixed * volume_x / margin_x
            be_volume, be_revenue = float(be_volume_x), round_vnd(be_fixed * revenue_x / margin_x)
        by_product = []
        for p, vol, rev, cogs_p in lines:
            share = float(be_volume_x * vol / volume_x) if be_volume is not None else None
            by_product.append(ProductYear(p.name, float(vol) if vol.denominator != 1 else int(vol),
                                          round_vnd(rev), round_vnd(cogs_p),
                                          round_vnd(rev) - round_vnd(cogs_p), share))
        years.append(YearResult(
            year=year, volume=float(volume_x) if volume_x.denominator != 1 else int(volume_x),
            revenue=revenue, cost_of_goods=cogs, gross_margin=gross, fixed_costs=fixed_yearly,
            depreciation=depreciation, operating_profit=operating, interest=interest,
            profit_before_tax=pbt, tax=tax, net_profit=pbt - tax, principal_repaid=principal,
            breakeven_fixed=be_fixed, breakeven_volume=be_volume, breakeven_revenue=be_revenue,
            by_product=by_product))

    months = _cash_flow(model, years[0], schedules, fixed_yearly)
    closings = [m.closing for m in months]
    low = min(closings)
    low_month = closings.index(low) + 1
    negative = next((m.month for m in months if m.closing < 0), None)

    running, worst = model.opening_cash, model.opening_cash
    for m in months:
        running += m.sales - m.investment - m.raw_material - m.packaging_labour - m.fixed_costs - m.tax
        worst = min(worst, running)

    investment_total = model.investment.total
    funding_total = model.funding.total
    coverage = funding_total * 100 / investment_total if investment_total > 0 else None

    return PlanResult(
        years=years, months=months, loan_schedules=schedules,
        total_investment=investment_total, fixed_assets=model.investment.fixed_assets_total,
        funding_total=funding_total, funding_coverage_pct=coverage,
        cash_low_point=low, cash_low_month=low_month, first_negative_month=negative,
        additional_cash_needed=max(0, -low), startup_capital_needed=max(0, -worst),
        breakeven_month_y1=_breakeven_month(model, years[0]),
        payback_months=_payback(model, years, months),
    )


def _cash_flow(model, y1: YearResult, schedules, fixed_yearly) -> list[MonthCash]:
    products = model.products
    sales_w = [sum(_f(p.monthly_volume_y1[i]) * p.unit_price for p in products) for i in range(MONTHS)]
    sales = _allocate(y1.revenue, sales_w)
    # raw material follows the purchase season; packaging and labour follow sales
    material = [0] * MONTHS
    pack_w = [Fraction(0)] * MONTHS
    material_exact = sum(_f(p.volume(1)) * p.raw_material for p in products)
    pack_exact = sum(_f(p.volume(1)) * (p.packaging + p.labour) for p in products)
    material_total = round_vnd(material_exact)
    # the two cash lines add up to the year's cost of goods
    pack_total = y1.cost_of_goods - material_total
    mat_w = [Fraction(0)] * MONTHS
    for p in products:
        share = p.material_purchase_share
        vols = [_f(v) for v in p.monthly_volume_y1]
        weights = [_f(s) for s in share] if share and sum(_f(s) for s in share) > 0 else vols
        wsum = sum(weights)
        total_p = _f(p.volume(1)) * p.raw_material
        for i in range(MONTHS):
            if wsum:
                mat_w[i] += total_p * weights[i] / wsum
            pack_w[i] += vols[i] * (p.packaging + p.labour)
    if material_exact or pack_exact:
        material = _allocate(material_total, mat_w)
    packaging = _allocate(pack_total, pack_w)
    fixed = _allocate(fixed_yearly, [1] * MONTHS)

    f = model.funding
    upfront = int(f.own_capital) + int(f.members_contributions) + int(f.grants)
    rows, balance = [], int(model.opening_cash)
    for i in range(MONTHS):
        month = i + 1
        funding = (upfront if month == 1 else 0) + sum(
            int(loan.amount) for loan in f.loans if loan.start_month == month)
        interest = sum(s.totals(month, month)[0] for s in schedules)
        principal = sum(s.totals(month, month)[1] for s in schedules)
        cy, cm = calendar_month(model, month)
        row = MonthCash(
            month=month, calendar_year=cy, calendar_month=cm, opening=balance,
            sales=sales[i], funding=funding,
            investment=model.investment.fixed_assets_total if month == 1 else 0,
            raw_material=material[i], packaging_labour=packaging[i], fixed_costs=fixed[i],
            interest=interest, principal=principal, tax=y1.tax if month == MONTHS else 0, closing=0)
        row.closing = balance + row.cash_in - row.cash_out
        balance = row.closing
        rows.append(row)
    return rows


def _breakeven_month(model, y1: YearResult) -> int | None:
    """First plan month whose cumulative year-1 gross margin covers the year's break-even costs."""
    if y1.breakeven_volume is None:
        return None
    cumulative = Fraction(0)
    for i in range(MONTHS):
        cumulative += sum(_f(p.monthly_volume_y1[i]) * p.unit_margin for p in model.products)
        if cumulative >= y1.breakeven_fixed:
            return i + 1
    return None


def _payback(model, years, months) -> int | None:
    """Months until the cumulative operating cash (net profit + depreciation) repays the
    total investment. Year 1 uses the monthly cash flow; years 2–3 are spread evenly."""
    target = model.investment.total
    if target <= 0:
        return 0
    cumulative = Fraction(0)
    for m in months:
        cumulative += (m.sales - m.raw_material - m.packaging_labour - m.fixed_costs
                       - m.interest - m.tax)
        if cumulative >= target:
            return m.month
    for y in years[1:]:
        per_month = Fraction(y.net_profit + y.depreciation, MONTHS)
        for k in range(MONTHS):
            cumulative += per_month
            if cumulative >= target:
                return (y.year - 1) * MONTHS + k + 1
    return None
