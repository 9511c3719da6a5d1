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

import dataclasses
import math
from dataclasses import dataclass

from ..i18n import pick, t
from ..money import format_number, format_vnd
from .bounds import field_label, field_spec, range_problem, row_limit
from .model import MONTHS, PLAN_YEARS, TAX_REGIMES, FinanceModel

__all__ = ["Issue", "check_inputs", "check_plan", "issues_by_field", "format_params"]


@dataclass(frozen=True)
class Issue:
    field: str  # "" = the plan as a whole
    key: str  # i18n key in the finance catalog
    params: dict = dataclasses.field(default_factory=dict)
    severity: str = "warning"  # "error" | "warning" | "info"

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang, **format_params(self.params, lang))

    def as_pair(self) -> tuple[str, dict]:
        return self.key, dict(self.params)


def format_params(params: dict, lang: str = "vi") -> dict:
    out = {}
    for name, value in params.items():
        if isinstance(value, dict):  # already worded per language (field labels, limits)
            value = pick(value, lang)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
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
        """A number ≥ 0 (a whole number when ``whole``); records an error naming the field
        otherwise ("Lãi suất không được âm")."""
        label = field_label(path)
        if not _is_number(value):
            self.add(path, "finance.value_not_number", "error", field=label)
            return False
        if value < 0:
            self.add(path, "finance.value_negative", "error", field=label)
            return False
        if whole and not float(value).is_integer():
            self.add(path, "finance.value_not_whole", "error", field=label)
            return False
        return True

    def field(self, value, path) -> bool:
        """A number of the kind and in the range ``forms/finance_fields.json`` gives the field."""
        if not self.amount(value, path, whole=field_spec(path)["kind"] in ("money", "integer")):
            return False
        found = range_problem(path, value)
        if found is not None:
            self.add(path, found[0], "error", **found[1])
            return False
        return True

    def rows(self, items, prefix) -> list:
        """The rows of a list, reporting (and leaving out) those beyond the data's limit."""
        limit = row_limit(prefix)
        if len(items) > limit:
            self.add(prefix, "finance.bounds.too_many_rows", "error", max=limit)
        return list(items)[:limit]


