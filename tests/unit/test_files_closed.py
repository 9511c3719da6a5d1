"""The criteria sheet reader closes its file on every path: read to the end, stopped early,
refused on the header, or refused half-way through the rows (CSV and XLSX)."""
from __future__ import annotations

import csv
import os

import psutil
import pytest
from openpyxl import Workbook

from ocop_kit.errors import InputError
from ocop_kit.rubric import load_with_sheet
from ocop_kit.rubric.sheet import MAX_CELL_CHARS, read_rows

HEADER = ["set_name", "part", "section", "criterion", "level", "points"]
ROWS = [["Bộ thử", part, f"{i}. Phần {part}", f"{i}.1. Tiêu chí {part}", level, points]
        for i, (part, top) in enumerate((("A", "40"), ("B", "25"), ("C", "35")), start=1)
        for level, points in (("Không có", "0"), ("Đầy đủ", top))]


def open_paths() -> set[str]:
    return {os.path.realpath(f.path) for f in psutil.Process().open_files()}


def write(path, rows, header=HEADER):
    if path.suffix == ".xlsx":
        book = Workbook()
        for row in [header, *rows]:
            book.active.append(row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
    return path


def assert_closed(path):
    assert os.path.realpath(path) not in open_paths()


@pytest.fixture(params=[".csv", ".xlsx"])
def suffix(request):
    return request.param


def test_closed_after_reading_every_row(tmp_path, suffix):
    path = write(tmp_path / f"ok{suffix}", ROWS)
    version, result = load_with_sheet("qd148-2023", path)
    assert result.problems == [] and version.find_set("bo-thu") is not None
    assert_closed(path)


def test_open_while_reading_and_closed_when_stopped_early(tmp_path, suffix):
    path = write(tmp_path / f"ok{suffix}", ROWS)
    with read_rows(path) as (header, rows):
        assert [h for h in header if h] == HEADER  # an XLSX header is padded to its columns
        first = next(rows)
        assert first[0] == 2 and first[1]["set_name"] == "Bộ thử"
        assert os.path.realpath(path) in open_paths()  # the check can see an open file
    assert_closed(path)


def test_closed_when_the_header_lacks_a_column(tmp_path, suffix):
    path = write(tmp_path / f"no-points{suffix}", [r[:-1] for r in ROWS], header=HEADER[:-1])
    _, result = load_with_sheet("qd148-2023", path)
    assert [p.key for p in result.problems] == ["sheet.missing_column"]
    assert_closed(path)


def test_closed_when_a_row_is_refused_half_way(tmp_path, suffix):
    rows = [*ROWS[:3], [*ROWS[3][:4], "x" * (MAX_CELL_CHARS + 1), ROWS[3][5]], *ROWS[4:]]
    path = write(tmp_path / f"long{suffix}", rows)
    with pytest.raises(InputError) as caught:
        load_with_sheet("qd148-2023", path)
    assert caught.value.key == "sheet.cell_too_long" and caught.value.params["row"] == 5
    assert_closed(path)


def test_closed_when_a_csv_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\nB\xe9 th\xfa,A,1,1.1,x,0\n")
    with pytest.raises(InputError) as caught:
        load_with_sheet("qd148-2023", path)
    assert caught.value.key == "input.not_utf8"
    assert_closed(path)


def test_closed_when_an_xlsx_formula_has_no_saved_value(tmp_path):
    path = tmp_path / "formula.xlsx"
    book = Workbook()
    book.active.append(HEADER)
    book.active.append([*ROWS[0][:5], "=1+1"])  # openpyxl saves the formula, never its value
    book.save(path)
    with pytest.raises(InputError) as caught:
        load_with_sheet("qd148-2023", path)
    assert caught.value.key == "sheet.formula"
    assert_closed(path)
