"""Cells a spreadsheet opens safely: what a user wrote stays text, never a formula.

A product named "=HYPERLINK(…)" or "@SUM(…)" in an exported workbook or CSV would run as a
formula in Excel or LibreOffice (CSV/formula injection). Every text cell the kit writes from
user input goes through :func:`safe_text` (and, for XLSX, :func:`write_text`):

- control characters (which openpyxl refuses and which break CSV readers) are removed, and
  the caller is told so it can add a note;
- text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written as
  text: in XLSX as a string cell with Excel's quote prefix (the value is unchanged); in CSV
  with a leading apostrophe, the usual defence.
"""
from __future__ import annotations

import csv
import io
import re

__all__ = ["FORMULA_STARTS", "strip_control", "safe_text", "csv_cell", "write_text", "write_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls except tab, line feed and carriage return (kept: they are text), DEL, C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control(text: str) -> tuple[str, bool]:
    """(text without control characters, whether any were removed)."""
    cleaned = _CONTROL.sub("", text)
    return cleaned, cleaned != text


def safe_text(value) -> tuple[str, bool, bool]:
    """(clean text, control characters removed?, would start a formula?)."""
    text, stripped = strip_control("" if value is None else str(value))
    return text, stripped, text.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A value for a CSV row: numbers as they are, text cleaned and, when it could start a
    formula, prefixed with an apostrophe."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text, _stripped, formula = safe_text(value)
    return "'" + text if formula else text


def write_csv(rows) -> str:
    """CSV text for ``rows`` with every text cell made safe (see :func:`csv_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def write_text(cell, value) -> bool:
    """Put user text into an openpyxl cell as text (never a formula); True when control
    characters had to be removed."""
    text, stripped, formula = safe_text(value)
    cell.value = text
    cell.data_type = "s"
    if formula:
        cell.quotePrefix = True
    return stripped
