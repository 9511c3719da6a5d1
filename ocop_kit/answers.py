"""Answers files: one rater's (or one producer's) chosen levels for one product.

Format (JSON Schema in ``ocop_kit/schemas/answers.schema.json``, documented in docs/answers-file.md)::

    {"rubric": "qd1048-2019", "set": "<set name or slug>", "product": "...", "producer": "...",
     "answers": {"A.1.1": 3, ...}, "evidence": {"A.1.1": "..."}, "facts": {"food_safety_certificate": true},
     "dossier": {"representative_name": "...", "representative_gender": "female", ...}}

``dossier`` holds what the producer's dossier (Mẫu 01, Mẫu 02 of QĐ 26/2026) needs beyond the
self-assessment; its keys and bounds are data (``ocop_kit/forms/dossier.json``).

Each answer is the points of the chosen level. Every problem becomes an InputError naming
the file and the field, in the user's language.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dossier.fields import clean as clean_dossier
from .errors import InputError
from .i18n import LANGUAGES, t
from .money import format_number
from .rubric.model import CriteriaSet, RubricVersion
from .rubric.registry import load_version, load_with_sheet
from .scoring import validate_answers
from .text import nfc

MAX_FILE_BYTES = 1_000_000  # an answers file of a whole set with long evidence notes is ~200 KB
MAX_ENTRIES = 1000  # answers, evidence notes or facts in one file
MAX_POINTS = 1000  # no criterion level is worth more

TEXT_FIELDS = ("product", "producer", "commune", "district", "province", "rater", "date", "note")
MAX_TEXT = 2000


@dataclass
class AnswersFile:
    rubric: str
    set: str
    answers: dict[str, float]
    evidence: dict[str, str] = field(default_factory=dict)
    facts: dict[str, bool] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)  # product, producer, commune, rater, …
    sheet: str = ""  # a criteria sheet for versions the kit has no table for
    illustrative: bool = False
    dossier: dict = field(default_factory=dict)  # fields of Mẫu 01/02 (see ocop_kit.dossier.fields)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"rubric": self.rubric, "set": self.set}
        out.update({k: v for k, v in self.info.items() if v})
        if self.sheet:
            out["sheet"] = self.sheet
        if self.illustrative:
            out["illustrative"] = True
        out["answers"] = dict(self.answers)
        if self.evidence:
            out["evidence"] = dict(self.evidence)
        if self.facts:
            out["facts"] = dict(self.facts)
        if self.dossier:
            out["dossier"] = dict(self.dossier)
        return out


def clean_text(value, limit: int = MAX_TEXT) -> str:
    """Text from a file, safe to show, print and store: NFC, lone surrogates replaced, cut."""
    return nfc(str(value)[:limit]).encode("utf-8", "replace").decode("utf-8")


def _schema(where, path, what: str) -> InputError:
    """“field …: <what was expected>”, the expectation worded in each language."""
    error = {lang: t(f"input.expected.{what}", lang) for lang in LANGUAGES}
    return InputError("input.schema", where, path=clean_text(path, 80), error=error)


def _kb(limit: int) -> dict:
    return {lang: format_number(limit // 1000, 0, lang) for lang in LANGUAGES}


def decode(content: bytes, where: str = "", limit: int = MAX_FILE_BYTES):
    """Uploaded or read bytes → the decoded JSON document, or an InputError in the user's
    language: too large, not UTF-8 (with the hint to save as UTF-8), not JSON, nested too
    deeply, a number too long to read."""
    if len(content) > limit:
        raise InputError("input.too_large", where, limit=_kb(limit))
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("input.not_utf8", where) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("input.bad_json", where, line=exc.lineno, col=exc.colno, error=exc.msg) from None
    except RecursionError:
        raise InputError("input.too_deep", where) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise InputError("input.number_too_long", where) from None


def parse(data, where: str = "", allow_sheet: bool = False) -> AnswersFile:
    """Check the shape of an answers document (already decoded from JSON).

    A ``"sheet"`` (a path to a criteria sheet) is accepted only with ``allow_sheet``: the CLI
    reading a file the user named. An uploaded document must not make the server open a file.
    """
    where = clean_text(where, 200)
    if not isinstance(data, dict):
        raise _schema(where, "/", "object")
    if data.get("sheet") and not allow_sheet:
        raise InputError("input.sheet_in_upload", where)
    for key in ("rubric", "set", "answers"):
        if key not in data:
            raise _schema(where, key, "required")
    if not isinstance(data["rubric"], str) or not isinstance(data["set"], str):
        raise _schema(where, "rubric/set", "text")
    answers = data["answers"]
    if not isinstance(answers, dict):
        raise _schema(where, "answers", "object")
    for key in ("answers", "evidence", "facts"):
        if isinstance(data.get(key), dict) and len(data[key]) > MAX_ENTRIES:
            raise InputError("input.too_many", where, path=key, max=MAX_ENTRIES)
    clean: dict[str, float] = {}
    for code, points in answers.items():
        if points is None:
            continue
        if isinstance(points, bool) or not isinstance(points, (int, float)) \
                or not -MAX_POINTS <= points <= MAX_POINTS:  # also NaN and Infinity
            raise _schema(where, f"answers/{code}", "number")
        clean[clean_text(code, 80).strip()] = points
    evidence = data.get("evidence", {}) or {}
    facts = data.get("facts", {}) or {}
    if not isinstance(evidence, dict) or not all(isinstance(v, str) for v in evidence.values()):
        raise _schema(where, "evidence", "texts")
    if not isinstance(facts, dict) or not all(isinstance(v, bool) for v in facts.values()):
        raise _schema(where, "facts", "bools")
    info = {}
    for key in TEXT_FIELDS:
        if key in data and data[key] is not None:
            info[key] = clean_text(data[key])
    return AnswersFile(
        rubric=clean_text(data["rubric"], 200), set=clean_text(data["set"], 200), answers=clean,
        evidence={clean_text(k, 80): clean_text(v) for k, v in evidence.items()},
        facts={clean_text(k, 80): v for k, v in facts.items()}, info=info,
        sheet=str(data.get("sheet", "") or ""), illustrative=bool(data.get("illustrative", False)),
        dossier=clean_dossier(data.get("dossier"), where),
    )


def read_limited(path: Path, limit: int, where: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (not a directory, a device such
    as /dev/zero, or a pipe), or an InputError saying which."""
    try:
        if not path.exists():
            raise InputError("input.not_found", where)
        if not path.is_file():
            raise InputError("input.not_a_file", where)
        with path.open("rb") as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise InputError("input.unreadable", where, error=clean_text(exc.strerror or exc, 200)) from None
    if len(content) > limit:
        raise InputError("input.too_large", where, limit=_kb(limit))
    return content


