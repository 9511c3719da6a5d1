"""Build the kit's 2019 criteria sheet from the transcription in data/source/.

    python tools/build_qd1048.py [path/to/ocop-1048-criteria.csv [path/to/output.csv]]

Reads the transcription (one row per answer level), and writes
``ocop_kit/rubrics/qd1048-2019/criteria.csv`` with the kit's extra columns:
``code`` (A.1.1 …), ``case`` (alternative cases such as A.3.2), ``rule`` (scoring rules
read from the notes), ``name_en``/``section_en``/``set_name_en``/``parent_en`` (from
tools/criteria_en.json) and ``evidence``/``evidence_en`` (from tools/evidence_vi.json).
Run it again when the transcription or the translations change; the kit itself only
reads the result.
"""
from __future__ import annotations

import csv
import json
import sys
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocop_kit.text import collapse, split_numbering  # noqa: E402 - after the checkout is on sys.path

SOURCE = ROOT / "data" / "source" / "ocop-1048-criteria.csv"
TARGET = ROOT / "ocop_kit" / "rubrics" / "qd1048-2019" / "criteria.csv"
SUB = "(has sub-criteria)"
COLUMNS = [
    "set_id", "set_name", "set_name_en", "part", "section", "section_en", "code", "criterion", "name_en",
    "parent_criterion", "parent_en", "note", "rule", "case", "level", "points", "evidence", "evidence_en",
]

# Notes in the transcription that carry a scoring rule, as (fragment of the note, rule).
NOTE_RULES = [
    ("bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu", "exclude_if:raw_material_all_imported"),
    ("vi phạm sở hữu trí tuệ", "exclude_if:ip_violation"),
    ("chỉ áp dụng khi có câu chuyện", "requires:{story}"),
    ("nếu bị 0 điểm, sẽ không đánh giá", "stop_if_zero"),
    ("tạp chất", "stop_if_zero"),  # "… tạp chất … sẽ không đánh giá các bước tiếp theo / không xem xét …"
    ("đủ điều kiện attp", "gate:food_safety_certificate"),
    ("đủ điều kiện sản xuất", "gate:production_certificate"),
    ("phiếu công bố sản phẩm mỹ phẩm", "gate:cosmetic_notification"),
    ("hồ sơ công bố tiêu chuẩn", "gate:declaration_dossier"),
    ("phiếu tiếp nhận hồ sơ công bố", "gate:declaration_dossier"),
]
ANY_ABOVE_ZERO = "nếu được 0 điểm tại một trong các chỉ tiêu trên"
# Obvious slips in the transcription's criterion names (a capital I for an l, a stray capital).
TYPOS = {"nguyên Iiệu": "nguyên liệu", "VỊ nước": "Vị nước"}


def fix_typos(text: str) -> str:
    for wrong, right in TYPOS.items():
        text = text.replace(wrong, right)
    return text


def rule_for(note: str) -> str:
    low = note.lower()
    for fragment, rule in NOTE_RULES:
        if fragment not in low:
            continue
        if fragment == "tạp chất" and "không đánh giá" not in low and "không xem xét" not in low:
            continue  # a note that only describes foreign matter
        return rule
    return ""


def load_json(name: str, default):
    path = ROOT / "tools" / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


def evidence_for(name: str, table: list) -> tuple[str, str]:
    low = name.lower()
    for entry in table:
        if any(keyword in low for keyword in entry["match"]):
            return entry["vi"], entry["en"]
    return "", ""


def main(source: Path, target: Path = TARGET) -> None:
    names_en = {collapse(fix_typos(k)): v for k, v in load_json("criteria_en.json", {}).items()}
    evidence = load_json("evidence_vi.json", [])
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in ("set_name", "section", "criterion", "parent_criterion"):
            row[column] = collapse(fix_typos(row[column]))
    by_set: OrderedDict[str, list] = OrderedDict()
    for row in rows:
        by_set.setdefault(row["set_id"], []).append(row)

    out = []
    for set_rows in by_set.values():
        # First pass: one code per criterion; repeated numbering (a transcription slip) moves on to the next free number.
        codes: OrderedDict[tuple, str] = OrderedDict()
        used: set[str] = set()
        last_in_parent: dict[tuple, list[int]] = {}
        for row in set_rows:
            if SUB in row["level"]:
                continue
            key = (row["part"], row["criterion"])
            if key in codes:
                continue
            numbering, _ = split_numbering(row["criterion"])
            numbers = [int(n) for n in numbering.split(".")]
            parent = (row["part"], tuple(numbers[:-1]))
            previous = last_in_parent.get(parent)
            if previous and numbers[-1] <= previous[-1]:
                numbers[-1] = previous[-1] + 1
            code = f"{row['part']}." + ".".join(map(str, numbers))
            assert code not in used, code
            used.add(code)
            last_in_parent[parent] = numbers
            codes[key] = code
        story = next((c for (part, text), c in codes.items() if part == "B" and "câu chuyện về sản phẩm" in text.lower()), "")
        # Rules that read "0 on any of the criteria above" attach to every criterion of that section up to the note.
        any_zero: dict[str, str] = {}
        for row in set_rows:
            if ANY_ABOVE_ZERO in row["note"].lower():
                anchor = codes[(row["part"], row["criterion"])]
                for (part, _text), code in codes.items():
                    if part == row["part"] and code.split(".")[1] == anchor.split(".")[1] and code <= anchor:
                        any_zero[code] = f"stop_if_zero:{anchor}"
        # A foreign-matter note written on a group heading (tea, coffee) belongs to its foreign-matter child.
        heading_rules = {row["criterion"]: rule_for(row["note"]) for row in set_rows if SUB in row["level"]}
        cases: dict[str, tuple[int, float]] = {}
        for row in set_rows:
            if SUB in row["level"]:
                continue
            code = codes[(row["part"], row["criterion"])]
            points = float(row["points"])
            case, previous = cases.get(code, (1, None))
            if previous is not None and points <= previous:
                case += 1
            cases[code] = (case, points)
            rule = any_zero.get(code) or rule_for(row["note"])
            if not rule and "tạp chất" in row["criterion"].lower():
                rule = heading_rules.get(row["parent_criterion"], "")
            rule = rule.replace("{story}", story)
            if rule.startswith("requires:") and not story:
                rule = ""
            _, name = split_numbering(row["criterion"])
            _, section = split_numbering(row["section"])
            _, parent = split_numbering(row["parent_criterion"])
            ev_vi, ev_en = (collapse(row["evidence"]), "") if row["evidence"].strip() else evidence_for(name, evidence)
            out.append({
                "set_id": row["set_id"], "set_name": collapse(row["set_name"]),
                "set_name_en": names_en.get(collapse(row["set_name"]), ""),
                "part": row["part"], "section": row["section"], "section_en": names_en.get(section, ""),
                "code": code, "criterion": row["criterion"], "name_en": names_en.get(name, ""),
                "parent_criterion": row["parent_criterion"], "parent_en": names_en.get(parent, "") if parent else "",
                "note": row["note"], "rule": rule, "case": case, "level": row["level"], "points": row["points"],
                "evidence": ev_vi, "evidence_en": ev_en,
            })
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {len(out)} level rows for {len(by_set)} sets to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE, Path(sys.argv[2]) if len(sys.argv) > 2 else TARGET)
