"""The business plan as a printable A4 document: Biểu số 03 sections I–IV and the SIYB-style
financial tables (Dự báo doanh số, Kế hoạch doanh thu và chi phí, Kế hoạch dòng tiền,
Vốn khởi sự, Lịch trả nợ vay).

Texts come from the form definition (``ocop_kit/forms/business_plan.json``) with the product
idea carried over into empty fields; everything typed is escaped. Amounts in the tables are in
đồng (Vietnamese separators), with a banner when the figures are illustrative.
"""
from __future__ import annotations

import math
import re

from ..finance import PlanInputError, check_plan, compute
from ..finance.compute import calendar_month
from ..finance.model import MONTHS
from ..forms_check import load_form, prefill
from ..i18n import normalize_lang, pick, t
from ..money import format_number, format_vnd
from ..text import escape
from .idea_html import document, field_value_html, illustrative_banner, national_header, signature_block

__all__ = ["plan_html", "computed_values", "PLAN_EXTRA_FIELDS"]

# Choice fields the business-plan app adds to the form (see finance.consistency)
PLAN_EXTRA_FIELDS = {
    "market_area": ("commune", "province", "national", "export"),
    "raw_material_origin": ("in_province_75", "in_province_50", "in_province_under_50"),
    "accountant": ("none", "occasional", "regular"),
}

_PATH = re.compile(r"finance\.(\w+)(?:\[(\d+)\]\.(\w+))?$")


def computed_values(form_def: dict, result) -> dict:
    """Values of ``computed_from`` fields (e.g. ``finance.years[0].revenue``) as whole đồng."""
    out: dict[str, int] = {}
    if result is None:
        return out
    for section in form_def["sections"]:
        for f in section["fields"]:
            match = _PATH.match(f.get("computed_from", ""))
            if not match:
                continue
            name, index, attr = match.groups()
            try:
                value = getattr(result, name)
                if index is not None:
                    value = getattr(value[int(index)], attr)
            except (AttributeError, IndexError):
                continue
            if isinstance(value, (int, float)):
                out[f["id"]] = int(value)
    return out


def _vnd(x, lang) -> str:
    return escape(format_vnd(x, lang, unit=False))


def _qty(x, lang) -> str:
    whole = float(x).is_integer()
    return escape(format_number(x, 0 if whole else 1, lang))


def _row(label, cells, strong=False) -> str:
    tds = "".join(f'<td class="num">{c}</td>' for c in cells)
    cls = ' class="strong"' if strong else ""
    return f"<tr{cls}><td>{escape(label)}</td>{tds}</tr>"


def _head(first, labels) -> str:
    ths = "".join(f'<th class="num">{escape(x)}</th>' for x in labels)
    return f"<tr><th>{escape(first)}</th>{ths}</tr>"


def _caption(key, lang, n) -> str:
    return (f"<h3>{escape(t('plan_app.report.table_no', lang, number=n))} "
            f"{escape(t(key, lang))}</h3>"
            f'<p class="small"><i>{escape(t("plan_app.report.unit_vnd", lang))}</i></p>')


def _startup_table(model, r, lang) -> str:
    inv, f = model.investment, model.funding
    rows = [_head(t("finance.label.investment", lang),
                  [t("finance.label.amount", lang), t("finance.label.useful_life", lang)])]
    for asset in inv.assets():
        rows.append(_row(asset.name or "—", [_vnd(asset.cost, lang),
                                             _qty(asset.useful_life_years, lang)]))
    rows.append(_row(t("finance.label.working_capital", lang), [_vnd(inv.working_capital, lang), ""]))
    rows.append(_row(t("finance.label.working_capital_computed", lang),
                     [_vnd(r.working_capital_computed, lang), ""]))
    rows.append(_row(t("finance.label.total_investment", lang), [_vnd(r.total_investment, lang), ""],
                     strong=True))
    funding = [_head(t("finance.label.funding", lang),
                     [t("finance.label.amount", lang), t("finance.label.share", lang),
                      t("finance.label.source_month", lang)])]
    total = r.funding_total or 0

    def share(x):
        return escape(format_number(x * 100 / total, 1, lang)) if total else ""

    funding.append(_row(t("finance.label.opening_cash_source", lang),
                        [_vnd(model.opening_cash, lang), "", "1"]))
    for key, value, month in (("finance.label.own_capital", f.own_capital, f.own_capital_month),
                              ("finance.label.members_contributions", f.members_contributions,
                               f.members_month),
                              ("finance.label.grants", f.grants, f.grants_month)):
        funding.append(_row(t(key, lang), [_vnd(value, lang), share(value), escape(str(month))]))
    for loan in f.loans:
        funding.append(_row(t("finance.label.loan_named", lang, lender=loan.lender or "—"),
                            [_vnd(loan.amount, lang), share(loan.amount),
                             escape(str(loan.start_month))]))
    funding.append(_row(t("finance.label.funding_total", lang), [_vnd(total, lang), "", ""],
                        strong=True))
    if r.funding_coverage_pct is not None:
        funding.append(_row(t("finance.label.funding_coverage", lang),
                            ["", escape(format_number(r.funding_coverage_pct, 0, lang)), ""]))
    extra = [_row(t("finance.label.startup_capital_needed", lang), [_vnd(r.startup_capital_needed, lang)]),
             _row(t("finance.label.cash_low_point", lang), [_vnd(r.cash_low_point, lang)])]
    return (f"<table>{''.join(rows)}</table><table>{''.join(funding)}</table>"
            f"<table>{''.join(extra)}</table>"
            f'<p class="small">{escape(t("finance.label.startup_capital_hint", lang))}</p>')


