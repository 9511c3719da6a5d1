"""Criteria sheets: a CSV or XLSX table, one row per answer level, becomes criteria sets.

The shipped 2019 criteria are themselves such a sheet, so one reader and one checker
serve the kit's own data and any sheet a user brings (e.g. the 2023 criteria).
Every problem names the file, the row (header = row 1) and the column.
"""
from __future__ import annotations

import csv
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..i18n import LANGUAGES, t
from ..money import format_number
from ..text import collapse, plain_number, slugify, split_numbering
from .model import CriteriaSet, Criterion, Level, Rule
from .rules import check_rule

REQUIRED_COLUMNS = ("set_name", "part", "section", "criterion", "level", "points")
OPTIONAL_COLUMNS = (
    "set_id", "parent_criterion", "note", "evidence", "code", "case", "min_stars", "rule", "mandatory",
    "effort", "name_en", "section_en", "set_name_en", "parent_en", "evidence_en", "level_en", "note_en",
)
SUB_CRITERIA_MARK = "(has sub-criteria)"
LEVEL_COLUMNS = ("level", "level_en", "points", "case", "min_stars")


@dataclass
class SheetProblem:
    file: str
    row: int
    column: str
    key: str
    params: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        where = t("sheet.where", lang, file=self.file, row=self.row, column=self.column)
        return f"{where}: {t(self.key, lang, **self.params)}"


@dataclass
class SheetResult:
    sets: OrderedDict[str, CriteriaSet]
    problems: list[SheetProblem]
    gaps: list[SheetProblem]  # part sums that differ from the maximum in a set known to be incomplete


# What a criteria sheet may be: the shipped 2019 sheet is 2.1 MB, 2,700 rows, cells of at
# most 310 characters. Far larger is a mistake or an attack (a zip bomb, /dev/zero).
MAX_SHEET_BYTES = 20_000_000
MAX_XLSX_UNPACKED = 200_000_000  # declared uncompressed size of all parts of an .xlsx
MAX_SHEET_ROWS = 50_000
MAX_SHEET_COLUMNS = 100
MAX_CELL_CHARS = 20_000


def _limit_mb(limit: int) -> dict:
    return {lang: format_number(limit // 1_000_000, 0, lang) for lang in LANGUAGES}


def _open_checked(path: Path) -> None:
    """Refuse what is not a regular file of a sensible size, before reading a byte."""
    where = str(path)
    try:
        if not path.exists():
            raise InputError("input.not_found", where)
        if not path.is_file():
            raise InputError("input.not_a_file", where)
        size = path.stat().st_size
    except OSError as exc:
        raise InputError("input.unreadable", where, error=str(exc.strerror or exc)) from None
    if size > MAX_SHEET_BYTES:
        raise InputError("sheet.file_too_large", where, limit=_limit_mb(MAX_SHEET_BYTES))


def _check_row(where: str, number: int, values) -> None:
    if number > MAX_SHEET_ROWS + 1:
        raise InputError("sheet.too_many_rows", where, max=MAX_SHEET_ROWS)
    for value in values:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise InputError("sheet.cell_too_long", where, row=number, max=MAX_CELL_CHARS)


Rows = Iterator[tuple[int, dict]]


@contextmanager
def read_rows(path: str | Path) -> Iterator[tuple[list[str], Rows]]:
    """``with read_rows(path) as (header, rows)``: the header and a stream of (row number, row)
    from a CSV (UTF-8, with or without BOM) or XLSX file; the file is closed when the block
    ends, however it ends (all rows read, a problem raised, or the reader stopping early).

    Rows are streamed, not read all at once: a Voila kernel that loads the criteria keeps
    only the criteria, not a copy of every cell (a saving of several MB per session).
    Only a regular file within the limits above is read; anything else — and a file that is
    not UTF-8, not a valid XLSX, or has a formula without a value — raises
    :class:`InputError` in the user's language, also while the rows are streamed.
    """
    path = Path(path)
    _open_checked(path)
    with ExitStack() as opened:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            yield _read_xlsx(path, opened)
        else:
            yield _read_csv(path, opened)


def _read_csv(path: Path, opened: ExitStack) -> tuple[list[str], Rows]:
    where = str(path)
    handle = opened.enter_context(path.open(encoding="utf-8-sig", newline=""))
    reader = csv.reader(handle)

    def records():
        number = 1
        try:
            for number, values in enumerate(reader, start=1):
                _check_row(where, number, values)
                yield number, values
        except UnicodeDecodeError:
            raise InputError("input.not_utf8", where) from None
        except csv.Error:  # a field beyond the csv module's limit, a NUL byte, a stray quote
            raise InputError("sheet.bad_csv", where, row=number + 1) from None

    stream = records()
    try:
        header = [collapse(h).lower() for h in next(stream)[1][:MAX_SHEET_COLUMNS]]
    except StopIteration:
        return [], iter(())

    def rows():
        # row numbers count records, as a spreadsheet shows them (header = row 1)
        for number, values in stream:
            if any(v.strip() for v in values):
                yield number, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)}
    return header, rows()


