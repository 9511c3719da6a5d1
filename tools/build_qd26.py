"""Build the kit's QĐ 26/2026 criteria from the decision's HTML.

    python tools/build_qd26.py [--source PATH.html] [--out DIR] [--missing]

Reads ``data/source/qd26-2026/qd26-2026-tvpl.html`` (the whole decision as a legal-text
library publishes it; its tables are real HTML tables) and writes
``ocop_kit/rubrics/qd26-2026/criteria.csv`` (one row per answer level, the columns of
docs/criteria-sheets.md plus ``min_stars``) and ``manifest.json``:

- Phụ lục I: sectors -> groups -> sub-groups -> criteria sets, with the ministry in charge;
- Phụ lục II: the 26 criteria tables — parts, sections, criteria (sub-criteria under a
  parent such as "6.1. Ngoại hình"), levels with points and the star markers (``***`` …),
  notes, the tourism set's alternative cases, and each set's "Hồ sơ bị loại khi" clause;
- Mẫu số 02 of Phụ lục III: the evidence each topic needs (tools/qd26_evidence.json maps
  criteria to those topics); English names come from tools/qd26_en.json, and the English of
  every level text and note (an unofficial translation: columns ``level_en``, ``note_en``) from
  tools/qd26_levels_en.json.

The slips of this copy are corrected by ``FIXES`` below, each one listed in the manifest;
a fix that no longer matches the source stops the build, and so does any sum that does
not add up. ``--missing`` prints names without an English translation and stops.
The output is deterministic: running the tool twice gives the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "source" / "qd26-2026" / "qd26-2026-tvpl.html"
TARGET = ROOT / "ocop_kit" / "rubrics" / "qd26-2026"
TOOLS = Path(__file__).resolve().parent

COLUMNS = [
    "set_id", "set_name", "set_name_en", "part", "section", "section_en", "parent_criterion", "parent_en",
    "criterion", "code", "name_en", "note", "note_en", "level", "level_en", "points", "min_stars", "case", "rule",
    "evidence", "evidence_en",
]
PART_MAX = {"A": 40, "B": 25, "C": 35}
STAR_MARK = re.compile(r"\s*(\*{3,5})$")  # "***", "****", "*****" at the end of a level
BULLET = "□"


class BuildError(Exception):
    pass


# --- HTML -> blocks -------------------------------------------------------------------------

def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\xa0", " "))
    return re.sub(r"\s+", " ", text).strip()


class Blocks(HTMLParser):
    """The document as a list of ("p", text) and ("table", rows); a row is a list of cells,
    a cell a list of its paragraphs (a <p> or a line broken by <br>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self.depth = 0
        self.row = None
        self.cell = None
        self.text: list[str] | None = None

    def _end_paragraph(self):
        if self.text is None:
            return
        text = norm("".join(self.text))
        self.text = None
        if not text:
            return
        if self.cell is not None:
            self.cell.append(text)
        elif self.depth == 0:
            self.blocks.append(("p", text))

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._end_paragraph()
            self.depth += 1
            if self.depth == 1:
                self.blocks.append(("table", []))
        elif self.depth > 1:
            return  # no nested tables in this document; ignore them if one appears
        elif tag == "tr" and self.depth == 1:
            self.row = []
        elif tag in ("td", "th") and self.depth == 1:
            self.cell = []
        elif tag == "p" or (tag == "br" and self.cell is not None):
            self._end_paragraph()
            self.text = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth -= 1
        elif tag == "p":
            self._end_paragraph()
        elif tag in ("td", "th") and self.depth == 1 and self.cell is not None:
            self._end_paragraph()
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.depth == 1 and self.row is not None:
            self.blocks[-1][1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.text is None:
            if self.cell is None or not data.strip():
                return
            self.text = []  # text directly in a cell, outside any <p>
        self.text.append(data)


def read_blocks(path: Path) -> list:
    parser = Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.blocks


# --- the slips of this copy ---------------------------------------------------------------
# Each fix: the set (its number in Phụ lục II), where (what a reader looks for), the text or points
# as printed ("was") and as the kit uses them ("now"), why; plus how to find it: the paragraph it is
# in ("heading" before the table) or the table row whose first paragraph starts with ``row`` and the
# cell (0 text, 1 points). A fix must match exactly once.

def _why(vi: str, en: str) -> dict:
    return {"vi": vi, "en": en}


FIXES = [
    {"set": 4, "where": "C.7 (DINH DƯỠNG), mức “Có trên 2 chỉ tiêu”", "row": BULLET + " Có trên 2 chỉ tiêu", "cell": 1,
     "was": "13", "now": "3",
     "why": _why("Điểm tối đa của tiêu chí là 3; “13” là lỗi gõ (thừa chữ số 1).",
                 "The criterion's maximum is 3; “13” is a typing slip (a stray 1).")},
    *({"set": number, "where": "A.1.2, mức “Không được cấp giấy chứng nhận chất lượng”",
       "row": BULLET + " Không được cấp giấy chứng nhận chất lượng", "cell": 1, "was": "", "now": "0",
       "why": _why("Ô điểm để trống; mức “không được cấp giấy chứng nhận” là 0 điểm ở các bộ còn lại.",
                   "The points cell is empty; the “no certificate” level is worth 0 in the other sets.")}
      for number in (4, 7, 10, 11)),
    {"set": 11, "where": "C.6.1.1 (Tạp chất), mức “Có rất ít tạp chất, chấp nhận được”",
     "row": BULLET + " Có rất ít tạp chất, chấp nhận được", "cell": 1, "was": "11", "now": "1",
     "why": _why("Tiêu chí tối đa 2 điểm, các mức là 0 – 1 – 2; “11” là lỗi gõ.",
                 "The criterion's maximum is 2 with levels 0 – 1 – 2; “11” is a typing slip.")},
    {"set": 23, "where": "C.9 (HƯỚNG DẪN SỬ DỤNG …), điểm tối đa",
     "row": "9. HƯỚNG DẪN SỬ DỤNG", "cell": 1, "was": "4 1", "now": "4",
     "why": _why("Ô điểm ghi “4 1”; mức cao nhất là 4 điểm và phần C chỉ cộng đủ 35 với 4.",
                 "The cell reads “4 1”; the top level is worth 4 and Part C only adds up to 35 with 4.")},
    {"set": 7, "where": "C.7 (TÍNH ĐỘC ĐÁO), mức “Rất độc đáo và có tính đặc trưng”",
     "row": "o Rất độc đáo và có tính đặc trưng", "cell": 0,
     "was": "o Rất độc đáo và có tính đặc trưng*****", "now": BULLET + " Rất độc đáo và có tính đặc trưng*****",
     "why": _why("Dấu đầu dòng “o” thay cho “□”: vẫn là một mức của tiêu chí.",
                 "An “o” bullet instead of “□”: it is still one of the criterion's levels.")},
    {"set": 7, "where": "A.3.1, mức “Công ty TNHH; hoặc doanh nghiệp tư nhân; …”",
     "row": BULLET + " Công ty TNHH; hoặc doanh nghiệp tư nhân", "cell": 1, "was": "1", "now": "2",
     "why": _why("Cùng mức này được 2 điểm ở cả 25 bộ còn lại; với 1 điểm, công ty ngang với hộ sản xuất (mức 1) "
                 "và thang 1 – 1 – 3 mất một bậc. Tổng phần A không đổi vì điểm tối đa vẫn là 3.",
                 "The same level is worth 2 in all 25 other sets; at 1 a company would rank with a household (level 1) "
                 "and the 1 – 1 – 3 scale loses a step. Part A's total does not change: the maximum is still 3.")},
    {"set": 10, "where": "C.8 (CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM), tiêu đề", "row": "8 CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM", "cell": 0,
     "was": "8 CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM", "now": "8. CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM",
     "why": _why("Thiếu dấu chấm sau số thứ tự của mục.", "The full stop after the section number is missing.")},
    {"set": 3, "where": "B.5.1 (Câu chuyện sản phẩm), mức 5 điểm",
     "row": BULLET + " Có câu chuyện sản phẩm được tư liệu hóa, thể hiện trên tờ rơi, website", "cell": 0,
     "was": "… truy xuất nguồn gốc điện tử * * * *", "now": "… truy xuất nguồn gốc điện tử****",
     "why": _why("Dấu sao in cách nhau; đọc là “****” (tối thiểu cho 4 sao) như ở các bộ khác.",
                 "The stars are printed with spaces; read as “****” (the 4-star minimum) as in the other sets.")},
    {"set": 26, "where": "Phần A, tiêu đề", "row": "Phần A", "cell": 0,
     "was": "SẢN PHẨM VÀ SỨC MẠNH CỘNG ĐỒNG (35 Điểm)", "now": "SẢN PHẨM VÀ SỨC MẠNH CỘNG ĐỒNG (40 Điểm)",
     "why": _why("Ô điểm của phần ghi 40, các tiêu chí cộng lại 40 và Điều 3 quy định phần A 40 điểm.",
                 "The part's points cell says 40, its criteria add up to 40 and Article 3 gives Part A 40 points.")},
    {"set": 12, "where": "tiêu đề của bộ", "row": "heading", "cell": 0,
     "was": "12. Sản phẩm trà từ thực vật khác", "now": "12. Bộ sản phẩm: Sản phẩm trà từ thực vật khác",
     "why": _why("Tiêu đề thiếu “Bộ sản phẩm:”; tên bộ theo danh mục đầu Phụ lục II.",
                 "The heading lacks “Bộ sản phẩm:”; the set's name is taken from the list at the head of Appendix II.")},
    {"set": 13, "where": "tiêu đề của bộ", "row": "heading", "cell": 0,
     "was": "13. Sản phẩm cà phê, ca cao", "now": "13. Bộ sản phẩm: Cà phê, cacao",
     "why": _why("Tiêu đề không có dòng “13. Bộ sản phẩm: Cà phê, cacao” như danh mục đầu Phụ lục II; bảng của bộ đứng ngay sau bộ 12.",
                 "There is no “13. Bộ sản phẩm: Cà phê, cacao” heading as in the list at the head of Appendix II; the set's table follows set 12's.")},
]


# --- criteria tables ------------------------------------------------------------------------

@dataclass
class Level:
    text: str
    points: int
    stars: int | None
    case: int


@dataclass
class Criterion:
    part: str
    section: str  # "1. TỔ CHỨC SẢN XUẤT"
    numbering: str  # "1.1", "6.1.2", or the section's number when the section is scored directly
    name: str
    printed: int
    notes: list[str] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    parent: tuple[str, str] | None = None  # ("6.1", "Ngoại hình")
    case_labels: list[str] = field(default_factory=list)
    yes_no: bool = False
    rules: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return f"{self.part}.{self.numbering}"

    @property
    def max_points(self) -> int:
        return max(lv.points for lv in self.levels)


@dataclass
class CriteriaTable:
    number: int
    name: str
    heading: str
    header_lines: list[str]
    criteria: list[Criterion]
    sections: dict  # (part, section number) -> (section label, printed points)
    parents: dict  # (part, numbering) -> (name, printed points)
    parts: dict  # part -> printed points


PART_ROW = re.compile(r"^ph[aầ]n\s+([ABC])\b\s*:?\s*", re.I)
CRITERION_ROW = re.compile(r"^(\d+\.\d+(?:\.\d+)?)\.?\s+(\S.*)$")
SECTION_ROW = re.compile(r"^(\d+)\.\s+(\S.*)$")
CASE_ROW = re.compile(r"^[a-z]\.\s*Trường hợp\s*(\d+)\s*:", re.I)
POINTS_IN_HEADING = re.compile(r"\((\d+)\s*điểm\)", re.I)


def _points(text: str, where: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"\d+", text):
        raise BuildError(f"{where}: points {text!r} are not a whole number")
    return int(text)


def apply_fixes(number: int, heading: str, rows: list, applied: dict, fixes: list) -> tuple[str, list]:
    for index, fix in enumerate(fixes):
        if fix["set"] != number:
            continue
        if fix["row"] == "heading":
            if heading == fix["was"]:
                heading = fix["now"]
                applied[index] = applied.get(index, 0) + 1
            continue
        for row in rows:
            first = row[0][0] if row and row[0] else ""
            if not first.startswith(fix["row"]):
                continue
            cell = row[fix["cell"]] if fix["cell"] < len(row) else []
            if fix["cell"] == 1:
                printed = " ".join(cell)
                if printed == fix["was"]:
                    row[1] = [fix["now"]] if fix["now"] else []
                    applied[index] = applied.get(index, 0) + 1
            else:
                was = fix["was"].replace("… ", "")
                now = fix["now"].replace("… ", "")
                for i, paragraph in enumerate(cell):
                    if paragraph.endswith(was) or paragraph == was:
                        cell[i] = paragraph[: len(paragraph) - len(was)] + now
                        applied[index] = applied.get(index, 0) + 1
    return heading, rows


def parse_table(number: int, name: str, heading: str, header_lines: list[str], rows: list) -> CriteriaTable:
    criteria: list[Criterion] = []
    sections: dict = {}
    parents: dict = {}
    parts: dict = {}
    part = section = ""
    section_number = ""
    current: Criterion | None = None  # the criterion rows attach to
    candidate: Criterion | None = None  # a section row that may turn out to be scored directly
    pending_notes: list[str] = []
    case = 1
    where = f"set {number} ({name})"
    finished = False

    def close_current():
        nonlocal current
        if current is not None and not current.levels:
            current.yes_no = True
        current = None

    for row in rows[1:]:  # row 0: "Các tiêu chí | Thang điểm"
        paragraphs = row[0] if row else []
        first = paragraphs[0] if paragraphs else ""
        points_cell = " ".join(row[1]) if len(row) > 1 else ""
        if finished:
            raise BuildError(f"{where}: rows after TỔNG CỘNG: {first!r}")
        if first.upper().startswith("TỔNG CỘNG"):
            if _points(points_cell, where) != 100:
                raise BuildError(f"{where}: total printed {points_cell}")
            close_current()
            finished = True
            continue
        part_match = PART_ROW.match(first)
        if part_match:
            close_current()
            candidate = None
            part = part_match.group(1).upper()
            printed = _points(points_cell, where)
            heading_points = POINTS_IN_HEADING.search(" ".join(paragraphs))
            if heading_points and int(heading_points.group(1)) != printed:
                raise BuildError(f"{where}: part {part} heading says {heading_points.group(0)}, cell {printed}")
            parts[part] = printed
            continue
        if first.startswith(BULLET):
            text = first[1:].strip()
            target = current
            if target is None and candidate is not None:
                target = current = candidate  # a section scored directly (C.7, C.10 …)
                candidate = None
                criteria.append(target)
            if target is None:
                raise BuildError(f"{where}: level without a criterion: {first!r}")
            stars = None
            star_match = STAR_MARK.search(text)
            if star_match:
                stars = len(star_match.group(1))
                text = text[: star_match.start()].rstrip()
            if "*" in text:
                raise BuildError(f"{where} {target.code}: a star mark that is not at the end of {text!r}")
            target.levels.append(Level(text, _points(points_cell, f"{where} {target.code}"), stars, case))
            target.notes.extend(paragraphs[1:])  # a note printed in the level's cell (IP violation)
            target.notes.extend(pending_notes)
            pending_notes = []
            continue
        crit_match = CRITERION_ROW.match(first)
        section_match = None if crit_match else SECTION_ROW.match(first)
        if crit_match:
            numbering, label = crit_match.groups()
            if not numbering.startswith(section_number + "."):
                raise BuildError(f"{where}: criterion {numbering} outside section {section_number}")
            if candidate is not None and candidate.notes:
                raise BuildError(f"{where}: notes of section {section} with criteria under it")
            candidate = None
            previous = current
            close_current()
            if previous is not None and previous.yes_no and numbering.startswith(previous.numbering + "."):
                # the previous row was a heading (6.1 Ngoại hình) for sub-criteria: not a criterion itself
                criteria.remove(previous)
                parents[(part, previous.numbering)] = (previous.name, previous.printed)
            parent = None
            if numbering.count(".") == 2:
                parent_numbering = numbering.rsplit(".", 1)[0]
                if (part, parent_numbering) not in parents:
                    raise BuildError(f"{where}: sub-criterion {numbering} without its parent")
                parent = (parent_numbering, parents[(part, parent_numbering)][0])
            current = Criterion(part, section, numbering, label, _points(points_cell, where), list(paragraphs[1:]),
                                parent=parent)
            current.notes.extend(pending_notes)
            pending_notes = []
            criteria.append(current)
            case = 1
            continue
        if section_match:
            close_current()
            section_number, label = section_match.groups()
            section = f"{section_number}. {label}"
            sections[(part, section_number)] = (section, _points(points_cell, where))
            candidate = Criterion(part, section, section_number, label, sections[(part, section_number)][1],
                                  list(paragraphs[1:]))
            case = 1
            continue
        case_match = CASE_ROW.match(first)
        target = current or candidate
        if case_match:
            if target is None:
                raise BuildError(f"{where}: case row outside a criterion: {first!r}")
            case = int(case_match.group(1))
            target.case_labels.append(" ".join(paragraphs))
            continue
        # any other row is a note of the criterion above it (or of the next one, before any criterion)
        if target is not None:
            target.notes.extend(paragraphs)
        else:
            pending_notes.extend(paragraphs)
    if not finished:
        raise BuildError(f"{where}: no TỔNG CỘNG row")
    return CriteriaTable(number, name, heading, header_lines, criteria, sections, parents, parts)


def check_table(table: CriteriaTable) -> list[str]:
    """Sums and markers of one set, as printed; an empty list when everything adds up."""
    problems = []
    where = f"set {table.number} ({table.name})"
    for criterion in table.criteria:
        if criterion.yes_no:
            continue
        for case in sorted({lv.case for lv in criterion.levels}):
            top = max(lv.points for lv in criterion.levels if lv.case == case)
            if top != criterion.printed:
                problems.append(f"{where} {criterion.code}: top level {top} (case {case}), printed maximum {criterion.printed}")
            texts = [lv.text for lv in criterion.levels if lv.case == case]
            if len(texts) != len(set(texts)):
                problems.append(f"{where} {criterion.code}: repeated level text")
        marked = {}
        for lv in criterion.levels:
            if lv.stars is not None:
                if lv.stars not in (3, 4, 5):
                    problems.append(f"{where} {criterion.code}: {lv.stars} stars")
                if lv.stars in marked:
                    problems.append(f"{where} {criterion.code}: two levels marked {lv.stars} stars")
                marked[lv.stars] = lv.points
        stars = sorted(marked)
        for low, high in itertools.pairwise(stars):
            if marked[high] < marked[low]:
                problems.append(f"{where} {criterion.code}: {high}-star minimum below the {low}-star one")
    for (part, numbering), (name, printed) in table.parents.items():
        total = sum(c.printed for c in table.criteria if c.parent and c.parent[0] == numbering and c.part == part)
        if total != printed:
            problems.append(f"{where} {part}.{numbering} {name}: sub-criteria add up to {total}, printed {printed}")
    for (part, number), (label, printed) in table.sections.items():
        total = sum(c.printed for c in table.criteria if c.part == part and c.section == label)
        if total != printed:
            problems.append(f"{where} {part}.{number} {label}: criteria add up to {total}, printed {printed}")
    for part, expected in PART_MAX.items():
        total = sum(c.printed for c in table.criteria if c.part == part)
        sections_total = sum(p for (pt, _), (_, p) in table.sections.items() if pt == part)
        if not (total == sections_total == table.parts.get(part) == expected):
            problems.append(f"{where} part {part}: criteria {total}, sections {sections_total}, "
                            f"printed {table.parts.get(part)}, Article 3: {expected}")
    return problems


# --- the document ---------------------------------------------------------------------------

SET_HEADING = re.compile(r"^(\d+)\.\s+(?:Bộ sản phẩm:\s*)?(.+)$")


@dataclass
class Document:
    set_names: list[str]  # Phụ lục II's list, in order
    classification: list  # Phụ lục I rows: (stt, text, ministry)
    tables: list[CriteriaTable]
    applied: dict


def read_document(path: Path, fixes: list = FIXES) -> Document:
    blocks = read_blocks(path)
    check_text_fixes(blocks)
    set_names: list[str] = []
    classification: list = []
    raw_tables = []  # (heading, header lines, rows)
    paragraphs_since_table: list[str] = []
    for kind, body in blocks:
        if kind == "p":
            paragraphs_since_table.append(body)
            continue
        first = " ".join(body[0][0]) if body and body[0] and body[0][0] else ""
        header = [" ".join(cell) for cell in body[0]] if body else []
        if header[:2] == ["STT", "Phân loại sản phẩm"]:
            classification = [tuple(" ".join(c) for c in row) for row in body[1:]]
        elif header[:2] == ["STT", "Nội dung"]:
            for row in body[1:]:
                text = " ".join(row[1])
                if not text.startswith("Bộ sản phẩm: "):
                    raise BuildError(f"Appendix II list: {text!r}")
                set_names.append(text[len("Bộ sản phẩm: "):])
        elif first == "Các tiêu chí":
            # "N. Bộ sản phẩm: …" (two sets print "N. Sản phẩm …": see FIXES)
            headings = [p for p in paragraphs_since_table if re.match(r"^\d+\.\s+(Bộ sản phẩm:|Sản phẩm )", p)]
            heading = headings[-1] if headings else ""
            raw_tables.append((heading, list(paragraphs_since_table), body))
        paragraphs_since_table = []
    if len(set_names) != 26 or len(raw_tables) != 26:
        raise BuildError(f"expected 26 sets, found {len(set_names)} names and {len(raw_tables)} tables")
    applied: dict = {}
    tables = []
    for number, (heading, header_lines, rows) in enumerate(raw_tables, start=1):
        heading, rows = apply_fixes(number, heading, rows, applied, fixes)
        match = SET_HEADING.match(heading)
        if not match or int(match.group(1)) != number or "Bộ sản phẩm:" not in heading:
            raise BuildError(f"table {number}: heading {heading!r}")
        tables.append(parse_table(number, set_names[number - 1], heading, header_lines, rows))
    missing = [(fix["set"], fix["where"]) for i, fix in enumerate(fixes) if applied.get(i) != 1]
    if missing:
        raise BuildError(f"fixes that do not match the source exactly once: {missing}")
    return Document(set_names, classification, tables, applied)


# --- notes that are rules -------------------------------------------------------------------
# (fragment of a note, lower case) -> rule; "{story}" is the set's story criterion (B.5.1).
NOTE_RULES = [
    ("bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu", "exclude_if:raw_material_all_imported"),
    ("bị loại nếu phát hiện giống hệt sản phẩm của nhà sản xuất khác", "exclude_if:copied_product"),
    ("vi phạm sở hữu trí tuệ, sẽ bị loại", "exclude_if:ip_violation"),
    ("chỉ áp dụng khi có câu chuyện sản phẩm", "requires:{story}"),
    ("không xem xét các chỉ tiêu khác nếu sản phẩm có các tạp chất", "halt_if:foreign_matter"),
    ("tạp chất", "halt_if:foreign_matter"),  # "Nếu có tạp chất … sẽ không đánh giá các bước tiếp theo"
    ("nếu được 0 điểm tại một trong các chỉ tiêu trên", "stop_if_zero:{self}"),
    ("nếu không có phiếu công bố sản phẩm mỹ phẩm", "gate:cosmetic_notification"),
    ("nếu không có phiếu công bố sản phẩm theo quy định", "gate:product_notification"),
]
# Words that make a note read like a rule; such a note must give a rule above or be listed here.
RULE_WORDS = ("bị loại", "không xem xét", "không đánh giá", "chỉ áp dụng")
NOTES_KEPT_AS_NOTES = (
    # Under A.2.1: products that are merely common for a national or provincial key product group are
    # "not assessed". Whether that excludes the product or only gives A.2.1 its lowest level is not
    # said, and the fact would be a judgement, so the kit shows the note and asks nothing.
    "không đánh giá những sản phẩm có tính phổ biến của nhóm sản phẩm chủ lực",
)


def note_rules(table: CriteriaTable) -> None:
    story = next((c.code for c in table.criteria if c.part == "B" and c.name.lower() == "câu chuyện sản phẩm"), "")
    for criterion in table.criteria:
        for note in criterion.notes:
            low = note.lower()
            found = []
            for fragment, rule in NOTE_RULES:
                if fragment in low and not (fragment == "tạp chất" and "không đánh giá các bước tiếp theo" not in low):
                    found.append(rule)
                    break
            if not found:
                if any(word in low for word in RULE_WORDS) and not any(k in low for k in NOTES_KEPT_AS_NOTES):
                    raise BuildError(f"set {table.number} {criterion.code}: a note reads like a rule: {note!r}")
                continue
            rule = found[0]
            if rule == "requires:{story}":
                if not story:
                    raise BuildError(f"set {table.number}: no story criterion for {criterion.code}")
                rule = f"requires:{story}"
            if rule == "stop_if_zero:{self}":
                # "0 on any of the criteria above": every criterion of the section up to this one
                for other in table.criteria:
                    if other.part == criterion.part and other.section == criterion.section:
                        other.rules.append(f"stop_if_zero:{criterion.code}")
                    if other is criterion:
                        break
                continue
            if rule not in criterion.rules:
                criterion.rules.append(rule)


# --- criteria without levels ----------------------------------------------------------------

YES_NO_NOTE = ("Bộ kit: Quyết định chỉ ghi tiêu chí và điểm tối đa ({points} điểm), không ghi các mức; "
               "bộ kit chấm Đạt (điểm tối đa) hoặc Không đạt (0 điểm).")


def complete_yes_no(table: CriteriaTable) -> None:
    for criterion in table.criteria:
        if criterion.yes_no:
            criterion.levels = [Level("Không đạt", 0, None, 1), Level(f"Đạt: {criterion.name}", criterion.printed, None, 1)]
            criterion.notes.append(YES_NO_NOTE.format(points=criterion.printed))


# --- English and evidence -------------------------------------------------------------------

def load_json(name: str):
    return json.loads((TOOLS / name).read_text(encoding="utf-8"))


class English:
    """Vietnamese name -> English, from tools/qd26_en.json; remembers what it could not find."""

    def __init__(self, table: dict):
        self.table = {norm(k): v for k, v in table.items()}
        self.missing: set[str] = set()
        self.used: set[str] = set()

    def __call__(self, name: str) -> str:
        key = norm(name)
        if key not in self.table:
            self.missing.add(key)
            return ""
        self.used.add(key)
        return self.table[key]


def evidence_for(criterion: Criterion, entries: list) -> tuple[str, str]:
    names = [criterion.name.lower()] + ([criterion.parent[1].lower()] if criterion.parent else [])
    for entry in entries:
        if entry.get("part") and entry["part"] != criterion.part:
            continue
        if any(keyword in name for keyword in entry["match"] for name in names):
            return entry["vi"], entry["en"]
    raise BuildError(f"no evidence entry for {criterion.code} {criterion.name!r} (tools/qd26_evidence.json)")


# --- output ---------------------------------------------------------------------------------

def sheet_rows(doc: Document, en: English, evidence: list, texts_en: English) -> list[dict]:
    rows = []
    for table in doc.tables:
        set_en = en(table.name)
        for criterion in table.criteria:
            section_label = criterion.section.split(". ", 1)[1]
            ev_vi, ev_en = evidence_for(criterion, evidence)
            note = " ".join(criterion.notes + criterion.case_labels)
            parent = f"{criterion.parent[0]}. {criterion.parent[1]}" if criterion.parent else ""
            for level in criterion.levels:
                rows.append({
                    "set_id": table.number, "set_name": table.name, "set_name_en": set_en,
                    "part": criterion.part, "section": criterion.section, "section_en": en(section_label),
                    "parent_criterion": parent, "parent_en": en(criterion.parent[1]) if criterion.parent else "",
                    "criterion": f"{criterion.numbering}. {criterion.name}", "code": criterion.code,
                    "name_en": en(criterion.name), "note": note, "note_en": texts_en(note) if note else "",
                    "level": level.text, "level_en": texts_en(level.text), "points": level.points,
                    "min_stars": level.stars or "", "case": level.case, "rule": ";".join(criterion.rules),
                    "evidence": ev_vi, "evidence_en": ev_en,
                })
    return rows


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --- manifest -------------------------------------------------------------------------------

def text(vi: str, en: str) -> dict:
    return {"vi": vi, "en": en}


FACTS = [
    ("dossier_forged", False, text("Hồ sơ có tài liệu giả mạo không?", "Does the dossier contain forged documents?")),
    ("required_certificate_missing", False,
     text("Có thiếu giấy chứng nhận, giấy phép hoặc bản công bố mà bộ sản phẩm bắt buộc phải có không (xem điều kiện của bộ)?",
          "Is a certificate, licence or product notification that this product set requires missing (see the set's condition)?")),
    ("registration_incomplete", False,
     text("Hồ sơ đăng ký (Phiếu đăng ký Mẫu 01, Báo cáo tự đánh giá Mẫu 02 và giấy tờ kèm theo) có chưa đáp ứng quy định không?",
          "Does the registration dossier (form 01, self-assessment report 02 and attached papers) fall short of the rules?")),
    ("raw_material_all_imported", False,
     text("Toàn bộ nguyên liệu là nhập khẩu hoặc không rõ nguồn gốc?", "Is all raw material imported or of unknown origin?")),
    ("copied_product", False,
     text("Sản phẩm giống hệt sản phẩm của nhà sản xuất khác, chỉ thay đổi tên sản phẩm, nhà sản xuất?",
          "Is the product identical to another producer's, with only the product's or producer's name changed?")),
    ("ip_violation", False, text("Sản phẩm có vi phạm sở hữu trí tuệ không?", "Does the product infringe intellectual property?")),
    ("foreign_matter", False,
     text("Sản phẩm có tạp chất có nguy cơ gây mất an toàn thực phẩm (côn trùng, lông, đất, cát sỏi, mảnh gỗ, nhựa …) không?",
          "Does the product contain foreign matter that endangers food safety (insects, hair, soil, sand, wood, plastic …)?")),
    ("cosmetic_notification", True,
     text("Có Phiếu công bố sản phẩm mỹ phẩm theo quy định không?", "Is there a cosmetic product notification as the rules require?")),
    ("product_notification", True,
     text("Có Phiếu công bố sản phẩm theo quy định không?", "Is there a product notification as the rules require?")),
]

PARTS = [
    {"code": "A", "max": 40, "name": text("Sản phẩm và sức mạnh cộng đồng", "Product and community strength")},
    {"code": "B", "max": 25, "name": text("Khả năng tiếp thị", "Marketing capacity")},
    {"code": "C", "max": 35, "name": text("Chất lượng sản phẩm", "Product quality")},
]

NO_CERTIFICATE = text("Không ban hành quyết định công nhận và không cấp giấy chứng nhận (Điều 4.1.a).",
                      "No recognition decision and no certificate (Article 4.1.a).")
PROVINCE_CERTIFIES = text(
    "UBND cấp tỉnh đánh giá, phân hạng, quyết định công nhận và cấp giấy chứng nhận, có giá trị 36 tháng (Điều 4.1.a, 4.3).",
    "The provincial People's Committee rates the product, recognises it and issues the certificate, valid 36 months "
    "(Articles 4.1.a, 4.3).")
BANDS = [
    {"stars": 1, "low": 0, "high": 30,
     "meaning": text("Tổng điểm trung bình dưới 30: sản phẩm sơ khai, chưa được thương mại, có thể nâng cấp lên hạng 2 sao (Điều 3.3.đ).",
                     "Average total below 30: a rudimentary product, not yet on the market, that can be upgraded to 2 stars "
                     "(Article 3.3.dd)."),
     "certified": False, "certified_by": NO_CERTIFICATE},
    {"stars": 2, "low": 30, "high": 50,
     "meaning": text("Tổng điểm trung bình từ 30 đến dưới 50: sản phẩm bước đầu hình thành chất lượng, có thể tiếp tục nâng cấp "
                     "để nâng lên hạng 3 sao (Điều 3.3.d).",
                     "Average total from 30 to under 50: a product whose quality is starting to take shape, that can be "
                     "upgraded further to 3 stars (Article 3.3.d)."),
     "certified": False, "certified_by": NO_CERTIFICATE},
    {"stars": 3, "low": 50, "high": 70,
     "meaning": text("Hạng 3 sao (cấp tỉnh), tổng điểm trung bình từ 50 đến dưới 70: sản phẩm có đặc thù, có sự ổn định về chất "
                     "lượng, được quản lý và thương mại ổn định, có thể nâng cấp lên hạng 4 sao (Điều 3.3.c).",
                     "3 stars (provincial level), average total from 50 to under 70: a distinctive product of steady quality, "
                     "managed and sold steadily, that can be upgraded to 4 stars (Article 3.3.c)."),
     "certified": True, "certified_by": PROVINCE_CERTIFIES},
    {"stars": 4, "low": 70, "high": 90,
     "meaning": text("Hạng 4 sao (cấp tỉnh), tổng điểm trung bình từ 70 đến dưới 90: sản phẩm đặc trưng, từng bước có thương hiệu, "
                     "đáp ứng yêu cầu về chất lượng và tiếp cận thị trường tốt, có tiềm năng nâng cấp lên hạng 5 sao (Điều 3.3.b).",
                     "4 stars (provincial level), average total from 70 to under 90: a characteristic product building its "
                     "brand, meeting quality requirements, with good market access and the potential to reach 5 stars "
                     "(Article 3.3.b)."),
     "certified": True, "certified_by": PROVINCE_CERTIFIES},
    {"stars": 5, "low": 90, "high": 100,
     "meaning": text("Hạng 5 sao (cấp quốc gia), tổng điểm trung bình từ 90 đến 100: sản phẩm đặc trưng, có thương hiệu, đạt tiêu "
                     "chuẩn chất lượng cao và hội tụ điều kiện để xuất khẩu (Điều 3.3.a).",
                     "5 stars (national level), average total from 90 to 100: a characteristic, branded product of a high "
                     "quality standard that meets the conditions for export (Article 3.3.a)."),
     "certified": True,
     "certified_by": text(
         "Bộ Nông nghiệp và Môi trường đánh giá, phân hạng, quyết định công nhận và cấp giấy chứng nhận 5 sao, có giá trị 36 tháng "
         "(Điều 4.1.b). Từ 90 điểm ở cấp tỉnh, sản phẩm chỉ “có tiềm năng đạt 5 sao”: UBND tỉnh đề nghị Bộ đánh giá (Điều 7.3.e); "
         "nếu Hội đồng cấp trung ương chấm dưới 90, UBND tỉnh có thể công nhận 3 sao hoặc 4 sao theo kết quả đó (Điều 7.4).",
         "The Ministry of Agriculture and Environment rates the product, recognises it and issues the 5-star certificate, "
         "valid 36 months (Article 4.1.b). From 90 points at provincial level a product only “has the potential for 5 stars”: "
         "the province asks the Ministry to rate it (Article 7.3.e); if the central council gives under 90, the province may "
         "certify 3 or 4 stars on that result (Article 7.4).")},
]

MANIFEST_HEAD = {
    "$schema": "../../schemas/manifest.schema.json",
    "id": "qd26-2026",
    "title": text("Bộ tiêu chí OCOP 2026 (QĐ 26/2026/QĐ-TTg)", "OCOP criteria 2026 (Decision 26/2026/QĐ-TTg)"),
    "legal_basis": text(
        "Quyết định số 26/2026/QĐ-TTg ngày 22/5/2026 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh giá, "
        "phân hạng sản phẩm mỗi xã một sản phẩm; thay thế Quyết định 148/QĐ-TTg ngày 24/02/2023 và Quyết định 1489/QĐ-TTg "
        "ngày 06/7/2025.",
        "Prime Minister's Decision 26/2026/QĐ-TTg of 22 May 2026 issuing the criteria and procedure for evaluating and "
        "rating One Commune One Product (OCOP) products; it replaces Decision 148/QĐ-TTg of 24 February 2023 and "
        "Decision 1489/QĐ-TTg of 6 July 2025."),
    "in_force": {"from": "2026-05-22"},
    "transition": text(
        "Quyết định có hiệu lực từ 22/5/2026. QĐ 148/QĐ-TTg và QĐ 1489/QĐ-TTg hết hiệu lực sau 60 ngày kể từ ngày đó, tức "
        "hết ngày 21/7/2026 (Điều 11). Sản phẩm đã được công nhận 3 đến 5 sao trước 22/5/2026 giữ giá trị đến hết thời hạn "
        "ghi trong quyết định công nhận (Điều 12.1). Hồ sơ đã nộp trước 22/5/2026 mà chưa được đánh giá tiếp tục theo quy định "
        "giai đoạn 2021–2025: đánh giá lần đầu hoặc nâng hạng phải xong trong 60 ngày, đánh giá lại trong 30 ngày kể từ "
        "22/5/2026 (Điều 12.2). Sản phẩm phải đánh giá lại nhưng nộp hồ sơ không kịp thời hạn (từ 180 đến 120 ngày trước khi "
        "giấy chứng nhận hết hạn, Điều 7.6.a) giữ giấy chứng nhận đến khi có kết quả, nhưng không quá 180 ngày sau ngày hết "
        "hạn (Điều 12.3).",
        "The decision applies from 22 May 2026. Decisions 148/QĐ-TTg and 1489/QĐ-TTg stop applying 60 days later, i.e. "
        "after 21 July 2026 (Article 11). Products certified 3 to 5 stars before 22 May 2026 keep their certificate until "
        "the date in their recognition decision (Article 12.1). Dossiers filed before 22 May 2026 but not yet rated "
        "continue under the 2021–2025 rules: first ratings and upgrades must be finished within 60 days, re-ratings within "
        "30 days of 22 May 2026 (Article 12.2). A product due for re-rating whose dossier missed the window (180 to 120 "
        "days before the certificate expires, Article 7.6.a) keeps its certificate until the result, but no longer than "
        "180 days after it expires (Article 12.3)."),
    "source": text(
        "Bảng tiêu chí được trích tự động (tools/build_qd26.py) từ toàn văn Quyết định dạng HTML do một thư viện văn bản pháp "
        "luật công bố (lưu trong data/source/qd26-2026/); các lỗi của bản này được sửa và liệt kê trong mục “fixes”. Khi có "
        "khác biệt, bản PDF chính thức trên Cổng thông tin điện tử Chính phủ (văn bản số 218267) là căn cứ.",
        "The criteria are extracted automatically (tools/build_qd26.py) from the decision's full text as HTML published "
        "by a legal-text library (kept in data/source/qd26-2026/); the slips of that copy are corrected and listed under "
        "“fixes”. Where they differ, the official PDF on the Government's legal-documents portal (document 218267) prevails."),
    "sheet": "criteria.csv",
}

MANIFEST_TAIL = {
    "spread_limit": 10,
    "spread_source": text("Quy chế hoạt động của Hội đồng cấp tỉnh (không có trong QĐ 26/2026)",
                          "The provincial council's operating rules (not in Decision 26/2026)"),
    "central_candidate": 90,
    "central_candidate_note": text(
        "Có tiềm năng đạt 5 sao — đề nghị Bộ Nông nghiệp và Môi trường đánh giá (Điều 7.3.e); chưa phải kết quả 5 sao.",
        "Potential 5 stars — the province asks the Ministry of Agriculture and Environment to rate it (Article 7.3.e); "
        "not a 5-star result."),
    "certified_from_stars": 3,
    "certificate_months": 36,
    "product_code": {
        "format": "T-X-STT-YYYY",
        "regex": "^[0-9]+-[0-9]+-[0-9]+-[0-9]{4}$",
        "parts": [
            {"id": "T", "name": text("Mã tỉnh", "Province code")},
            {"id": "X", "name": text("Mã xã", "Commune code")},
            {"id": "STT", "name": text("Số thứ tự sản phẩm do xã lập thống kê", "Product number in the commune's register")},
            {"id": "YYYY", "name": text("Năm đánh giá", "Year of the rating")},
        ],
        "text": text(
            "Mã số sản phẩm T-X-STT-năm: mã tỉnh, mã xã, số thứ tự sản phẩm do xã lập thống kê và năm đánh giá; mã đơn vị "
            "hành chính theo Quyết định số 19/2025/QĐ-TTg ngày 30/6/2025. Từ 01/7/2025 chính quyền địa phương có hai cấp "
            "(tỉnh, xã), nên mã không có cấp huyện.",
            "Product code T-X-STT-year: province code, commune code, the product's number in the commune's register and "
            "the year of the rating; administrative codes as in Decision 19/2025/QĐ-TTg of 30 June 2025. Since 1 July 2025 "
            "local government has two tiers (province, commune), so the code has no district."),
    },
}

# Fixes outside the criteria tables (the kit reads these articles in words only).
TEXT_FIXES = [
    {"where": "Điều 11, khoản 2", "was": "Quyết định 148/QĐ-TTg ngày 24 tháng 02 năm 2025",
     "now": "Quyết định 148/QĐ-TTg ngày 24 tháng 02 năm 2023",
     "why": _why("QĐ 148/QĐ-TTg được ban hành ngày 24/02/2023, như chính khoản này ghi ở vế trước.",
                 "Decision 148/QĐ-TTg is dated 24 February 2023, as the same paragraph says a few words earlier.")},
]

def check_text_fixes(blocks: list) -> None:
    paragraphs = [body for kind, body in blocks if kind == "p"]
    for fix in TEXT_FIXES:
        if not any(fix["was"] in p for p in paragraphs):
            raise BuildError(f"{fix['where']}: {fix['was']!r} is not in the source any more")


SECTOR_PREFIX = "SẢN PHẨM "
MINISTRY_SEPARATOR = re.compile(r"\s*;\s*")


def sentence_case(upper: str) -> str:
    low = upper.lower()
    return low[:1].upper() + low[1:]


def groups(doc: Document, en: English) -> list[dict]:
    """Phụ lục I as the manifest's groups: one entry per sub-group (or group without sub-groups), in order,
    each naming the criteria set of Phụ lục II with the same place in the list."""
    entries = []
    sector = group = None
    group_ministry = ""
    rows = doc.classification
    for index, (stt, label, ministry) in enumerate(rows):
        label = norm(label)
        ministry = norm(ministry)
        if re.fullmatch(r"[IVX]+", stt):
            if not label.startswith(SECTOR_PREFIX):
                raise BuildError(f"Appendix I: sector {label!r}")
            sector = sentence_case(label[len(SECTOR_PREFIX):])
            continue
        leaf = None
        if re.fullmatch(r"\d+", stt):
            group = label.removeprefix("Nhóm:").strip()
            group_ministry = ministry
            has_subgroups = index + 1 < len(rows) and re.fullmatch(r"[a-zđ]", rows[index + 1][0])
            if not has_subgroups:
                leaf = {"group": group, "ministry": ministry}
        elif re.fullmatch(r"[a-zđ]", stt):
            leaf = {"group": group, "subgroup": label.removeprefix("Phân nhóm:").strip(),
                    "ministry": ministry or group_ministry}
        else:
            raise BuildError(f"Appendix I: row {stt!r}")
        if leaf is None:
            continue
        if not leaf["ministry"]:
            raise BuildError(f"Appendix I: no ministry for {leaf}")
        entry = {"sector": text(sector, en(sector)), "group": text(leaf["group"], en(leaf["group"]))}
        if "subgroup" in leaf:
            entry["subgroup"] = text(leaf["subgroup"], en(leaf["subgroup"]))
        ministries = MINISTRY_SEPARATOR.split(leaf["ministry"].rstrip(";"))
        entry["ministry"] = text("; ".join(ministries), "; ".join(en(m) for m in ministries))
        entries.append(entry)
    if len(entries) != len(doc.tables):
        raise BuildError(f"Appendix I has {len(entries)} sub-groups for {len(doc.tables)} criteria sets")
    for entry, table in zip(entries, doc.tables, strict=False):
        entry["sets"] = [table.name]
    return entries


REJECTION = re.compile(r"^(?:Hồ sơ )?[Bb]ị loại khi:\s*(.*)$")
FORGED = re.compile(r"^Giả mạo hồ sơ\s*;?\s*(?:hoặc\s+)?", re.I)
REGISTRATION = re.compile(r"\s*;?\s*(?:hoặc\s+)?không đáp ứng (?:về |quy định )?hồ sơ đăng ký theo quy định\.?$", re.I)


def set_rules(doc: Document, en: English) -> list[dict]:
    """Each set's "Hồ sơ bị loại khi: …" as reject_if rules: forged dossier, the set's required certificate(s),
    incomplete registration. A set whose form has no such clause (tourism) gets none."""
    forged, registration = [], []
    certificates: dict[str, list[str]] = {}
    wording: dict[str, str] = {}
    for table in doc.tables:
        clauses = {m.group(1) for line in table.header_lines if (m := REJECTION.match(line))}
        if len(clauses) > 1:
            raise BuildError(f"set {table.number}: different rejection clauses {clauses}")
        if not clauses:
            continue
        clause = clauses.pop()
        if not FORGED.match(clause) or not REGISTRATION.search(clause):
            raise BuildError(f"set {table.number}: rejection clause {clause!r}")
        forged.append(table.name)
        registration.append(table.name)
        middle = REGISTRATION.sub("", FORGED.sub("", clause)).strip(" ;")
        if middle:
            key = middle.lower()
            certificates.setdefault(key, []).append(table.name)
            wording.setdefault(key, middle[:1].upper() + middle[1:])
    rules = [{"rule": "reject_if:dossier_forged", "sets": forged,
              "text": text("Giả mạo hồ sơ", "Forged dossier")}]
    for key, names in certificates.items():
        rules.append({"rule": "reject_if:required_certificate_missing", "sets": names,
                      "text": text(wording[key], en(wording[key]))})
    rules.append({"rule": "reject_if:registration_incomplete", "sets": registration,
                  "text": text("Không đáp ứng về hồ sơ đăng ký theo quy định",
                               "The registration dossier does not meet the rules")})
    return rules


def fixes_list(doc: Document, fixes: list) -> list[dict]:
    listed = []
    for fix in fixes:
        listed.append({"set": doc.tables[fix["set"] - 1].name, "where": fix["where"], "was": fix["was"],
                       "now": fix["now"], "why": fix["why"]})
    for fix in TEXT_FIXES:
        listed.append(dict(fix))
    return listed


def manifest(doc: Document, en: English, fixes: list) -> dict:
    used_facts = {rule.split(":", 1)[1] for table in doc.tables for c in table.criteria for rule in c.rules
                  if rule.split(":", 1)[0] in ("exclude_if", "gate", "halt_if")}
    rules = set_rules(doc, en)
    used_facts |= {r["rule"].split(":", 1)[1] for r in rules}
    defined = {fact_id for fact_id, _, _ in FACTS}
    if used_facts != defined:
        raise BuildError(f"facts used {sorted(used_facts)} but defined {sorted(defined)}")
    data = dict(MANIFEST_HEAD)
    data["parts"] = PARTS
    data["bands"] = BANDS
    data.update(MANIFEST_TAIL)
    data["facts"] = [{"id": fact_id, "question": question, "default": default} for fact_id, default, question in FACTS]
    data["set_rules"] = rules
    data["groups"] = groups(doc, en)
    data["fixes"] = fixes_list(doc, fixes)
    data["known_gaps"] = []
    data["unavailable"] = []
    return data


def build(source: Path, fixes: list = FIXES) -> tuple[str, str, tuple[English, English]]:
    doc = read_document(source, fixes)
    problems = [p for table in doc.tables for p in check_table(table)]
    if problems:
        raise BuildError("sums and markers:\n" + "\n".join(problems))
    for table in doc.tables:
        note_rules(table)
        complete_yes_no(table)
    en = English(load_json("qd26_en.json"))
    texts_en = English(load_json("qd26_levels_en.json"))
    evidence = load_json("qd26_evidence.json")
    sheet = csv_text(sheet_rows(doc, en, evidence, texts_en))
    data = manifest(doc, en, fixes)
    manifest_text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return sheet, manifest_text, (en, texts_en)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    parser.add_argument("--missing", action="store_true", help="list names without an English translation")
    args = parser.parse_args(argv)
    try:
        sheet, manifest_text, (en, texts_en) = build(args.source)
    except BuildError as exc:
        print(f"build_qd26: {exc}", file=sys.stderr)
        return 1
    if en.missing or args.missing:
        for name in sorted(en.missing):
            print(name)
        if en.missing:
            print(f"build_qd26: {len(en.missing)} names without English in tools/qd26_en.json", file=sys.stderr)
            return 1
    if texts_en.missing:
        for text in sorted(texts_en.missing):
            print(text)
        print(f"build_qd26: {len(texts_en.missing)} level texts or notes without English in tools/qd26_levels_en.json",
              file=sys.stderr)
        return 1
    for table, name in ((en, "qd26_en.json"), (texts_en, "qd26_levels_en.json")):
        unused = set(table.table) - table.used
        if unused:
            print(f"build_qd26: unused entries in tools/{name}: {sorted(unused)}", file=sys.stderr)
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "criteria.csv").write_text(sheet, encoding="utf-8")
    (args.out / "manifest.json").write_text(manifest_text, encoding="utf-8")
    print(f"wrote {sheet.count(chr(10)) - 1} level rows for 26 sets to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