def _month_labels(model, months, lang):
    out = []
    for m in months:
        cy, cm = calendar_month(model, m)
        out.append(t("finance.label.month_short", lang, month=m, cal=f"{cm:02d}/{cy}"))
    return out


def _sales_forecast(model, r, lang) -> str:
    prices = [_head(t("finance.label.product", lang),
                    [t("finance.label.unit_price", lang), t("finance.label.unit_variable_cost", lang),
                     t("finance.label.unit_margin", lang)])]
    for p in model.products:
        name = f"{p.name} ({p.unit})" if p.unit else p.name
        prices.append(_row(name or "—", [_vnd(p.unit_price, lang), _vnd(p.unit_variable_cost, lang),
                                         _vnd(p.unit_margin, lang)]))
    halves = []
    for months in (range(1, 7), range(7, MONTHS + 1)):
        rows = [_head(t("finance.label.product", lang), _month_labels(model, months, lang))]
        for p in model.products:
            rows.append(_row(p.name or "—", [_qty(p.monthly_volume_y1[m - 1], lang) for m in months]))
        halves.append(f'<table class="wide">{"".join(rows)}</table>')
    years = [_head(t("finance.label.product", lang),
                   [t("finance.label.year", lang, year=y) for y in (1, 2, 3)])]
    for p in model.products:
        years.append(_row(p.name or "—", [_qty(p.volume(y), lang) for y in (1, 2, 3)]))
    years.append(_row(t("finance.label.revenue", lang), [_vnd(y.revenue, lang) for y in r.years],
                      strong=True))
    return (f"<table>{''.join(prices)}</table>"
            f'<p class="small">{escape(t("finance.label.volume_units", lang))}</p>'
            + "".join(halves) + f"<table>{''.join(years)}</table>")


def _sales_cost(model, r, lang) -> str:
    from ..finance.taxes import regime_summary

    rate = format_number(model.tax_rate_pct, 0 if float(model.tax_rate_pct).is_integer() else 1, lang)
    lines = [("finance.label.revenue", "revenue", True), ("finance.label.cost_of_goods", "cost_of_goods", False),
             ("finance.label.gross_margin", "gross_margin", True), ("finance.label.fixed_costs", "fixed_costs", False),
             ("finance.label.depreciation", "depreciation", False),
             ("finance.label.operating_profit", "operating_profit", True),
             ("finance.label.interest", "interest", False),
             ("finance.label.profit_before_tax", "profit_before_tax", True),
             ("tax", "tax", False), ("finance.label.net_profit", "net_profit", True)]
    rows = [_head(t("finance.label.item", lang), [t("finance.label.year", lang, year=y.year) for y in r.years])]
    for key, attr, strong in lines:
        label = (t("finance.label.tax", lang) if model.tax_regime != "profit_tax"
                 else t("finance.label.tax_with_rate", lang, rate=rate)) if key == "tax" else t(key, lang)
        rows.append(_row(label, [_vnd(getattr(y, attr), lang) for y in r.years], strong))
    for i, p in enumerate(model.products):  # per line: 10 ml and 50 ml bottles do not add up
        rows.append(_row(t("finance.label.breakeven_volume_line", lang, product=p.name or "—",
                           unit=p.unit or "—"),
                         ["—" if y.by_product[i].breakeven_volume is None
                          else _qty(math.ceil(y.by_product[i].breakeven_volume), lang)
                          for y in r.years]))
    rows.append(_row(t("finance.label.breakeven_revenue", lang),
                     ["—" if y.breakeven_revenue is None else _vnd(y.breakeven_revenue, lang)
                      for y in r.years]))
    fixed = [_head(t("finance.field.cost_name", lang), [t("finance.field.yearly_amount", lang)])]
    for cost in model.fixed_costs:
        fixed.append(_row(cost.name or "—", [_vnd(cost.yearly_amount, lang)]))
    return (f'<p class="small">{escape(t("finance.label.tax_regime", lang))}: '
            f"{escape(regime_summary(model, lang))}</p>"
            f"<table>{''.join(rows)}</table><table>{''.join(fixed)}</table>")


