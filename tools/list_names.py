"""List the distinct 2019 (QĐ 1048) criteria names and check the two tool JSON files.

Prints every stripped distinct name (sections, criteria, parent criteria, set names)
on stdout, one per line. Problems go to stderr and make the exit status non-zero:
a name missing from criteria_en.json, an extra key there, an empty or non-English
value, or a Part A/B criterion name that matches no entry of evidence_vi.json.
Part C names are reported for information only (sensory ones fall to the generic entry).

Usage: python3 tools/list_names.py [--csv PATH] [--criteria-en PATH] [--evidence PATH] [--quiet]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
DEFAULT_CSV = TOOLS.parent / "data" / "source" / "ocop-1048-criteria.csv"
CRITERIA_EN = TOOLS / "criteria_en.json"
EVIDENCE = TOOLS / "evidence_vi.json"

_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s*")
_MARKER = " (has sub-criteria)"
# Letters that only Vietnamese uses; an English value must contain none of them.
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def strip_name(raw: str) -> str:
    """Drop leading numbering ("6.1.1.", "9.1 ") and the sub-criteria marker; collapse spaces."""
    name = raw.replace(_MARKER, "")
    name = _NUMBERING.sub("", name)
    return " ".join(name.split())


def read_rows(csv_path: Path) -> list[dict[str, str]]:
    with open(csv_path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def distinct_names(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """Stripped distinct names per kind: section, criterion (incl. parents), set."""
    kinds: dict[str, set[str]] = {"section": set(), "criterion": set(), "set": set()}
    for row in rows:
        kinds["section"].add(strip_name(row["section"]))
        kinds["criterion"].add(strip_name(row["criterion"]))
        if row["parent_criterion"].strip():
            kinds["criterion"].add(strip_name(row["parent_criterion"]))
        kinds["set"].add(" ".join(row["set_name"].split()))
    for names in kinds.values():
        names.discard("")
    return kinds


def looks_english(text: str) -> bool:
    if not text.strip():
        return False
    decomposed = unicodedata.normalize("NFD", text)
    if any(unicodedata.combining(ch) for ch in decomposed):
        return False
    return not (_VI_LETTERS & set(text))


def evidence_for(name: str, entries: list[dict]) -> dict | None:
    """First entry (most specific first) with a keyword that is a substring of the name."""
    key = unicodedata.normalize("NFC", name).lower()
    for entry in entries:
        if any(unicodedata.normalize("NFC", kw) in key for kw in entry["match"]):
            return entry
    return None


def check_translations(all_names: set[str], mapping: dict[str, str]) -> list[str]:
    problems = []
    for name in sorted(all_names - mapping.keys()):
        problems.append(f"missing in criteria_en.json: {name!r}")
    for name in sorted(mapping.keys() - all_names):
        problems.append(f"extra key in criteria_en.json: {name!r}")
    for name, text in sorted(mapping.items()):
        if not isinstance(text, str) or not looks_english(text):
            problems.append(f"value is empty or not English for {name!r}: {text!r}")
    return problems


def check_evidence_format(entries: list) -> list[str]:
    problems = []
    if not isinstance(entries, list):
        return ["evidence_vi.json must be a list"]
    for i, entry in enumerate(entries):
        if set(entry) != {"match", "vi", "en"}:
            problems.append(f"evidence entry {i}: keys must be match, vi, en")
            continue
        kws = entry["match"]
        if not kws or not all(isinstance(k, str) and k and k == k.lower() for k in kws):
            problems.append(f"evidence entry {i}: match must be non-empty lowercase strings")
        if not entry["vi"].strip() or not looks_english(entry["en"]):
            problems.append(f"evidence entry {i}: vi must be non-empty, en must be English")
    return problems


def check_evidence(rows: list[dict[str, str]], entries: list[dict]) -> tuple[list[str], list[str]]:
    """Problems (unmatched Part A/B criteria) and info lines (how Part C names fall)."""
    by_part: dict[str, set[str]] = {}
    for row in rows:
        names = by_part.setdefault(row["part"], set())
        names.add(strip_name(row["criterion"]))
        if row["parent_criterion"].strip():
            names.add(strip_name(row["parent_criterion"]))
    problems, info = [], []
    for part in ("A", "B"):
        for name in sorted(by_part.get(part, ())):
            if evidence_for(name, entries) is None:
                problems.append(f"Part {part} criterion matches no evidence entry: {name!r}")
    generic = entries[-1] if entries else None
    for name in sorted(by_part.get("C", ())):
        hit = evidence_for(name, entries)
        if hit is None:
            info.append(f"Part C, no evidence entry: {name!r}")
        elif hit is generic:
            info.append(f"Part C, generic entry: {name!r}")
    return problems, info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--criteria-en", type=Path, default=CRITERIA_EN)
    parser.add_argument("--evidence", type=Path, default=EVIDENCE)
    parser.add_argument("--quiet", action="store_true", help="do not print the names")
    args = parser.parse_args(argv)

    rows = read_rows(args.csv)
    kinds = distinct_names(rows)
    all_names = set().union(*kinds.values())
    if not args.quiet:
        for name in sorted(all_names):
            print(name)

    problems: list[str] = []
    info: list[str] = []
    criteria_en, evidence = args.criteria_en, args.evidence
    mapping = json.loads(criteria_en.read_text(encoding="utf-8")) if criteria_en.exists() else {}
    if not criteria_en.exists():
        problems.append(f"{criteria_en} not found")
    problems += check_translations(all_names, mapping)

    if evidence.exists():
        entries = json.loads(evidence.read_text(encoding="utf-8"))
        fmt = check_evidence_format(entries)
        problems += fmt
        if not fmt:
            more, info = check_evidence(rows, entries)
            problems += more
    else:
        problems.append(f"{evidence} not found")

    for name in sorted(n for n in all_names if unicodedata.normalize("NFC", n) != n):
        info.append(f"name not in NFC form in the CSV (normalise before lookup): {name!r}")
    counts = ", ".join(f"{k} {len(v)}" for k, v in kinds.items())
    print(f"distinct names: {len(all_names)} ({counts})", file=sys.stderr)
    for line in info:
        print("info: " + line, file=sys.stderr)
    for line in problems:
        print("ERROR: " + line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
