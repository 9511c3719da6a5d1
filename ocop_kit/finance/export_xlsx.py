"""The financial plan as an XLSX workbook: one sheet per SIYB-style worksheet.

Numbers are written as numbers (so trainees can keep calculating in Excel), money cells carry
a VND number format, titles and headers come from the finance catalog (Vietnamese by default).
Every text cell goes through :mod:`ocop_kit.reports.safe_cells` (what a user wrote is never a
formula; control characters are removed and the info sheet says so). A last sheet, "Công
thức", repeats the sales and contribution with live formulas so a what-if typed in the
spreadsheet recomputes. openpyxl is imported inside :func:`export_xlsx` so that importing the
finance package stays light.
"""
from __future__ import annotations

import io

from ..i18n import t
from ..money import format_number, round_vnd
from ..reports.safe_cells import write_text
from .compute import HORIZON, PlanResult, calendar_month, compute
from .compute import _f as _exact
from .model import MONTHS, PLAN_YEARS, BusinessPlan, FinanceModel
from .taxes import regime_summary, sources, tax_data

__all__ = ["export_xlsx", "SHEET_KEYS"]

SHEET_KEYS = ("finance.sheet.info", "finance.sheet.sales_forecast", "finance.sheet.sales_cost",
              "finance.sheet.cash_flow", "finance.sheet.startup_capital",
              "finance.sheet.loan_schedule", "finance.sheet.formulas")


def _formats(lang):
    unit = "VND" if lang == "en" else "đ"
    return {"vnd": f'#,##0" {unit}";-#,##0" {unit}"', "qty": "#,##0.##", "pct": '0.0" %"',
            "int": "0"}


class _Sheet:
    """Row-by-row writer that remembers formats, to keep the builders short."""

    def __init__(self, ws, fmt, bold):
        self.ws, self.fmt, self.bold, self.row = ws, fmt, bold, 1
        self.cleaned = False  # control characters were removed from some text

    def line(self, *values, kind=None, strong=False, kinds=None):
        for col, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = self.ws.cell(row=self.row, column=col)
            if isinstance(value, str):
                self.cleaned |= write_text(cell, value)
            else:
                cell.value = value
            k = (kinds[col - 1] if kinds and col - 1 < len(kinds) else None) or (
                kind if col > 1 else None)
            if k and isinstance(value, (int, float)):
                cell.number_format = self.fmt[k]
            if strong:
                cell.font = self.bold
        self.row += 1

    def skip(self, n=1):
        self.row += n


def _rate(pct, lang):
    return format_number(pct, 0 if float(pct).is_integer() else 2, lang)


def _month_labels(model, lang, last=HORIZON):
    labels = []
    for m in range(1, last + 1):
        cy, cm = calendar_month(model, m)
        labels.append(t("finance.label.month_short", lang, month=m, cal=f"{cm:02d}/{cy}"))
    return labels