def _cash_flow(model, r, lang) -> str:
    lines = [("finance.label.opening_cash", "opening", False), ("finance.label.cash_sales", "sales", False),
             ("finance.label.cash_funding", "funding", False), ("finance.label.cash_in", "cash_in", True),
             ("finance.label.cash_investment", "investment", False),
             ("finance.label.raw_material", "raw_material", False),
             ("finance.label.cash_packaging_labour", "packaging_labour", False),
             ("finance.label.fixed_costs", "fixed_costs", False), ("finance.label.interest", "interest", False),
             ("finance.label.principal", "principal", False), ("finance.label.tax", "tax", False),
             ("finance.label.vat", "vat", False), ("finance.label.drawings", "drawings", False),
             ("finance.label.cash_out", "cash_out", True), ("finance.label.closing_cash", "closing", True)]
    lines = [x for x in lines if x[1] not in ("vat", "drawings") or any(getattr(m, x[1]) for m in r.months)]
    tables = []
    for half in (r.months[k:k + 6] for k in range(0, len(r.months), 6)):
        rows = [_head(t("finance.label.item", lang), _month_labels(model, [m.month for m in half], lang))]
        for key, attr, strong in lines:
            rows.append(_row(t(key, lang), [_vnd(getattr(m, attr), lang) for m in half], strong))
        tables.append(f'<table class="wide">{"".join(rows)}</table>')
    low = _month_labels(model, [r.cash_low_month], lang)[0]
    summary = [_row(t("finance.label.cash_low_point", lang), [_vnd(r.cash_low_point, lang)]),
               _row(t("finance.label.cash_low_month", lang), [escape(low)]),
               _row(t("finance.label.receivables_end", lang), [_vnd(r.receivables_end, lang)])]
    return "".join(tables) + f"<table>{''.join(summary)}</table>"


def _loans(model, r, lang) -> str:
    if not r.loan_schedules:
        return f"<p>{escape(t('finance.label.no_loans', lang))}</p>"
    out = []
    for s in r.loan_schedules:
        rate = format_number(s.annual_rate_pct, 0 if float(s.annual_rate_pct).is_integer() else 2, lang)
        out.append(f"<p><b>{escape(s.lender or '—')}</b>: {escape(format_vnd(s.amount, lang))}, "
                   f"{escape(t('finance.label.rate_value', lang, rate=rate))}</p>")
        rows = [_head(t("finance.label.month", lang),
                      [t("finance.label.opening_balance", lang), t("finance.label.interest", lang),
                       t("finance.label.principal", lang), t("finance.label.payment", lang),
                       t("finance.label.closing_balance", lang)])]
        for p in s.payments:
            rows.append(_row(str(p.month), [_vnd(p.opening_balance, lang), _vnd(p.interest, lang),
                                            _vnd(p.principal, lang), _vnd(p.payment, lang),
                                            _vnd(p.closing_balance, lang)]))
        out.append(f'<table class="small">{"".join(rows)}</table>')
    return "".join(out)


def _indicators(r, lang) -> str:
    none = t("plan_app.report.not_reached", lang)
    rows = [_row(t("finance.label.breakeven_month", lang),
                 [escape(str(r.breakeven_month_y1)) if r.breakeven_month_y1 else escape(none)]),
            _row(t("finance.label.profit_month", lang),
                 [escape(str(r.profit_month_y1)) if r.profit_month_y1 else escape(none)]),
            _row(t("finance.label.payback_months", lang),
                 [escape(str(r.payback_months)) if r.payback_months is not None else escape(none)])]
    if r.repayment_low_point is not None:
        rows.append(_row(t("finance.label.repayment_low_point", lang),
                         [_vnd(r.repayment_low_point, lang)]))
        rows.append(_row(t("finance.label.repayment_low_month", lang),
                         [escape(str(r.repayment_low_month))]))
        rows.append(_row(t("finance.label.dscr", lang),
                         [" / ".join("—" if d is None else format_number(d, 2, lang) for d in r.dscr)]))
    return (f"<table>{''.join(rows)}</table>"
            f'<p class="small">{escape(t("finance.label.breakeven_explain", lang))}</p>')


