"""Feedback that teaches: what is wrong or worth a second look in a financial plan.

Every finding is an :class:`Issue` tied to the field it concerns (a path such as
``products[0].unit_price`` or ``funding.loans[1].term_months``) so a view can show the message
next to that field. ``severity`` is ``error`` (the plan cannot be computed until fixed),
``warning`` (computable, but a council would question it) or ``info``.

Message parameters are kept raw; :meth:`Issue.message` formats them for the language: names
ending in ``_vnd`` as money, ``_pct`` as a percentage, other numbers with Vietnamese/English
separators.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..i18n import t
from ..money import format_number, format_vnd
from .model import MONTHS, PLAN_YEARS, FinanceModel

__all__ = ["Issue", "check_inputs", "check_plan", "issues_by_field", "format_params"]

MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Issue:
    field: str  # "" = the plan as a whole
    key: str  # i18n key in the finance catalog
    params: dict = field(default_factory=dict)
    severity: str = "warning"  # "error" | "warning" | "info"

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang, **format_params(self.params, lang))

    def as_pair(self) -> tuple[str, dict]:
        return self.key, dict(self.params)


def format_params(params: dict, lang: str = "vi") -> dict:
    out = {}
    for name, value in params.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if name.endswith("_vnd"):
                value = format_vnd(value, lang)
            elif name.endswith("_pct"):
                value = format_number(value, 0, lang)
            else:
                whole = float(value).is_integer()
                value = format_number(value, 0 if whole else 1, lang)
        out[name] = value
    return out


def issues_by_field(issues) -> dict[str, list[Issue]]:
    """Group issues by field path, for views that put messages beside inputs."""
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(issue.field, []).append(issue)
    return grouped


def _is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


class _Collector:
    def __init__(self):
        self.issues: list[Issue] = []

    def add(self, path, key, severity="warning", **params):
        self.issues.append(Issue(path, key, params, severity))

    def amount(self, value, path, whole=False) -> bool:
        """A number ≥ 0 (a whole number when ``whole``); records an error otherwise."""
        if not _is_number(value):
            self.add(path, "finance.value_not_number", "error")
            return False
        if value < 0:
            self.add(path, "finance.value_negative", "error")
            return False
        if whole and not float(value).is_integer():
            self.add(path, "finance.value_not_whole", "error")
            return False
        return True

    def in_range(self, value, path, low, high, whole=True) -> bool:
        if not self.amount(value, path, whole):
            return False
        if not low <= value <= high:
            self.add(path, "finance.value_out_of_range", "error", min=low, max=high)
            return False
        return True


def check_inputs(model: FinanceModel) -> list[Issue]:
    """Field-level checks: types, signs, ranges, sizes. Errors here block :func:`compute`."""
    c = _Collector()
    c.in_range(model.start_year, "start_year", MIN_YEAR, MAX_YEAR)
    c.in_range(model.start_month, "start_month", 1, 12)
    c.in_range(model.tax_rate_pct, "tax_rate_pct", 0, 100, whole=False)
    c.amount(model.opening_cash, "opening_cash", whole=True)

    if not model.products:
        c.add("products", "finance.no_products", "error")
    for i, p in enumerate(model.products):
        base = f"products[{i}]"
        if not str(p.name or "").strip():
            c.add(f"{base}.name", "finance.product_name_missing")
        for name in ("unit_price", "raw_material", "packaging", "labour"):
            c.amount(getattr(p, name), f"{base}.{name}", whole=True)
        vols = p.monthly_volume_y1
        if not isinstance(vols, (list, tuple)) or len(vols) != MONTHS:
            c.add(f"{base}.monthly_volume_y1", "finance.volumes_need_12", "error", count=MONTHS)
        else:
            for m, v in enumerate(vols):
                c.amount(v, f"{base}.monthly_volume_y1[{m}]")
        c.amount(p.volume_y2, f"{base}.volume_y2")
        c.amount(p.volume_y3, f"{base}.volume_y3")
        share = p.material_purchase_share
        if share is not None:
            if not isinstance(share, (list, tuple)) or len(share) != MONTHS:
                c.add(f"{base}.material_purchase_share", "finance.volumes_need_12", "error",
                      count=MONTHS)
            else:
                for m, v in enumerate(share):
                    c.amount(v, f"{base}.material_purchase_share[{m}]")

    for i, cost in enumerate(model.fixed_costs):
        c.amount(cost.yearly_amount, f"fixed_costs[{i}].yearly_amount", whole=True)

    inv = model.investment
    for group in ("equipment", "premises"):
        for i, asset in enumerate(getattr(inv, group)):
            c.amount(asset.cost, f"investment.{group}[{i}].cost", whole=True)
            life = asset.useful_life_years
            path = f"investment.{group}[{i}].useful_life_years"
            if c.amount(life, path, whole=True) and life < 1:
                c.add(path, "finance.useful_life_invalid", "error")
    c.amount(inv.working_capital, "investment.working_capital", whole=True)

    f = model.funding
    sources_ok = all([c.amount(f.own_capital, "funding.own_capital", whole=True),
                      c.amount(f.members_contributions, "funding.members_contributions", whole=True),
                      c.amount(f.grants, "funding.grants", whole=True)])
    for i, loan in enumerate(f.loans):
        base = f"funding.loans[{i}]"
        sources_ok &= c.amount(loan.amount, f"{base}.amount", whole=True)
        c.in_range(loan.annual_rate_pct, f"{base}.annual_rate_pct", 0, 100, whole=False)
        term_ok = c.amount(loan.term_months, f"{base}.term_months", whole=True)
        if term_ok and loan.term_months == 0:
            c.add(f"{base}.term_months", "finance.loan_term_zero", "error")
            term_ok = False
        if c.amount(loan.grace_months, f"{base}.grace_months", whole=True) and term_ok \
                and loan.grace_months >= loan.term_months:
            c.add(f"{base}.grace_months", "finance.loan_grace_too_long", "error",
                  grace=loan.grace_months, term=loan.term_months)
        c.in_range(loan.start_month, f"{base}.start_month", 1, MONTHS * PLAN_YEARS)
    if f.declared_total is not None and c.amount(f.declared_total, "funding.declared_total",
                                                 whole=True) and sources_ok:
        if f.declared_total != f.total:
            c.add("funding.declared_total", "finance.funding_sum_mismatch",
                  declared_vnd=f.declared_total, sum_vnd=f.total,
                  difference_vnd=abs(f.declared_total - f.total))
    return c.issues


def check_plan(model: FinanceModel, result=None) -> list[Issue]:
    """Input checks, then — if the plan computes — the teaching warnings on its results.

    Pass ``result`` (from :func:`compute`) to avoid computing twice.
    """
    from .compute import calendar_month, compute

    issues = check_inputs(model)
    if any(i.severity == "error" for i in issues):
        return issues
    r = result if result is not None else compute(model)
    c = _Collector()

    for i, p in enumerate(model.products):
        cost = p.unit_variable_cost
        if p.unit_price < cost:
            c.add(f"products[{i}].unit_price", "finance.price_below_cost", product=p.name,
                  price_vnd=p.unit_price, cost_vnd=cost, loss_vnd=cost - p.unit_price)
        elif p.unit_price == cost and p.unit_price > 0:
            c.add(f"products[{i}].unit_price", "finance.no_margin", product=p.name,
                  price_vnd=p.unit_price)

    if r.first_negative_month is not None:
        cy, cm = calendar_month(model, r.first_negative_month)
        c.add("funding", "finance.cash_negative", month=r.first_negative_month,
              when=f"{cm:02d}/{cy}", amount_vnd=r.additional_cash_needed,
              low_month=r.cash_low_month)

    if r.funding_coverage_pct is not None:
        if r.funding_coverage_pct < 100:
            c.add("funding", "finance.funding_coverage", coverage_pct=r.funding_coverage_pct,
                  funding_vnd=r.funding_total, investment_vnd=r.total_investment,
                  gap_vnd=r.total_investment - r.funding_total)
        else:
            c.add("funding", "finance.funding_covers_all", "info",
                  coverage_pct=r.funding_coverage_pct, funding_vnd=r.funding_total,
                  investment_vnd=r.total_investment)

    for y in r.years:
        if y.breakeven_volume is not None and y.volume < y.breakeven_volume:
            c.add("products", "finance.breakeven_not_reached", year=y.year, volume=y.volume,
                  breakeven=math.ceil(y.breakeven_volume))
        if y.net_profit < 0:
            c.add("", "finance.net_loss", "info", year=y.year, amount_vnd=-y.net_profit)

    if r.payback_months is None:
        c.add("", "finance.payback_beyond_plan", "info", months=MONTHS * PLAN_YEARS)
    return issues + c.issues
