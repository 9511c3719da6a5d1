"""Issue 11: exports safe to open. Every text cell a user wrote that starts with =, +, -, @,
a tab or a carriage return is text in every XLSX and CSV the kit writes; control characters
are removed, never a crash, and the workbook says so.

The kit writes spreadsheets in one place: the business plan's XLSX (app and
``ocop-kit business-plan --xlsx``). Facilitator and self-assessment exports are JSON, HTML,
DOCX and PDF; the CSV helper is tested for any CSV export that comes."""
import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_kit.finance import load_plan
from ocop_kit.finance.export_xlsx import export_xlsx
from ocop_kit.reports.safe_cells import FORMULA_STARTS, csv_cell, safe_text, write_csv

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "plans" / "mien-dong-tai-hoan.json"
HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cells_that_could_start_a_formula_are_text(text):
    assert text.startswith(FORMULA_STARTS)
    assert csv_cell(text) == "'" + text
    rows = list(csv.reader(io.StringIO(write_csv([[text, 5]]))))
    assert rows[0][0].startswith("'") and rows[0][1] == "5"


def test_csv_strips_control_characters_and_keeps_numbers():
    assert safe_text("Trà\x00 xanh\x07") == ("Trà xanh", True, False)
    assert csv_cell(-5) == -5 and csv_cell("Miến") == "Miến"


@pytest.mark.parametrize("text", HOSTILE)
def test_business_plan_xlsx_writes_user_text_as_text(text):
    plan = load_plan(SAMPLE)
    plan.title = text
    plan.finance.products[0].name = text
    plan.finance.products[0].unit = text
    plan.finance.fixed_costs[0].name = text
    plan.finance.funding.loans[0].lender = text
    plan.finance.investment.equipment[0].name = text
    wb = load_workbook(io.BytesIO(export_xlsx(plan, "vi")))
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and text.strip() and text.strip("\t\r") in cell.value \
                        and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    found += 1
    assert found >= 5
    # the formulas the kit itself writes stay formulas
    sheet = wb.worksheets[-1]
    assert any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_business_plan_xlsx_strips_control_characters_and_says_so():
    plan = load_plan(SAMPLE)
    plan.finance.products[0].name = "Miến\x00 dong\x1b 500 g"
    wb = load_workbook(io.BytesIO(export_xlsx(plan, "vi")))
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert "Miến dong 500 g" in texts
    assert any("ký tự điều khiển" in x for x in texts)


def test_live_formulas_recompute_totals():
    plan = load_plan(SAMPLE)
    wb = load_workbook(io.BytesIO(export_xlsx(plan, "vi")))
    ws = wb.worksheets[-1]
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
    first = rows["Miến dong Tài Hoan 500 g"]
    assert first[6].value == f"=B{first[0].row}*D{first[0].row}"
    total = rows["Tổng cộng"]
    assert total[6].value.startswith("=SUM(G")
