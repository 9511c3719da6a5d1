"""User criteria sheets (CSV/XLSX): every problem names file, row and column."""
import csv

import pytest
from openpyxl import Workbook

from ocop_kit.rubric import load_with_sheet

HEADER = ["set_name", "part", "section", "criterion", "level", "points", "rule", "mandatory", "effort"]


def sheet_rows(parts=(("A", 40), ("B", 25), ("C", 35))):
    """A tiny valid 2023-style set: each part is one criterion with levels 0 and max."""
    rows = []
    for i, (part, top) in enumerate(parts, start=1):
        rows.append(["Bộ thử", part, f"{i}. Phần {part}", f"{i}.1. Tiêu chí {part}", "Không có", "0", "", "", ""])
        rows.append(["Bộ thử", part, f"{i}. Phần {part}", f"{i}.1. Tiêu chí {part}", "Đầy đủ", str(top), "", "", ""])
    return rows


def write_csv(path, rows, header=HEADER):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_valid_148_sheet_builds_a_set(tmp_path):
    version, result = load_with_sheet("qd148-2023", write_csv(tmp_path / "ok.csv", sheet_rows()))
    assert result.problems == []
    cset = version.find_set("bo-thu")
    assert [c.code for c in cset.criteria] == ["A.1.1", "B.2.1", "C.3.1"]
    assert cset.part_sum("A") == 40


def test_xlsx_sheet_is_read_like_csv(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in sheet_rows():
        sheet.append([int(v) if v.isdigit() else v for v in row])
    book.save(tmp_path / "ok.xlsx")
    version, result = load_with_sheet("qd148-2023", tmp_path / "ok.xlsx")
    assert result.problems == [] and version.find_set("Bộ thử").part_sum("C") == 35


@pytest.mark.parametrize("mutate, key, column, row", [
    (lambda r: r.__setitem__(1, ["Bộ thử", "B", "2. x", "1.1. Tiêu chí A", "Khác", "20", "", "", ""]),
     "sheet.part_sum", "points", None),
    (lambda r: r[1].__setitem__(5, ""), "sheet.no_points", "points", 3),
    (lambda r: r[1].__setitem__(5, "nhiều"), "sheet.bad_number", "points", 3),
    (lambda r: r[1].__setitem__(1, "D"), "sheet.unknown_part", "part", 3),
    (lambda r: r[1].__setitem__(4, "Không có"), "sheet.duplicate_level", "level", 3),
    (lambda r: r[0].__setitem__(6, "magic"), "sheet.bad_rule", "rule", 2),
    (lambda r: r[0].__setitem__(6, "requires:Z.1"), "sheet.rule_unknown_code", "rule", 2),
    (lambda r: r[0].__setitem__(6, "gate:no_such_fact"), "sheet.rule_unknown_fact", "rule", 2),
    (lambda r: r[0].__setitem__(7, "mấy"), "sheet.bad_number", "mandatory", 2),
])
def test_each_problem_is_named_with_row_and_column(tmp_path, mutate, key, column, row):
    rows = sheet_rows()
    mutate(rows)
    _, result = load_with_sheet("qd148-2023", write_csv(tmp_path / "bad.csv", rows))
    found = [p for p in result.problems if p.key == key]
    assert found, [p.key for p in result.problems]
    assert found[0].column == column and found[0].file == "bad.csv"
    if row:
        assert found[0].row == row
    assert found[0].message("en").startswith("bad.csv, row ")


def test_duplicate_codes_between_two_criteria(tmp_path):
    rows = sheet_rows()
    rows[2:2] = [["Bộ thử", "A", "1. Phần A", "1.1. Tiêu chí khác", "Có", "1", "", "", ""]]
    _, result = load_with_sheet("qd148-2023", write_csv(tmp_path / "dup.csv", rows))
    assert any(p.key == "sheet.duplicate_code" and p.params["code"] == "A.1.1" for p in result.problems)


def test_missing_column_is_reported_on_the_header_row(tmp_path):
    path = write_csv(tmp_path / "cols.csv", [r[:5] for r in sheet_rows()], header=HEADER[:5])
    _, result = load_with_sheet("qd148-2023", path)
    assert [(p.key, p.row, p.column) for p in result.problems] == [("sheet.missing_column", 1, "points")]


def test_mandatory_and_effort_columns_reach_the_model(tmp_path):
    rows = sheet_rows()
    rows[0][7] = "1"
    rows[0][8] = "2,5"
    version, result = load_with_sheet("qd148-2023", write_csv(tmp_path / "m.csv", rows))
    c = version.find_set("Bộ thử").by_code()["A.1.1"]
    assert result.problems == []
    assert c.effort == 2.5
    # "mandatory" is a minimum for the first certified star, and so for every star above it.
    assert (c.minimum(2), c.minimum(3), c.minimum(5)) == (None, 1, 1)