def load(path: str | Path) -> AnswersFile:
    """An answers file the user named (CLI): its ``"sheet"`` may name a criteria sheet,
    relative to the answers file."""
    path = Path(path)
    where = clean_text(path, 200)
    data = decode(read_limited(path, MAX_FILE_BYTES, where), where)
    doc = parse(data, where, allow_sheet=True)
    if doc.sheet and not Path(doc.sheet).is_absolute():
        doc.sheet = str((path.parent / doc.sheet).resolve())
    return doc


def resolve(doc: AnswersFile, where: str = "", sheet: str | None = None) -> tuple[RubricVersion, CriteriaSet]:
    """The version and set an answers document names, with every answer checked against it."""
    sheet = sheet or doc.sheet
    if sheet:
        version, result = load_with_sheet(doc.rubric, sheet)
        if result.problems:  # the sheet's own words, in the user's language
            error = {lang: result.problems[0].message(lang) for lang in LANGUAGES}
            raise InputError("input.schema", where, path="sheet", error=error)
    else:
        try:
            version = load_version(doc.rubric)
        except InputError as exc:
            exc.where = exc.where or where
            raise
    cset = version.find_set(doc.set)
    if cset is None:
        for missing in version.unavailable:
            if missing["set"].lower() == doc.set.strip().lower():
                raise InputError("input.unavailable_set", where, set=doc.set, note=missing["note"])
        if not version.sets:
            raise InputError("input.no_criteria", where, version=version.id)
        raise InputError("input.unknown_set", where, set=doc.set, version=version.id)
    problems = validate_answers(cset, doc.answers)
    if problems:
        _code, key, params = problems[0]
        raise InputError(key, where, **params)
    for fact in doc.facts:
        if fact not in version.facts:
            raise InputError("input.bad_fact", where, fact=fact, facts=", ".join(version.facts))
    return version, cset