def _read_xlsx(path: Path, opened: ExitStack) -> tuple[list[str], Rows]:
    """Read with two streaming views of the first sheet: cached values, and the cells
    themselves, so a formula without a saved value is named instead of read as empty.
    Both workbooks are closed with ``opened``."""
    import zipfile

    where = str(path)
    try:
        with zipfile.ZipFile(path) as archive:  # refuse zip bombs by the sizes the zip declares
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError("sheet.not_xlsx", where) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise InputError("sheet.xlsx_too_large", where, limit=_limit_mb(MAX_XLSX_UNPACKED))
    from openpyxl import load_workbook  # only needed for spreadsheets

    books = []
    try:
        for data_only in (True, False):
            books.append(load_workbook(path, read_only=True, data_only=data_only))
            opened.callback(books[-1].close)
        values = books[0].worksheets[0].iter_rows(values_only=True, max_col=MAX_SHEET_COLUMNS)
        cells = books[1].worksheets[0].iter_rows(max_col=MAX_SHEET_COLUMNS)
        # A row iterator stopped half-way keeps its part of the zip, and so the file, open
        # after the workbook is closed: the iterators are closed first.
        opened.callback(values.close)
        opened.callback(cells.close)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise InputError("sheet.not_xlsx", where) from None

    def records():
        number = 1
        try:
            for number, (row, raw) in enumerate(zip(values, cells, strict=False), start=1):
                _check_row(where, number, row)
                yield number, [_cell(v, c, where, number) for v, c in zip(row, raw, strict=False)]
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - a part of the zip that is cut or corrupt
            raise InputError("sheet.not_xlsx", where) from None

    stream = records()
    try:
        header = [collapse(h).lower() for h in next(stream)[1]]
    except StopIteration:
        return [], iter(())

    def rows():
        for number, row in stream:
            if any(v != "" for v in row):
                yield number, {h: (row[i] if i < len(row) else "") for i, h in enumerate(header)}
    return header, rows()


def _cell(value, cell=None, where: str = "", row: int = 0) -> str:
    """A spreadsheet value as text; a formula whose value was never saved is an error."""
    if value is None:
        if cell is not None and getattr(cell, "data_type", "") == "f":
            formula = str(cell.value)[:60]
            column = getattr(cell, "column_letter", "") or ""
            raise InputError("sheet.formula", where, row=row, column=column, formula=formula)
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(text: str) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def parse_rules(text: str) -> list[tuple[str, str]]:
    rules = []
    for chunk in (text or "").split(";"):
        chunk = chunk.strip()
        if chunk:
            kind, _, arg = chunk.partition(":")
            rules.append((kind.strip(), arg.strip()))
    return rules


def build_sets(path: str | Path, version, known_gaps: dict | None = None) -> SheetResult:
    """Read a criteria sheet and build its sets for ``version`` (a RubricVersion).

    ``known_gaps`` maps set names to parts whose sums are known to be short (shipped
    data only): those become ``gaps`` instead of problems.
    """
    file = Path(path).name
    with ExitStack() as opened:
        try:
            header, rows = opened.enter_context(read_rows(path))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return SheetResult(OrderedDict(), [SheetProblem(file, 1, "", "sheet.unreadable", {"error": str(exc)})], [])
        return _build_sets(file, header, rows, version, known_gaps)


