"""A workshop's submitted results for the facilitator: one table (XLSX, CSV) and a zip of reports.

One row per trainee and product: the newest submitted self-assessment of each product a
trainee submitted (read by ``ocop_kit.services.workshop_entries``), its total, parts, band
star, star after the minimums, the minimums not met, the score counted for every criterion,
and the figures of the trainee's newest submitted business plan when there is one. Drafts never submitted are left out.

Every text cell goes through :mod:`ocop_kit.reports.safe_cells` (a product called
"=HYPERLINK(…)" stays text). The facilitator passphrase and PINs are never read here.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from ..cohort import PlanFigures
from ..i18n import t
from ..scoring import ScoreResult, format_points
from ..storage import Draft
from ..text import slugify
from .safe_cells import write_csv, write_text

__all__ = ["Entry", "table", "to_csv", "to_xlsx", "reports_zip",
           "XLSX_MIME", "ZIP_MIME", "CSV_MIME"]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"
CSV_MIME = "text/csv"
_PLAN_FIELDS = ("revenue_y1", "net_profit_y1", "net_profit_y3", "cash_low_point", "cash_low_month",
                "first_negative_month", "breakeven_by_y3", "payback_months")
_MONEY_FIELDS = {"revenue_y1", "net_profit_y1", "net_profit_y3", "cash_low_point"}


@dataclass
class Entry:
    """One row: ``services.workshop_entries`` reads them from the store."""

    trainee: str  # display name
    owner: str
    draft: Draft
    model: Any  # the self-assessment app's model (``apps.assessment.Assessment``)
    result: ScoreResult
    plan: PlanFigures | None

    @property
    def product(self) -> str:
        return str(self.model.info.get("product") or self.draft.title or "").strip()


def _code_key(code: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code)]


def table(entries: list[Entry], lang: str = "vi") -> tuple[list[str], list[list]]:
    """(header, rows); numbers stay numbers, a criterion a product's set lacks is empty."""
    parts = sorted({p for e in entries for p in e.result.parts})
    codes = sorted({r.code for e in entries for r in e.result.rows}, key=_code_key)
    header = [t(f"facilitator.export_col_{k}", lang) for k in
              ("trainee", "product", "version", "set", "saved", "total")]
    header += [t("facilitator.export_col_part", lang, part=p) for p in parts]
    header += [t(f"facilitator.export_col_{k}", lang) for k in ("band_stars", "stars", "minimums")]
    header += codes
    header += [t(f"facilitator.export_col_{k}", lang) for k in _PLAN_FIELDS]
    rows = []
    for e in entries:
        r = e.result
        counted = {row.code: row.counted for row in r.rows}
        unmet = "; ".join(f"{m.code}: {format_points(m.has, lang)} < {format_points(m.needs, lang)} ({m.star}★)"
                          for m in r.minimums_unmet)
        row = [e.trainee, e.product, e.model.version.id, e.model.cset.name,
               e.draft.updated_at.strftime("%Y-%m-%d %H:%M"), r.total]
        row += [r.parts.get(p, "") for p in parts]
        row += [r.band_stars, r.stars, unmet]
        row += [counted.get(c, "") for c in codes]
        if e.plan is None:
            row += [""] * len(_PLAN_FIELDS)
        else:
            for name in _PLAN_FIELDS:
                value = getattr(e.plan, name)
                if isinstance(value, bool):
                    value = t("facilitator.export_yes" if value else "facilitator.export_no", lang)
                row.append("" if value is None else value)
        rows.append(row)
    return header, rows


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the Vietnamese letters."""
    return ("\ufeff" + write_csv([header, *rows])).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list], lang: str = "vi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = t("facilitator.export_sheet", lang)[:31]
    money = [i for i, h in enumerate(header)
             if h in {t(f"facilitator.export_col_{k}", lang) for k in _MONEY_FIELDS}]
    for col, text in enumerate(header, 1):
        cell = ws.cell(row=1, column=col)
        write_text(cell, text)
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
                if c - 1 in money:
                    cell.number_format = '#,##0 "đ"'
            elif value != "":
                write_text(cell, value)
    ws.freeze_panes = "C2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_name(index: int, entry: Entry) -> str:
    stem = "-".join(x for x in (slugify(entry.trainee)[:30], slugify(entry.product)[:40]) if x) or "ocop"
    return f"{index:02d}-{stem}.html"


def reports_zip(entries: list[Entry], lang: str = "vi") -> bytes:
    """Every entry's printable A4 report (HTML), one file each."""
    from .assessment_html import render_html

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, entry in enumerate(entries, 1):
            zf.writestr(report_name(i, entry), render_html(entry.model, lang))
    return out.getvalue()