def _issues(issues, hints, lang) -> str:
    items = [f"<li><b>{escape(t('finance.severity.' + i.severity, lang))}:</b> {escape(i.message(lang))}</li>"
             for i in issues]
    items += [f"<li><b>{escape(t('plan_app.report.hint', lang))}:</b> {escape(h.message(lang))}</li>"
              for h in hints or []]
    if not items:
        return ""
    return (f"<h3>{escape(t('plan_app.report.remarks', lang))}</h3>"
            f'<ul class="issues">{"".join(items)}</ul>')


def _extra_fields(values, lang) -> str:
    lines = []
    for name, options in PLAN_EXTRA_FIELDS.items():
        value = values.get(name)
        if value in options:
            lines.append(f'<div class="field"><span class="label">'
                         f'{escape(t("plan_app.field." + name, lang))}:</span> '
                         f'{escape(t(f"plan_app.{name}.{value}", lang))}</div>')
    return "".join(lines)


def financial_tables(model, result, lang, issues=(), hints=()) -> str:
    """Section IV tables (Bảng 1–6) and the remarks, as HTML."""
    n = iter(range(1, 10))
    return (_caption("finance.sheet.startup_capital", lang, next(n)) + _startup_table(model, result, lang)
            + _caption("finance.sheet.sales_forecast", lang, next(n)) + _sales_forecast(model, result, lang)
            + _caption("finance.sheet.sales_cost", lang, next(n)) + _sales_cost(model, result, lang)
            + _caption("finance.sheet.cash_flow", lang, next(n)) + _cash_flow(model, result, lang)
            + _caption("finance.sheet.loan_schedule", lang, next(n)) + _loans(model, result, lang)
            + f"<h3>{escape(t('plan_app.report.indicators', lang))}</h3>" + _indicators(result, lang)
            + _issues(issues, hints, lang))


def plan_html(plan, lang: str = "vi", result=None, *, form_def: dict | None = None,
              hints=None) -> str:
    """The whole plan (a :class:`~ocop_kit.finance.BusinessPlan`) as a printable HTML page.

    ``result`` avoids computing twice; ``hints`` (consistency hints) are listed in the remarks.
    A plan whose financial inputs are invalid prints its texts and says which tables are missing.
    """
    lang = normalize_lang(lang)
    form_def = form_def or load_form("business_plan")
    model = plan.finance
    issues = []
    if result is None:
        try:
            result = compute(model)
        except PlanInputError as exc:
            result, issues = None, list(exc.issues)
    if result is not None:
        issues = check_plan(model, result)
    values = prefill(form_def, plan.business_plan or {}, {"product_idea": plan.product_idea or {}})
    values.update(computed_values(form_def, result))

    idea = plan.product_idea or {}
    product = values.get("product_name") or idea.get("product_name") or ""
    producer = values.get("producer_name") or idea.get("producer_name") or ""
    body = [national_header(pick(form_def["form_number"], lang), lang),
            f"<h1>{escape(pick(form_def['title'], lang))}</h1>"]
    if plan.title:
        body.append(f'<p class="subtitle">{escape(plan.title)}</p>')
    if plan.illustrative:
        body.append(illustrative_banner(plan.note, lang))
    body.append(f'<div class="field"><span class="label">{escape(t("finance.label.product", lang))}:</span> '
                f'{escape(product) or "—"}</div>'
                f'<div class="field"><span class="label">{escape(t("finance.label.producer", lang))}:</span> '
                f'{escape(producer) or "—"}</div>')
    part = None
    for section in form_def["sections"]:
        label = pick(section.get("part") or section["title"], lang)
        if label != part:
            body.append(f"<h2>{escape(label)}</h2>")
            part = label
        number = section.get("number", "")
        body.append(f"<h3>{escape(number)}. {escape(pick(section['title'], lang))}</h3>" if number
                    else f"<h3>{escape(pick(section['title'], lang))}</h3>")
        for f in section["fields"]:
            body.append(f'<div class="field"><span class="label">{escape(pick(f["label"], lang))}:</span>'
                        f'<div class="value">{field_value_html(f, values, lang)}</div></div>')
        if section["id"] == "operations":
            body.append(_extra_fields(plan.business_plan or {}, lang))
    body.append(f"<h2>{escape(t('plan_app.report.tables', lang))}</h2>")
    if result is None:
        body.append(f"<p><b>{escape(t('plan_app.report.no_tables', lang, count=len(issues)))}</b></p>")
    else:
        body.append(financial_tables(model, result, lang, issues, hints))
    body.append(signature_block(lang, "plan_app.report.sign_representative"))
    title = f"{pick(form_def['form_number'], lang)} – {product}" if product else pick(form_def["title"], lang)
    return document(title, "".join(body), lang)