def _build_sets(file: str, header: list[str], rows: Rows, version, known_gaps: dict | None) -> SheetResult:
    problems: list[SheetProblem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    for column in missing:
        problems.append(SheetProblem(file, 1, column, "sheet.missing_column"))
    if missing:
        return SheetResult(OrderedDict(), problems, [])

    # Group rows: set -> criterion (by its text and part) -> level rows.
    grouped: OrderedDict[str, OrderedDict] = OrderedDict()
    set_meta: dict[str, dict] = {}
    seen_rows = False
    for number, row in rows:
        seen_rows = True
        set_name = collapse(row.get("set_name"))
        part = collapse(row.get("part")).upper()
        criterion = collapse(row.get("criterion"))
        if not set_name:
            problems.append(SheetProblem(file, number, "set_name", "sheet.blank", {"column": "set_name"}))
            continue
        if part not in version.parts:
            problems.append(SheetProblem(file, number, "part", "sheet.unknown_part",
                                         {"part": part or "∅", "parts": ", ".join(version.parts)}))
            continue
        if not criterion:
            problems.append(SheetProblem(file, number, "criterion", "sheet.blank", {"column": "criterion"}))
            continue
        if SUB_CRITERIA_MARK in (row.get("level") or ""):
            continue  # a heading scored through its children
        set_meta.setdefault(set_name, {"name_en": collapse(row.get("set_name_en"))})
        key = (part, criterion, collapse(row.get("code")))
        levels = grouped.setdefault(set_name, OrderedDict()).setdefault(key, [])
        # The first row of a criterion carries its texts; later rows only their level.
        levels.append((number, row if not levels else {c: row.get(c, "") for c in LEVEL_COLUMNS}))
    if not seen_rows:
        return SheetResult(OrderedDict(), [SheetProblem(file, 2, "", "sheet.empty")], [])

    sets: OrderedDict[str, CriteriaSet] = OrderedDict()
    gaps: list[SheetProblem] = []
    for set_name, criteria_rows in grouped.items():
        criteria = []
        first_row_of: dict[str, int] = {}
        for (part, criterion_text, code_cell), level_rows in criteria_rows.items():
            built = _build_criterion(file, part, criterion_text, code_cell, level_rows, problems, version)
            if built is None:
                continue
            number = level_rows[0][0]
            if built.code in first_row_of:
                problems.append(SheetProblem(file, number, "code" if code_cell else "criterion", "sheet.duplicate_code",
                                             {"code": built.code, "set": set_name, "first": first_row_of[built.code]}))
                continue
            first_row_of[built.code] = number
            criteria.append(built)
        cset = CriteriaSet(
            slug=slugify(set_name), name=set_name, name_en=set_meta[set_name]["name_en"],
            version=version.id, criteria=tuple(criteria), source=file,
        )
        _check_rules(file, cset, version, first_row_of, problems)
        set_gaps = []
        for part in version.parts.values():
            total = cset.part_sum(part.code)
            if total != part.max:
                issue = SheetProblem(file, min(first_row_of.values(), default=2), "points", "sheet.part_sum",
                                     {"set": set_name, "part": part.code, "sum": plain_number(total),
                                      "max": plain_number(part.max)})
                if known_gaps and part.code in known_gaps.get(set_name, ()):
                    gaps.append(issue)
                    set_gaps.append({"part": part.code, "sum": total, "max": part.max})
                else:
                    problems.append(issue)
        cset.gaps = tuple(set_gaps)
        sets[cset.slug] = cset
    return SheetResult(sets, problems, gaps)


def _build_criterion(file, part, criterion_text, code_cell, level_rows, problems, version) -> Criterion | None:
    number, first = level_rows[0]
    numbering, name = split_numbering(criterion_text)
    code = code_cell or (f"{part}.{numbering}" if numbering else "")
    if not code:
        problems.append(SheetProblem(file, number, "criterion", "sheet.no_code", {"criterion": criterion_text}))
        return None
    levels: list[Level] = []
    seen_texts: dict[str, int] = {}
    case, previous = 1, None
    ok = True
    for row_number, row in level_rows:
        text = collapse(row.get("level"))
        points = _number(row.get("points", ""))
        if points is None:
            key = "sheet.no_points" if not (row.get("points") or "").strip() else "sheet.bad_number"
            problems.append(SheetProblem(file, row_number, "points", key,
                                         {"code": code, "value": row.get("points", "")}))
            ok = False
            continue
        if points < 0:
            problems.append(SheetProblem(file, row_number, "points", "sheet.negative", {"code": code}))
            ok = False
            continue
        if not text:
            problems.append(SheetProblem(file, row_number, "level", "sheet.no_level_text", {"code": code}))
            ok = False
            continue
        if text in seen_texts:
            problems.append(SheetProblem(file, row_number, "level", "sheet.duplicate_level",
                                         {"code": code, "first": seen_texts[text]}))
            ok = False
            continue
        seen_texts[text] = row_number
        explicit_case = _number(row.get("case", ""))
        if explicit_case:
            case = int(explicit_case)
        elif previous is not None and points <= previous:
            case += 1  # points start again: an alternative case (e.g. company vs household)
        previous = points
        star_cell = (row.get("min_stars") or "").strip()
        min_stars = _number(star_cell)
        if star_cell and (min_stars not in {b.stars for b in version.bands}
                          or min_stars < version.certified_from_stars):
            problems.append(SheetProblem(file, row_number, "min_stars", "sheet.bad_min_stars",
                                         {"code": code, "value": star_cell}))
            min_stars = None
        levels.append(Level(points=points, text=text, case=case, min_stars=int(min_stars) if min_stars else None,
                            text_en=collapse(row.get("level_en"))))
    if not ok or not levels:
        return None
    mandatory_cell = (first.get("mandatory") or "").strip()
    mandatory = _number(mandatory_cell)
    if mandatory_cell and mandatory is None:
        problems.append(SheetProblem(file, number, "mandatory", "sheet.bad_number",
                                     {"code": code, "value": mandatory_cell}))
    effort_cell = (first.get("effort") or "").strip()
    effort = _number(effort_cell)
    if effort_cell and (effort is None or effort <= 0):
        problems.append(SheetProblem(file, number, "effort", "sheet.bad_number", {"code": code, "value": effort_cell}))
        effort = None
    _section_numbering, section = split_numbering(first.get("section", ""))
    _, parent = split_numbering((first.get("parent_criterion") or "").replace(SUB_CRITERIA_MARK, ""))
    rules = tuple(Rule(kind, arg) for kind, arg in parse_rules(first.get("rule", "")))
    # Per-star minimums: marked levels, plus the older "mandatory" column (a minimum for the first certified star).
    minimums = [(lv.min_stars, lv.points) for lv in levels if lv.min_stars]
    if mandatory is not None:
        minimums.append((version.certified_from_stars, mandatory))
    return Criterion(
        code=code, part=part, section=section, section_en=collapse(first.get("section_en")),
        name=name, name_en=collapse(first.get("name_en")), levels=tuple(levels),
        note=collapse(first.get("note")), parent=parent, parent_en=collapse(first.get("parent_en")),
        rules=rules, evidence=collapse(first.get("evidence")), evidence_en=collapse(first.get("evidence_en")),
        minimums=tuple(sorted(minimums)), effort=effort or 1.0, note_en=collapse(first.get("note_en")),
    )


def _check_rules(file, cset: CriteriaSet, version, first_row_of, problems) -> None:
    codes = set(cset.by_code())
    for criterion in cset.criteria:
        row = first_row_of.get(criterion.code, 2)
        for rule in criterion.rules:
            problem = check_rule(rule, "criterion", codes, version.facts)
            if problem:
                key, params = problem
                problems.append(SheetProblem(file, row, "rule", key, {"code": criterion.code, **params}))
