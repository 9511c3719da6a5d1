"""From a :class:`FinanceModel` to the SIYB-style tables: sales-and-cost plan per year,
cash-flow plan month by month over 36 months, stock, start-up capital computed from the cash
flow, break-even, payback, repayment capacity, loan schedules.

Profit is accrual: revenue and variable costs (biến phí) of what was *sold* in the year.
Cash is timing: customers pay when they pay (credit share and days), raw material is paid
when bought (after supplier credit), packaging and labour when the goods are made, each
funding source in its month. Timing-only inputs change the cash, never the profit.

Rounding (documented for trainers and tests): the arithmetic is exact (fractions); every figure
reported is rounded to whole đồng, half up, once. Monthly figures are split from the rounded
yearly figure so that the months always add up to the year (largest remainder); a split of a
month's amount (cash now / on credit) keeps its whole đồng. Loan interest is rounded month by
month, as a bank does, and the yearly interest is the sum.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import InputError
from ..money import round_vnd
from .model import MONTHS, PLAN_YEARS, FinanceModel, Loan

__all__ = [
    "ProductYear", "YearResult", "MonthCash", "ProductStock", "LoanPayment", "LoanSchedule",
    "PlanResult", "PlanInputError", "compute", "loan_schedule", "calendar_month", "HORIZON",
]

HORIZON = MONTHS * PLAN_YEARS


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
    """One column of the cash-flow plan (Kế hoạch dòng tiền), plan months 1–36."""

    month: int  # plan month 1–36
    calendar_year: int
    calendar_month: int
    opening: int
    sales: int  # cash received from customers (VAT included when charged)
    funding: int  # own capital, members, grants, loan disbursements
    investment: int  # equipment and premises bought
    raw_material: int  # raw material paid (when bought, after supplier credit)
    packaging_labour: int  # packaging and labour paid (when produced)
    fixed_costs: int
    interest: int
    principal: int
    tax: int  # income tax (household: on revenue, monthly; profit tax: year end)
    closing: int
    vat: int = 0  # VAT collected and paid over to the tax office (the month after)
    drawings: int = 0  # owner's drawings / members' pay / profit paid out to members

    @property
    def year(self) -> int:
        return (self.month - 1) // MONTHS + 1

    @property
    def cash_in(self) -> int:
        return self.sales + self.funding

    @property
    def cash_out(self) -> int:
        return (self.investment + self.raw_material + self.packaging_labour + self.fixed_costs
                + self.interest + self.principal + self.tax + self.vat + self.drawings)

    @property
    def operating(self) -> int:
        """Cash from running the business: no investment, funding or loan principal."""
        return (self.sales - self.raw_material - self.packaging_labour - self.fixed_costs
                - self.interest - self.tax - self.vat - self.drawings)


@dataclass
class ProductStock:
    """Units in stock at the end of each plan month (finished goods; raw material counted in
    units of product it will make). A negative value means the plan sells (or makes) what it
    has not made (or bought) yet: the checks warn and name the month."""

    name: str
    finished: list  # 36 values
    raw: list  # 36 values
    first_short_month: int | None = None  # finished goods below zero
    first_material_late_month: int | None = None  # raw material used before it is bought


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
    months: list  # list[MonthCash], plan months 1–36
    loan_schedules: list  # list[LoanSchedule], in the order of funding.loans
    # Tổng nhu cầu vốn: equipment + premises + the working capital computed from the cash flow
    total_investment: int
    fixed_assets: int  # equipment + premises
    funding_total: int  # own capital + members + grants + loans
    funding_coverage_pct: float | None  # sources available by the month of need ÷ need × 100
    cash_low_point: int  # lowest closing balance over 36 months (may be negative)
    cash_low_month: int
    first_negative_month: int | None  # first month the cash balance is below zero
    additional_cash_needed: int  # how much more money keeps every month ≥ 0
    # The largest cumulative shortfall of the business's own cash flow (investment, sales,
    # costs, interest, tax, drawings; before funding and loan principal), over 36 months.
    startup_capital_needed: int
    breakeven_month_y1: int | None  # plan month when cumulative sales reach the year's break-even revenue
    payback_months: int | None  # months until operating cash repays the fixed assets; None > 36
    working_capital_typed: int = 0  # what the trainee wrote
    working_capital_computed: int = 0  # from the cash flow
    need_month: int = 1  # month of the largest cumulative shortfall
    sources_by_need: int = 0  # opening cash + sources arrived by need_month
    profit_month_y1: int | None = None  # first month year-to-date profit before tax ≥ 0
    stocks: list = field(default_factory=list)  # list[ProductStock]
    receivables_end: int = 0  # sold on credit, not yet paid at the end of month 36
    payables_end: int = 0  # owed to suppliers at the end of month 36
    repayment_low_point: int | None = None  # lowest closing cash in a month with a loan payment
    repayment_low_month: int | None = None
    repayment_fail_month: int | None = None  # first month with a loan payment and cash < 0
    dscr: list = field(default_factory=list)  # debt-service cover per year (None: no payments)

    @property
    def months_y1(self) -> list:
        return self.months[:MONTHS]


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
    """Interest-only during the grace period, then equal whole-đồng principal instalments with
    the remainder in the last one.

    A term shorter than the grace period (or zero) is computed as if the principal were repaid
    in one instalment at the end of the term (month ``start_month`` for a zero term);
    :mod:`checks` reports such a loan as an error.
    """
    term = max(int(loan.term_months), 1)
    grace = min(max(int(loan.grace_months), 0), term - 1)
    repay = term - grace
    base = int(loan.amount) // repay
    rate = _f(loan.annual_rate_pct) / 1200
    schedule = LoanSchedule(loan.lender, int(loan.amount), loan.annual_rate_pct)
    balance = int(loan.amount)
    for k in range(term):
        principal = 0
        if k >= grace:
            principal = balance if k == term - 1 else base
        interest = round_vnd(balance * rate)
        schedule.payments.append(
            LoanPayment(loan.start_month + k, balance, interest, principal, balance - principal))
        balance -= principal
    return schedule


def _year_months(year: int) -> tuple[int, int]:
    return (year - 1) * MONTHS + 1, year * MONTHS


def _growth(pct, year: int) -> Fraction:
    return (1 + _f(pct) / 100) ** (year - 1)


def _weights(values) -> list:
    """Twelve non-negative weights; all zero (or missing) → even."""
    w = [_f(v) for v in values] if values is not None else []
    return w if len(w) == MONTHS and sum(w) > 0 else [Fraction(1)] * MONTHS


def _shift(amount: int, month: int, days, out: list) -> int:
    """Put ``amount`` paid ``days`` after ``month`` into ``out`` (a 30-day month; a part-month
    is split between the two months by whole đồng). Returns what falls after month 36."""
    d = _f(days) / 30
    k = math.floor(d)
    frac = d - k
    late = 0
    for offset, part in zip((k, k + 1), _allocate(amount, [1 - frac, frac]) if frac else [amount, 0],
                            strict=True):
        target = month + offset
        if part and target <= HORIZON:
            out[target - 1] += part
        else:
            late += part
    return late


class _Lines:
    """Exact per-product, per-month volumes and money over the 36 months."""

    def __init__(self, model: FinanceModel):
        self.model = model
        vat = _f(model.vat_rate_pct) / 100 if _f(model.vat_rate_pct) > 0 else Fraction(0)
        self.vat = vat
        self.net_price = Fraction(1) / (1 + vat) if model.prices_include_vat else Fraction(1)
        self.sold, self.made, self.bought = [], [], []  # per product: 36 exact unit counts
        for p in model.products:
            sw = _weights(p.monthly_volume_y1)
            pw = _weights(p.monthly_production_y1) if p.monthly_production_y1 is not None else sw
            bw = _weights(p.material_purchase_share) if p.material_purchase_share is not None else None
            sold, made, bought = [], [], []
            for year in range(1, PLAN_YEARS + 1):
                if year == 1:
                    s_y = [_f(v) for v in p.monthly_volume_y1]
                    m_y = ([_f(v) for v in p.monthly_production_y1]
                           if p.monthly_production_y1 is not None else list(s_y))
                else:
                    vol = _f(p.volume(year))
                    s_y = [vol * w / sum(sw) for w in sw]
                    m_y = [vol * w / sum(pw) for w in pw] if p.monthly_production_y1 is not None \
                        else list(s_y)
                made_total = sum(m_y)
                b_y = [made_total * w / sum(bw) for w in bw] if bw is not None else list(m_y)
                sold += s_y
                made += m_y
                bought += b_y
            self.sold.append(sold)
            self.made.append(made)
            self.bought.append(bought)

    def price(self, p, year):
        return p.unit_price * _growth(self.model.price_growth_pct, year) * self.net_price

    def cost(self, value, year):
        return value * _growth(self.model.cost_growth_pct, year)


def compute(model: FinanceModel) -> PlanResult:
    """All outputs of the financial plan. Raises :class:`PlanInputError` on invalid input."""
    from .checks import check_inputs
    from .taxes import household_rate_pct, regime

    errors = [i for i in check_inputs(model) if i.severity == "error"]
    if errors:
        raise PlanInputError(errors)

    schedules = [loan_schedule(loan) for loan in model.funding.loans]
    assets = model.investment.assets()
    fixed_base = sum(int(c.yearly_amount) for c in model.fixed_costs)
    lines = _Lines(model)
    tax_info = regime(model.tax_regime)
    basis = tax_info["basis"]
    household_rate = _f(household_rate_pct(model.household_activity)) / 100
    threshold = int(tax_info.get("exempt_revenue_up_to", 0))
    carry_years = int(tax_info.get("loss_carry_forward_years", 0))
    losses: list[list[int]] = []  # [year, amount left]

    years = []
    for year in range(1, PLAN_YEARS + 1):
        first, last = _year_months(year)
        lines_y, revenue_x, cogs_x, volume_x = [], Fraction(0), Fraction(0), Fraction(0)
        for i, p in enumerate(model.products):
            vol = sum(lines.sold[i][first - 1:last])
            unit_cost = lines.cost(p.unit_variable_cost, year)
            rev, cogs = vol * lines.price(p, year), vol * unit_cost
            lines_y.append((p, vol, rev, cogs))
            revenue_x, cogs_x, volume_x = revenue_x + rev, cogs_x + cogs, volume_x + vol
        margin_x = revenue_x - cogs_x
        revenue, cogs = round_vnd(revenue_x), round_vnd(cogs_x)
        gross = revenue - cogs
        fixed_yearly = round_vnd(fixed_base * _growth(model.cost_growth_pct, year))
        depreciation = round_vnd(sum(_f(a.cost) / a.useful_life_years for a in assets
                                     if a.useful_life_years and year <= a.useful_life_years))
        interest = sum(s.totals(first, last)[0] for s in schedules)
        principal = sum(s.totals(first, last)[1] for s in schedules)
        operating = gross - fixed_yearly - depreciation
        pbt = operating - interest
        if basis == "profit":
            taxable = pbt
            if pbt > 0:
                for entry in losses:
                    if year - entry[0] <= carry_years and taxable > 0:
                        used = min(entry[1], taxable)
                        entry[1] -= used
                        taxable -= used
            elif pbt < 0:
                losses.append([year, -pbt])
            tax = round_vnd(_f(model.tax_rate_pct) / 100 * taxable) if taxable > 0 else 0
        elif basis == "revenue":
            tax = round_vnd(household_rate * revenue) if revenue > threshold else 0
        else:
            tax = 0
        be_fixed = fixed_yearly + depreciation + interest
        be_volume = be_revenue = None
        if margin_x > 0 and volume_x > 0:
            be_volume_x = be_fixed * volume_x / margin_x
            be_volume, be_revenue = float(be_volume_x), round_vnd(be_fixed * revenue_x / margin_x)
        by_product = []
        for p, vol, rev, cogs_p in lines_y:
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

    cash = _cash_flow(model, lines, years, schedules, basis)
    months = cash["months"]
    closings = [m.closing for m in months]
    low = min(closings)
    low_month = closings.index(low) + 1
    negative = next((m.month for m in months if m.closing < 0), None)

    running, worst, need_month = 0, 0, 1
    for m in months:
        running += m.operating - m.investment
        if running < worst:
            worst, need_month = running, m.month
    need = -worst
    fixed_assets = model.investment.fixed_assets_total
    wc = max(0, need - fixed_assets)
    total = fixed_assets + wc
    sources = int(model.opening_cash) + sum(a for month, a in _sources(model) if month <= need_month)
    coverage = sources * 100 / total if total > 0 else None

    paying = [m for m in months if m.interest + m.principal > 0]
    rep_low = min(paying, key=lambda m: (m.closing, m.month)) if paying else None
    dscr = []
    for y in years:
        service = y.interest + y.principal_repaid
        dscr.append(float(Fraction(y.net_profit + y.depreciation + y.interest, service))
                    if service > 0 else None)

    return PlanResult(
        years=years, months=months, loan_schedules=schedules,
        total_investment=total, fixed_assets=fixed_assets,
        funding_total=model.funding.total, funding_coverage_pct=coverage,
        cash_low_point=low, cash_low_month=low_month, first_negative_month=negative,
        additional_cash_needed=max(0, -low), startup_capital_needed=need,
        breakeven_month_y1=_breakeven_month(years[0], cash["revenue"]),
        payback_months=_payback(fixed_assets, months),
        working_capital_typed=int(model.investment.working_capital),
        working_capital_computed=wc, need_month=need_month, sources_by_need=sources,
        profit_month_y1=_profit_month(model, lines, years[0], schedules),
        stocks=_stocks(model, lines), receivables_end=cash["receivables"],
        payables_end=cash["payables"],
        repayment_low_point=rep_low.closing if rep_low else None,
        repayment_low_month=rep_low.month if rep_low else None,
        repayment_fail_month=next((m.month for m in paying if m.closing < 0), None),
        dscr=dscr,
    )


def _sources(model) -> list[tuple[int, int]]:
    """(plan month, amount) of every funding source."""
    f = model.funding
    out = [(int(f.own_capital_month), int(f.own_capital)),
           (int(f.members_month), int(f.members_contributions)),
           (int(f.grants_month), int(f.grants))]
    return out + [(int(loan.start_month), int(loan.amount)) for loan in f.loans]


def _split_year(total: int, cells: list) -> list:
    """A yearly total over (product, month) cells in proportion to their exact amounts."""
    if not cells:
        return []
    return _allocate(total, cells) if any(cells) else [0] * len(cells)


def _cash_flow(model, lines: _Lines, years, schedules, basis) -> dict:
    products = model.products
    receipts, material, packaging, labour = ([0] * HORIZON for _ in range(4))
    vat_paid, tax, fixed, drawings = ([0] * HORIZON for _ in range(4))
    revenue_m = [0] * HORIZON
    receivables = payables = 0
    supplier_days = model.supplier_credit_days
    for y in years:
        first, last = _year_months(y.year)
        rng = range(first - 1, last)
        # revenue per (product, month), whole đồng, adding up to the year's revenue
        cells = [lines.sold[i][m] * lines.price(p, y.year) for i, p in enumerate(products) for m in rng]
        rev = _split_year(y.revenue, cells)
        mat_cells = [lines.bought[i][m] * lines.cost(p.raw_material, y.year)
                     for i, p in enumerate(products) for m in rng]
        mat = _split_year(round_vnd(sum(mat_cells, Fraction(0))), mat_cells)
        pack_cells = [lines.made[i][m] * lines.cost(p.packaging, y.year)
                      for i, p in enumerate(products) for m in rng]
        pack = _split_year(round_vnd(sum(pack_cells, Fraction(0))), pack_cells)
        lab_cells = [lines.made[i][m] * lines.cost(p.labour, y.year)
                     for i, p in enumerate(products) for m in rng]
        # the three add up to the year's production cost rounded once (= the cost of goods
        # sold when the year makes and buys what it sells)
        made_cost = round_vnd(sum(lines.made[i][m] * lines.cost(p.unit_variable_cost, y.year)
                                  for i, p in enumerate(products) for m in rng))
        made_cells = [a + b + c for a, b, c in zip(mat_cells, pack_cells, lab_cells, strict=True)]
        lab = _split_year(made_cost - sum(mat) - sum(pack),
                          lab_cells if any(lab_cells) else made_cells)
        for i, p in enumerate(products):
            share = _f(p.credit_share_pct) / 100
            for k, m in enumerate(rng):
                cell = i * MONTHS + k
                month = m + 1
                amount = rev[cell]
                revenue_m[m] += amount
                vat = round_vnd(amount * lines.vat)
                if vat and month < HORIZON:
                    vat_paid[month] += vat
                gross = amount + vat
                now, later = _allocate(gross, [1 - share, share]) if share else (gross, 0)
                receipts[m] += now
                if later:
                    receivables += _shift(later, month, p.credit_days, receipts)
                payables += _shift(mat[cell], month, supplier_days, material)
                payables += _shift(pack[cell], month, supplier_days, packaging)
                labour[m] += lab[cell]
        for k, amount in enumerate(_allocate(y.fixed_costs, [1] * MONTHS)):
            fixed[first - 1 + k] += amount
        drawing = round_vnd(_f(model.owner_drawings_monthly) * _growth(model.cost_growth_pct, y.year))
        for m in rng:
            drawings[m] += drawing
        if basis == "revenue":
            for k, amount in enumerate(_allocate(y.tax, revenue_m[first - 1:last])
                                       if any(revenue_m[first - 1:last]) else [0] * MONTHS):
                tax[first - 1 + k] += amount
        else:
            tax[last - 1] += y.tax
        paid_out = round_vnd(_f(model.coop_distribution_pct) / 100 * y.net_profit) \
            if y.net_profit > 0 else 0
        if paid_out and last + 3 <= HORIZON:
            drawings[last + 2] += paid_out
    # VAT collected in month 36 is paid after the plan: it stays with the tax office's due
    sources: dict[int, int] = {}
    for month, amount in _sources(model):
        sources[month] = sources.get(month, 0) + amount
    rows, balance = [], int(model.opening_cash)
    for i in range(HORIZON):
        month = i + 1
        interest = sum(s.totals(month, month)[0] for s in schedules)
        principal = sum(s.totals(month, month)[1] for s in schedules)
        cy, cm = calendar_month(model, month)
        row = MonthCash(
            month=month, calendar_year=cy, calendar_month=cm, opening=balance,
            sales=receipts[i], funding=sources.get(month, 0),
            investment=model.investment.fixed_assets_total if month == 1 else 0,
            raw_material=material[i], packaging_labour=packaging[i] + labour[i],
            fixed_costs=fixed[i], interest=interest, principal=principal, tax=tax[i],
            closing=0, vat=vat_paid[i], drawings=drawings[i])
        row.closing = balance + row.cash_in - row.cash_out
        balance = row.closing
        rows.append(row)
    return {"months": rows, "revenue": revenue_m, "receivables": receivables,
            "payables": payables}


def _stocks(model, lines: _Lines) -> list:
    out = []
    for i, p in enumerate(model.products):
        finished, raw = [], []
        made = sold = bought = Fraction(0)
        short = late = None
        for m in range(HORIZON):
            made += lines.made[i][m]
            sold += lines.sold[i][m]
            bought += lines.bought[i][m]
            f, r = made - sold, bought - made
            finished.append(float(f))
            raw.append(float(r))
            if f < 0 and short is None:
                short = m + 1
            if r < 0 and late is None:
                late = m + 1
        out.append(ProductStock(p.name, finished, raw, short, late))
    return out


def _breakeven_month(y1: YearResult, revenue_m) -> int | None:
    """First plan month when cumulative year-1 sales reach the year's break-even revenue."""
    if y1.breakeven_revenue is None:
        return None
    cumulative = 0
    for i in range(MONTHS):
        cumulative += revenue_m[i]
        if cumulative >= y1.breakeven_revenue:
            return i + 1
    return None


def _profit_month(model, lines: _Lines, y1: YearResult, schedules) -> int | None:
    """First plan month whose year-to-date profit before tax is ≥ 0 (fixed costs and
    depreciation counted month by month, interest as paid)."""
    cumulative = Fraction(0)
    monthly_fixed = Fraction(y1.fixed_costs + y1.depreciation, MONTHS)
    for m in range(MONTHS):
        for i, p in enumerate(model.products):
            cumulative += lines.sold[i][m] * (lines.price(p, 1) - p.unit_variable_cost)
        cumulative -= monthly_fixed + sum(s.totals(m + 1, m + 1)[0] for s in schedules)
        if cumulative >= 0 and any(lines.sold[i][k] for i in range(len(model.products))
                                   for k in range(m + 1)):
            return m + 1
    return None


def _payback(fixed_assets: int, months) -> int | None:
    """Months until the cumulative cash from operations (after interest, taxes, drawings and
    the money tied up in stock and credit) repays the equipment and premises."""
    if fixed_assets <= 0:
        return 0
    cumulative = 0
    for m in months:
        cumulative += m.operating
        if cumulative >= fixed_assets:
            return m.month
    return None
