"""The inputs of a 3-year OCOP business plan (Biểu số 03, part IV), as plain dataclasses.

Money fields are whole đồng (``int``); volumes are units of the product's packaging unit
(``int`` or ``float`` for kg/litres). The app stores only values its typed inputs could read;
a box whose text could not be read leaves ``None`` (the text and its message stay in the app's
state). :func:`ocop_kit.finance.checks.check_inputs` still reports anything else a file may
hold (``None``, text, negative values) next to the field, and
:func:`ocop_kit.finance.compute.compute` refuses to run until it is fixed.

Plan months: month 1 is the calendar month ``start_month`` of ``start_year``; months 1–12 are
year 1, 13–24 year 2, 25–36 year 3. Year 1 is typed month by month (seasonality); years 2
and 3 are typed as yearly totals and computed month by month with year 1's seasons.

Timing inputs (all optional, defaults keep a plan simple): production separate from sales
(``monthly_production_y1``), the raw-material purchase season, the share of sales on credit
and its days, days of supplier credit, and the month each funding source arrives.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MONTHS = 12
PLAN_YEARS = 3

# Tax regimes, their rates and legal sources are data: ``finance/tax_regimes.json`` (see
# ``finance/taxes.py``). Under the profit-tax regime ``tax_rate_pct`` is the rate typed by the
# trainee (default 0 %: exempt cooperatives, or not yet decided); 20 % is the standard rate.
DEFAULT_TAX_RATE_PCT = 0.0
CORPORATE_TAX_RATE_PCT = 20.0
TAX_REGIMES = ("profit_tax", "household", "exempt")

FIXED_COST_CATEGORIES = ("rent", "salaries", "utilities", "marketing", "maintenance", "other")


Volume = float  # int for pieces, float for kg/litres


def _zeros() -> list[Volume]:
    return [0] * MONTHS


@dataclass
class ProductLine:
    """One product sold by the unit (a 10 ml bottle, a 500 g pack)."""

    name: str = ""
    unit: str = ""  # packaging unit, e.g. "chai 10 ml"
    unit_price: int = 0  # selling price per unit, VND
    raw_material: int = 0  # variable costs per unit, VND
    packaging: int = 0
    labour: int = 0
    monthly_volume_y1: list[Volume] = field(default_factory=_zeros)  # 12 values, plan months 1–12
    volume_y2: float = 0
    volume_y3: float = 0
    # When raw material is bought (harvest season): 12 weights over each plan year, normalised
    # by the model; None = bought in the month it is used. Each year buys what it produces.
    material_purchase_share: list[Volume] | None = None
    # Units made per month in year 1 (None = made in the month they are sold). Years 2–3 make
    # what they sell, in the same season. Packaging and labour are paid when made.
    monthly_production_y1: list[Volume] | None = None
    credit_share_pct: float = 0.0  # share of sales paid later (supermarkets, agents)
    credit_days: int = 0  # days until those sales are paid
    capacity_per_year: float = 0  # what the equipment can make per year; 0 = not stated

    @property
    def unit_variable_cost(self) -> int:
        return self.raw_material + self.packaging + self.labour

    @property
    def unit_margin(self) -> int:
        """Contribution per unit (price − variable cost per unit)."""
        return self.unit_price - self.unit_variable_cost

    def volume(self, year: int):
        if year == 1:
            return sum(self.monthly_volume_y1)
        return self.volume_y2 if year == 2 else self.volume_y3

    def production(self, year: int):
        """Units made in a plan year: year 1 as typed (or as sold), later years as sold."""
        if year == 1 and self.monthly_production_y1 is not None:
            return sum(self.monthly_production_y1)
        return self.volume(year)


@dataclass
class FixedCost:
    """A cost that does not change with volume: rent, salaries, utilities, marketing…

    Cash-wise the yearly amount is spread evenly over the 12 months of each year (grown by the
    plan's cost growth from year 2).
    """

    name: str = ""
    yearly_amount: int = 0
    category: str = "other"  # one of FIXED_COST_CATEGORIES


@dataclass
class Equipment:
    """A fixed asset bought at the start (month 1): machinery or premises works.

    Depreciated straight-line: ``cost / useful_life_years`` per year while within its life.
    """

    name: str = ""
    cost: int = 0
    useful_life_years: int = 5

    def depreciation(self, year: int) -> float:
        if not self.useful_life_years or self.useful_life_years <= 0:
            return 0
        return self.cost / self.useful_life_years if year <= self.useful_life_years else 0


@dataclass
class StartupInvestment:
    """Start-up capital use (Vốn khởi sự): equipment, premises, working capital.

    Equipment and premises are paid in month 1. Working capital is money kept in the till to
    run the business until sales come in: part of what must be funded, not a cash outflow.
    """

    equipment: list[Equipment] = field(default_factory=list)
    premises: list[Equipment] = field(default_factory=list)  # building, renovation
    working_capital: int = 0

    @property
    def fixed_assets_total(self) -> int:
        return sum(a.cost for a in self.equipment) + sum(a.cost for a in self.premises)

    @property
    def total(self) -> int:
        return self.fixed_assets_total + self.working_capital

    def assets(self) -> list:
        return list(self.equipment) + list(self.premises)


@dataclass
class Loan:
    """A bank or fund loan: interest only during the grace period, then equal principal.

    ``annual_rate_pct`` is in percent (9.0 = 9 %/year, interest = balance × rate / 12 each
    month). ``term_months`` counts from disbursement and includes ``grace_months``.
    ``start_month`` is the plan month the money arrives (1–36).
    """

    lender: str = ""
    amount: int = 0
    annual_rate_pct: float = 0.0
    term_months: int = 12
    grace_months: int = 0
    start_month: int = 1


@dataclass
class Funding:
    """Where the start-up money comes from (Phương án huy động vốn). Each source arrives in its
    plan month (grants are often paid after the investment); loans in their ``start_month``."""

    own_capital: int = 0
    members_contributions: int = 0  # cooperative members' contributions
    grants: int = 0  # grants and OCOP programme support
    own_capital_month: int = 1
    members_month: int = 1
    grants_month: int = 1
    loans: list[Loan] = field(default_factory=list)
    # The total the trainee wrote down for the funding plan; None = not stated. When stated it
    # must equal the sum of the sources (checks say so if it does not).
    declared_total: int | None = None

    @property
    def loans_total(self) -> int:
        return sum(loan.amount for loan in self.loans)

    @property
    def total(self) -> int:
        return self.own_capital + self.members_contributions + self.grants + self.loans_total


@dataclass
class FinanceModel:
    """Everything the financial plan (part IV of Biểu số 03) needs."""

    products: list[ProductLine] = field(default_factory=list)
    fixed_costs: list[FixedCost] = field(default_factory=list)
    investment: StartupInvestment = field(default_factory=StartupInvestment)
    funding: Funding = field(default_factory=Funding)
    tax_rate_pct: float = DEFAULT_TAX_RATE_PCT
    opening_cash: int = 0  # cash the producer already has before month 1
    start_year: int = 2025
    start_month: int = 1  # calendar month of plan month 1
    tax_regime: str = "profit_tax"  # one of TAX_REGIMES (finance/tax_regimes.json)
    household_activity: str = "production"  # household regime: the activity's revenue rate
    vat_rate_pct: float = 0.0  # 0 = not VAT-registered (or VAT inside the household rate)
    prices_include_vat: bool = True  # the typed prices already contain VAT
    supplier_credit_days: int = 0  # days suppliers wait for raw material and packaging
    price_growth_pct: float = 0.0  # per year, from year 2
    cost_growth_pct: float = 0.0  # per year, from year 2: costs, salaries, drawings
    owner_drawings_monthly: int = 0  # household owner's / members' pay taken out each month
    # cooperative profit allocation (optional): share of a year's positive net profit kept in
    # the cooperative's funds and share paid out to members (in month 3 of the next year)
    coop_funds_pct: float = 0.0
    coop_distribution_pct: float = 0.0


@dataclass
class BusinessPlan:
    """A whole plan: Biểu số 01 answers, Biểu số 03 text and the financial model.

    ``product_idea`` and ``business_plan`` map form field ids (see ``ocop_kit/forms``) to the
    text typed. ``note`` warns readers, e.g. that sample figures are illustrative.
    """

    title: str = ""
    note: str = ""
    illustrative: bool = False
    lang: str = "vi"
    product_idea: dict = field(default_factory=dict)
    business_plan: dict = field(default_factory=dict)
    finance: FinanceModel = field(default_factory=FinanceModel)