def export_xlsx(plan, lang: str = "vi", result: PlanResult | None = None) -> bytes:
    """Workbook bytes for a :class:`BusinessPlan` or a bare :class:`FinanceModel`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if isinstance(plan, BusinessPlan):
        model, doc = plan.finance, plan
    elif isinstance(plan, FinanceModel):
        model, doc = plan, BusinessPlan(finance=plan)
    else:
        raise TypeError("export_xlsx needs a BusinessPlan or a FinanceModel")
    lang = "en" if (lang or "vi")[:2] == "en" else "vi"
    r = result if result is not None else compute(model)
    wb = Workbook()
    fmt, bold = _formats(lang), Font(bold=True)
    builders = (_info, _sales_forecast, _sales_cost, _cash_flow, _startup, _loans, _formulas)
    sheets = []
    for index, (key, build) in enumerate(zip(SHEET_KEYS, builders, strict=True)):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = t(key, lang)[:31]
        sheet = _Sheet(ws, fmt, bold)
        sheet.line(t(key, lang), strong=True)
        sheet.skip()
        build(sheet, doc, model, r, lang)
        sheets.append(sheet)
        ws.column_dimensions["A"].width = 42
        for col in range(2, 45):
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 15
    if any(s_.cleaned for s_ in sheets):
        info = sheets[0]
        info.skip()
        info.line(t("finance.label.cleaned_note", lang), strong=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _years_header(s, lang, first):
    s.line(first, *[t("finance.label.year", lang, year=y) for y in range(1, PLAN_YEARS + 1)],
           strong=True)


def _info(s, doc, model, r, lang):
    idea = doc.product_idea or {}
    rows = [("finance.label.plan_title", doc.title),
            ("finance.label.product", idea.get("product_name", "")),
            ("finance.label.producer", idea.get("producer_name", "")),
            ("finance.label.start", f"{model.start_month:02d}/{model.start_year}"),
            ("finance.label.tax_regime", regime_summary(model, lang))]
    for key, value in rows:
        s.line(t(key, lang), value)
    s.line(t("finance.label.tax_sources", lang, date=tax_data()["checked"]))
    for src in sources(model.tax_regime, vat=bool(model.vat_rate_pct)):
        s.line("", src["law"] + ("" if src["verified"] else f" ({t('finance.label.unverified', lang)})"))
    if model.tax_regime == "household":
        from ..i18n import pick
        s.line("", pick(tax_data()["changing_note"], lang))
    if doc.note:
        s.skip()
        s.line(doc.note, strong=True)
    s.skip()
    s.line(t("finance.label.generated_note", lang))


def _sales_forecast(s, doc, model, r, lang):
    months = _month_labels(model, lang, MONTHS)
    years = [t("finance.label.year", lang, year=y) for y in range(1, PLAN_YEARS + 1)]
    s.line(t("finance.label.volume_units", lang), *months, *years, strong=True)
    for p in model.products:
        vols = [*p.monthly_volume_y1, p.volume(1), p.volume(2), p.volume(3)]
        s.line(f"{p.name} ({p.unit})" if p.unit else p.name, *vols, kind="qty")
    s.skip()
    s.line(t("finance.label.revenue", lang), *months, *years, strong=True)
    totals = [0] * MONTHS
    for i, p in enumerate(model.products):
        monthly = [round_vnd(_exact(v) * p.unit_price) for v in p.monthly_volume_y1]
        totals = [a + b for a, b in zip(totals, monthly, strict=True)]
        s.line(p.name, *monthly, *[y.by_product[i].revenue for y in r.years], kind="vnd")
    s.line(t("finance.label.total", lang), *totals, *[y.revenue for y in r.years], kind="vnd",
           strong=True)
    if any(p.monthly_production_y1 is not None for p in model.products):
        s.skip()
        s.line(t("finance.label.production", lang), *months, strong=True)
        for p in model.products:
            if p.monthly_production_y1 is not None:
                s.line(p.name, *p.monthly_production_y1, kind="qty")
    s.skip()
    s.line(t("finance.label.unit_prices", lang), t("finance.label.unit_price", lang),
           t("finance.label.raw_material", lang), t("finance.label.packaging", lang),
           t("finance.label.labour", lang), t("finance.label.unit_variable_cost", lang),
           t("finance.label.unit_margin", lang), strong=True)
    for p in model.products:
        s.line(p.name, p.unit_price, p.raw_material, p.packaging, p.labour,
               p.unit_variable_cost, p.unit_margin, kind="vnd")


def _sales_cost(s, doc, model, r, lang):
    _years_header(s, lang, t("finance.label.item", lang))
    y = r.years

    def row(key, attr, strong=False):
        s.line(t(key, lang), *[getattr(v, attr) for v in y], kind="vnd", strong=strong)

    row("finance.label.revenue", "revenue", True)
    row("finance.label.cost_of_goods", "cost_of_goods")
    row("finance.label.gross_margin", "gross_margin", True)
    row("finance.label.fixed_costs", "fixed_costs")
    for c in model.fixed_costs:
        s.line("   " + c.name, *[c.yearly_amount] * PLAN_YEARS, kind="vnd")
    row("finance.label.depreciation", "depreciation")
    row("finance.label.operating_profit", "operating_profit", True)
    row("finance.label.interest", "interest")
    row("finance.label.profit_before_tax", "profit_before_tax")
    s.line(t("finance.label.tax_with_rate", lang, rate=_rate(model.tax_rate_pct, lang)),
           *[v.tax for v in y], kind="vnd")
    row("finance.label.net_profit", "net_profit", True)
    s.skip()
    # per product line: a sum of 10 ml and 50 ml bottles means nothing
    for i, p in enumerate(model.products):
        s.line(t("finance.label.breakeven_volume_line", lang, product=p.name, unit=p.unit),
               *[v.by_product[i].breakeven_volume for v in y], kind="qty")
    s.line(t("finance.label.breakeven_revenue", lang),
           *[v.breakeven_revenue for v in y], kind="vnd")
    s.line(t("finance.label.planned_volume", lang), *[v.volume for v in y], kind="qty")
    s.skip()
    s.line(t("finance.label.breakeven_month", lang), r.breakeven_month_y1, kinds=[None, "int"])
    s.line(t("finance.label.profit_month", lang), r.profit_month_y1, kinds=[None, "int"])
    s.line(t("finance.label.breakeven_explain", lang))
    s.line(t("finance.label.payback_months", lang), r.payback_months, kinds=[None, "int"])
    s.skip()
    s.line(t("finance.label.dscr", lang), *[None if d is None else round(d, 2) for d in r.dscr],
           kind="qty")


def _cash_flow(s, doc, model, r, lang):
    s.line(t("finance.label.item", lang), *_month_labels(model, lang),
           *[t("finance.label.year", lang, year=y) for y in range(1, PLAN_YEARS + 1)], strong=True)
    rows = [("finance.label.opening_cash", "opening", False),
            ("finance.label.cash_sales", "sales", False),
            ("finance.label.cash_funding", "funding", False),
            ("finance.label.cash_in", "cash_in", True),
            ("finance.label.cash_investment", "investment", False),
            ("finance.label.raw_material", "raw_material", False),
            ("finance.label.cash_packaging_labour", "packaging_labour", False),
            ("finance.label.fixed_costs", "fixed_costs", False),
            ("finance.label.interest", "interest", False),
            ("finance.label.principal", "principal", False),
            ("finance.label.tax", "tax", False),
            ("finance.label.vat", "vat", False),
            ("finance.label.drawings", "drawings", False),
            ("finance.label.cash_out", "cash_out", True),
            ("finance.label.closing_cash", "closing", True)]
    for key, attr, strong in rows:
        values = [getattr(m, attr) for m in r.months]
        if attr in ("vat", "drawings") and not any(values):
            continue
        totals = []
        for y in range(PLAN_YEARS):
            part = values[y * MONTHS:(y + 1) * MONTHS]
            totals.append(part[0] if attr == "opening" else part[-1] if attr == "closing"
                          else sum(part))
        s.line(t(key, lang), *values, *totals, kind="vnd", strong=strong)
    for stock in r.stocks:
        if any(stock.finished) or any(stock.raw):
            s.line(t("finance.label.stock_finished", lang, product=stock.name), *stock.finished,
                   kind="qty")
            s.line(t("finance.label.stock_raw", lang, product=stock.name), *stock.raw, kind="qty")
    s.skip()
    s.line(t("finance.label.cash_low_point", lang), r.cash_low_point, kinds=[None, "vnd"])
    s.line(t("finance.label.cash_low_month", lang), r.cash_low_month, kinds=[None, "int"])
    s.line(t("finance.label.startup_capital_needed", lang), r.startup_capital_needed,
           kinds=[None, "vnd"])
    if r.repayment_low_point is not None:
        s.line(t("finance.label.repayment_low_point", lang), r.repayment_low_point,
               kinds=[None, "vnd"])
        s.line(t("finance.label.repayment_low_month", lang), r.repayment_low_month,
               kinds=[None, "int"])
    s.line(t("finance.label.receivables_end", lang), r.receivables_end, kinds=[None, "vnd"])
    s.line(t("finance.label.payables_end", lang), r.payables_end, kinds=[None, "vnd"])


def _startup(s, doc, model, r, lang):
    inv, f = model.investment, model.funding
    s.line(t("finance.label.investment", lang), t("finance.label.amount", lang),
           t("finance.label.useful_life", lang), t("finance.label.depreciation_year", lang),
           strong=True)
    for a in inv.equipment + inv.premises:
        s.line(a.name, a.cost, a.useful_life_years, round_vnd(a.depreciation(1)),
               kinds=[None, "vnd", "int", "vnd"])
    s.line(t("finance.label.working_capital", lang), inv.working_capital, kind="vnd")
    s.line(t("finance.label.working_capital_computed", lang), r.working_capital_computed,
           kind="vnd")
    s.line(t("finance.label.total_investment", lang), r.total_investment, kind="vnd", strong=True)
    s.skip()
    s.line(t("finance.label.funding", lang), t("finance.label.amount", lang),
           t("finance.label.share", lang), t("finance.label.source_month", lang), strong=True)

    def share(x):
        return x * 100 / r.funding_total if r.funding_total else 0

    s.line(t("finance.label.opening_cash_source", lang), model.opening_cash, None, 1,
           kinds=[None, "vnd", None, "int"])
    for key, value, month in (("finance.label.own_capital", f.own_capital, f.own_capital_month),
                              ("finance.label.members_contributions", f.members_contributions,
                               f.members_month),
                              ("finance.label.grants", f.grants, f.grants_month)):
        s.line(t(key, lang), value, share(value), month, kinds=[None, "vnd", "pct", "int"])
    for loan in f.loans:
        s.line(t("finance.label.loan_named", lang, lender=loan.lender), loan.amount,
               share(loan.amount), loan.start_month, kinds=[None, "vnd", "pct", "int"])
    s.line(t("finance.label.funding_total", lang), r.funding_total, kind="vnd", strong=True)
    s.line(t("finance.label.funding_coverage", lang), r.funding_coverage_pct, kind="pct")
    s.skip()
    s.line(t("finance.label.startup_capital_needed", lang), r.startup_capital_needed, kind="vnd",
           strong=True)
    s.line(t("finance.label.startup_capital_hint", lang))


def _loans(s, doc, model, r, lang):
    if not r.loan_schedules:
        s.line(t("finance.label.no_loans", lang))
        return
    for sched in r.loan_schedules:
        s.line(t("finance.label.loan_named", lang, lender=sched.lender), sched.amount,
               t("finance.label.rate_value", lang, rate=_rate(sched.annual_rate_pct, lang)),
               kinds=[None, "vnd"], strong=True)
        s.line(t("finance.label.month", lang), t("finance.label.calendar_month", lang),
               t("finance.label.opening_balance", lang), t("finance.label.interest", lang),
               t("finance.label.principal", lang), t("finance.label.payment", lang),
               t("finance.label.closing_balance", lang), strong=True)
        for p in sched.payments:
            cy, cm = calendar_month(model, p.month)
            s.line(p.month, f"{cm:02d}/{cy}", p.opening_balance, p.interest, p.principal,
                   p.payment, p.closing_balance, kinds=[None, None, "vnd", "vnd", "vnd", "vnd", "vnd"])
        s.line(t("finance.label.total", lang), None, None,
               sum(p.interest for p in sched.payments), sum(p.principal for p in sched.payments),
               sum(p.payment for p in sched.payments), kinds=[None, None, None, "vnd", "vnd", "vnd"],
               strong=True)
        s.skip()


def _formulas(s, doc, model, r, lang):
    """Sales and contribution with live formulas (year-1 prices and costs, no growth or VAT),
    so a trainer can change a price or a volume in the spreadsheet and see the totals move."""
    s.line(t("finance.label.formulas_note", lang))
    s.skip()
    years = [t("finance.label.year", lang, year=y) for y in range(1, PLAN_YEARS + 1)]
    s.line(t("finance.label.product", lang), t("finance.label.unit_price", lang),
           t("finance.label.unit_variable_cost", lang), *years,
           *[f"{t('finance.label.revenue', lang)} – {y}" for y in years],
           *[f"{t('finance.label.gross_margin', lang)} – {y}" for y in years], strong=True)
    first = s.row
    for p in model.products:
        row = s.row
        s.line(p.name, p.unit_price, p.unit_variable_cost, p.volume(1), p.volume(2), p.volume(3),
               kinds=[None, "vnd", "vnd", "qty", "qty", "qty"])
        for k, col in enumerate("DEF"):
            rev = s.ws.cell(row=row, column=7 + k, value=f"=B{row}*{col}{row}")
            rev.number_format = s.fmt["vnd"]
            con = s.ws.cell(row=row, column=10 + k, value=f"=(B{row}-C{row})*{col}{row}")
            con.number_format = s.fmt["vnd"]
    last = s.row - 1
    total = s.row
    s.line(t("finance.label.total", lang), strong=True)
    for number in range(7, 13):
        letter = s.ws.cell(row=total, column=number).column_letter
        cell = s.ws.cell(row=total, column=number, value=f"=SUM({letter}{first}:{letter}{last})")
        cell.number_format = s.fmt["vnd"]
    fixed = s.row
    s.line(t("finance.label.fixed_costs", lang) + " + " + t("finance.label.depreciation", lang)
           + " + " + t("finance.label.interest", lang), *[None] * 8,
           *[y.breakeven_fixed for y in r.years], kind="vnd")
    s.line(t("finance.label.profit_before_tax", lang), strong=True)
    for k in range(3):
        letter = s.ws.cell(row=total, column=10 + k).column_letter
        cell = s.ws.cell(row=s.row - 1, column=10 + k, value=f"={letter}{total}-{letter}{fixed}")
        cell.number_format = s.fmt["vnd"]
