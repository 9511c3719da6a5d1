"""Issue 11: ``ocop-kit business-plan PLAN.json [--json] [--xlsx OUT.xlsx]``."""
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_kit.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "plans" / "mien-dong-tai-hoan.json"


def test_key_figures_as_json(capsys):
    assert main(["business-plan", str(SAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["cash_low_point"], data["cash_low_month"]) == (-561220000, 2)
    assert data["startup_capital_needed"] == 1641220000
    assert data["working_capital_typed"] == 300000000
    assert [y["revenue"] for y in data["years"]] == [2389000000, 2815000000, 3255000000]
    assert data["payback_months"] == 23 and data["breakeven_month_y1"] == 6
    assert data["repayment"]["fail_month"] == 1 and len(data["repayment"]["dscr"]) == 3
    assert "finance.working_capital_differs" in [w["key"] for w in data["warnings"]]


def test_text_and_workbook(capsys, tmp_path):
    out = tmp_path / "plan.xlsx"
    assert main(["business-plan", str(SAMPLE), "--xlsx", str(out), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Cash low point: -561,220,000 VND (month 2, 12/2026)" in text
    assert str(out) in text
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    assert len(wb.sheetnames) == 7


@pytest.mark.parametrize("content, words", [
    (None, "không tìm thấy tệp"),
    ("{not json", "plan.json"),
    ('{"finance": {"products": [{"name": "a", "unit_price": "abc"}]}}', "products[0].unit_price"),
    ('{"finance": {"products": [{"name": "a", "monthly_volume_y1": [1], "credit_days": -3}]}}',
     "products[0].credit_days"),
])
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, content, words):
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["business-plan", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert words in err


def test_unwritable_workbook_exits_2(capsys, tmp_path):
    assert main(["business-plan", str(SAMPLE), "--xlsx", str(tmp_path / "no" / "x.xlsx")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