def check_inputs(model: FinanceModel) -> list[Issue]:
    """Field-level checks: types, signs, ranges, sizes. Errors here block :func:`compute`.

    Ranges and row limits are data (``forms/finance_fields.json``): a 29-digit price, a
    volume of 10^20 or a 100,000-month loan is refused here, before any arithmetic.
    """
    c = _Collector()
    for name in ("start_year", "start_month", "tax_rate_pct", "opening_cash", "vat_rate_pct",
                 "supplier_credit_days", "price_growth_pct", "cost_growth_pct",
                 "owner_drawings_monthly", "coop_funds_pct", "coop_distribution_pct"):
        c.field(getattr(model, name), name)
    if model.tax_regime not in TAX_REGIMES:
        c.add("tax_regime", "finance.tax_regime_unknown", "error", value=str(model.tax_regime)[:40])
    if _is_number(model.coop_funds_pct) and _is_number(model.coop_distribution_pct) \
            and model.coop_funds_pct + model.coop_distribution_pct > 100:
        c.add("coop_distribution_pct", "finance.allocation_over_100", "error")

    if not model.products:
        c.add("products", "finance.no_products", "error")
    for i, p in enumerate(c.rows(model.products, "products")):
        base = f"products[{i}]"
        if not str(p.name or "").strip():
            c.add(f"{base}.name", "finance.product_name_missing")
        for name in ("unit_price", "raw_material", "packaging", "labour"):
            c.field(getattr(p, name), f"{base}.{name}")
        vols = p.monthly_volume_y1
        if not isinstance(vols, (list, tuple)) or len(vols) != MONTHS:
            c.add(f"{base}.monthly_volume_y1", "finance.volumes_need_12", "error", count=MONTHS)
        else:
            for m, v in enumerate(vols):
                c.field(v, f"{base}.monthly_volume_y1[{m}]")
        c.field(p.volume_y2, f"{base}.volume_y2")
        c.field(p.volume_y3, f"{base}.volume_y3")
        for name in ("material_purchase_share", "monthly_production_y1"):
            values = getattr(p, name)
            if values is None:
                continue
            if not isinstance(values, (list, tuple)) or len(values) != MONTHS:
                c.add(f"{base}.{name}", "finance.volumes_need_12", "error", count=MONTHS)
            else:
                for m, v in enumerate(values):
                    c.field(v, f"{base}.{name}[{m}]")
        for name in ("credit_share_pct", "credit_days", "capacity_per_year"):
            c.field(getattr(p, name), f"{base}.{name}")

    for i, cost in enumerate(c.rows(model.fixed_costs, "fixed_costs")):
        c.field(cost.yearly_amount, f"fixed_costs[{i}].yearly_amount")

    inv = model.investment
    for group in ("equipment", "premises"):
        for i, asset in enumerate(c.rows(getattr(inv, group), f"investment.{group}")):
            c.field(asset.cost, f"investment.{group}[{i}].cost")
            life = asset.useful_life_years
            path = f"investment.{group}[{i}].useful_life_years"
            if c.amount(life, path, whole=True):
                if life < 1:
                    c.add(path, "finance.useful_life_invalid", "error")
                else:
                    c.field(life, path)
    c.field(inv.working_capital, "investment.working_capital")

    f = model.funding
    for name in ("own_capital_month", "members_month", "grants_month"):
        c.field(getattr(f, name), f"funding.{name}")
    sources_ok = all([c.field(f.own_capital, "funding.own_capital"),
                      c.field(f.members_contributions, "funding.members_contributions"),
                      c.field(f.grants, "funding.grants")])
    for i, loan in enumerate(c.rows(f.loans, "funding.loans")):
        base = f"funding.loans[{i}]"
        sources_ok &= c.field(loan.amount, f"{base}.amount")
        c.field(loan.annual_rate_pct, f"{base}.annual_rate_pct")
        term_ok = c.amount(loan.term_months, f"{base}.term_months", whole=True)
        if term_ok and loan.term_months == 0:
            c.add(f"{base}.term_months", "finance.loan_term_zero", "error")
            term_ok = False
        elif term_ok:
            term_ok = c.field(loan.term_months, f"{base}.term_months")
        if c.field(loan.grace_months, f"{base}.grace_months") and term_ok \
                and loan.grace_months >= loan.term_months:
            c.add(f"{base}.grace_months", "finance.loan_grace_too_long", "error",
                  grace=loan.grace_months, term=loan.term_months)
        c.field(loan.start_month, f"{base}.start_month")
    sources_ok = sources_ok and len(f.loans) <= row_limit("funding.loans")
    if f.declared_total is not None and c.field(f.declared_total, "funding.declared_total") \
            and sources_ok and f.declared_total != f.total:
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

    def when(month):
        cy, cm = calendar_month(model, month)
        return f"{cm:02d}/{cy}"

    for i, p in enumerate(model.products):
        cost = p.unit_variable_cost
        if p.unit_price == 0 and p.volume(1) + p.volume(2) + p.volume(3) > 0:
            c.add(f"products[{i}].unit_price", "finance.zero_price", product=p.name)
        elif p.unit_price < cost:
            c.add(f"products[{i}].unit_price", "finance.price_below_cost", product=p.name,
                  price_vnd=p.unit_price, cost_vnd=cost, loss_vnd=cost - p.unit_price)
        elif p.unit_price == cost and p.unit_price > 0:
            c.add(f"products[{i}].unit_price", "finance.no_margin", product=p.name,
                  price_vnd=p.unit_price)
        if p.capacity_per_year and p.volume(3) > p.capacity_per_year:
            c.add(f"products[{i}].capacity_per_year", "finance.capacity_exceeded", product=p.name,
                  volume=p.volume(3), capacity=p.capacity_per_year)
    for i, stock in enumerate(r.stocks):
        if stock.first_short_month is not None:
            c.add(f"products[{i}].monthly_production_y1", "finance.stock_negative",
                  product=stock.name, month=stock.first_short_month,
                  when=when(stock.first_short_month))
        if stock.first_material_late_month is not None:
            c.add(f"products[{i}].material_purchase_share", "finance.material_after_use",
                  product=stock.name, month=stock.first_material_late_month,
                  when=when(stock.first_material_late_month))

    if all(y.volume == 0 for y in r.years):
        c.add("products", "finance.no_sales")
    elif all(y.net_profit < 0 for y in r.years):
        c.add("", "finance.loss_all_years", total_vnd=-sum(y.net_profit for y in r.years))

    if r.first_negative_month is not None:
        c.add("funding", "finance.cash_negative", month=r.first_negative_month,
              when=when(r.first_negative_month), amount_vnd=r.additional_cash_needed,
              low_month=r.cash_low_month, low_when=when(r.cash_low_month))

    typed, computed = r.working_capital_typed, r.working_capital_computed
    if abs(typed - computed) > max(computed, typed) / 10:
        c.add("investment.working_capital", "finance.working_capital_differs",
              typed_vnd=typed, computed_vnd=computed, month=r.need_month, when=when(r.need_month))

    if r.funding_coverage_pct is not None:
        if r.funding_coverage_pct < 100:
            c.add("funding", "finance.funding_coverage", coverage_pct=r.funding_coverage_pct,
                  funding_vnd=r.sources_by_need, investment_vnd=r.total_investment,
                  gap_vnd=r.total_investment - r.sources_by_need, month=r.need_month,
                  when=when(r.need_month))
        else:
            c.add("funding", "finance.funding_covers_all", "info",
                  coverage_pct=r.funding_coverage_pct, funding_vnd=r.sources_by_need,
                  investment_vnd=r.total_investment, month=r.need_month)

    if r.repayment_fail_month is not None:
        c.add("funding.loans", "finance.repayment_fails", month=r.repayment_fail_month,
              when=when(r.repayment_fail_month))
    for y, cover in zip(r.years, r.dscr, strict=True):
        if cover is not None and cover < 1:
            c.add("funding.loans", "finance.dscr_low", year=y.year, cover=round(cover, 2))

    for y in r.years:
        if y.breakeven_volume is not None and y.volume < y.breakeven_volume:
            c.add("products", "finance.breakeven_not_reached", year=y.year, volume=y.volume,
                  breakeven=math.ceil(y.breakeven_volume))
        if y.net_profit < 0:
            c.add("", "finance.net_loss", "info", year=y.year, amount_vnd=-y.net_profit)

    if r.payback_months is None:
        c.add("", "finance.payback_beyond_plan", "info", months=MONTHS * PLAN_YEARS)
    if model.tax_regime == "household":
        c.add("tax_regime", "finance.tax_household_changing", "info")
        if _is_number(model.vat_rate_pct) and model.vat_rate_pct > 0:
            c.add("vat_rate_pct", "finance.vat_with_household")
    return issues + c.issues
