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

from .dossier.fields import clean as clean_dossier
from .errors import InputError
from .rubric.model import CriteriaSet, RubricVersion
from .rubric.registry import load_version, load_with_sheet
from .scoring import validate_answers
from .text import nfc

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
        out = {"rubric": self.rubric, "set": self.set}
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


def parse(data, where: str = "") -> AnswersFile:
    """Check the shape of an answers document (already decoded from JSON)."""
    if not isinstance(data, dict):
        raise InputError("input.schema", where, path="/", error="object expected")
    for key in ("rubric", "set", "answers"):
        if key not in data:
            raise InputError("input.schema", where, path=key, error="required")
    if not isinstance(data["rubric"], str) or not isinstance(data["set"], str):
        raise InputError("input.schema", where, path="rubric/set", error="text expected")
    answers = data["answers"]
    if not isinstance(answers, dict):
        raise InputError("input.schema", where, path="answers", error="object expected")
    clean: dict[str, float] = {}
    for code, points in answers.items():
        if points is None:
            continue
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            raise InputError("input.schema", where, path=f"answers/{code}", error="number expected")
        clean[str(code).strip()] = points
    evidence = data.get("evidence", {}) or {}
    facts = data.get("facts", {}) or {}
    if not isinstance(evidence, dict) or not all(isinstance(v, str) for v in evidence.values()):
        raise InputError("input.schema", where, path="evidence", error="object of texts expected")
    if not isinstance(facts, dict) or not all(isinstance(v, bool) for v in facts.values()):
        raise InputError("input.schema", where, path="facts", error="object of true/false expected")
    info = {}
    for key in TEXT_FIELDS:
        if key in data and data[key] is not None:
            info[key] = nfc(str(data[key]))[:MAX_TEXT]
    return AnswersFile(
        rubric=data["rubric"], set=data["set"], answers=clean,
        evidence={k: nfc(v)[:MAX_TEXT] for k, v in evidence.items()}, facts=facts, info=info,
        sheet=str(data.get("sheet", "") or ""), illustrative=bool(data.get("illustrative", False)),
        dossier=clean_dossier(data.get("dossier"), where),
    )


def load(path: str | Path) -> AnswersFile:
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("input.not_found", where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("sheet.unreadable", where, error=str(exc)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("input.bad_json", where, line=exc.lineno, col=exc.colno, error=exc.msg) from None
    doc = parse(data, where)
    if doc.sheet and not Path(doc.sheet).is_absolute():
        doc.sheet = str((path.parent / doc.sheet).resolve())
    return doc


def resolve(doc: AnswersFile, where: str = "", sheet: str | None = None) -> tuple[RubricVersion, CriteriaSet]:
    """The version and set an answers document names, with every answer checked against it."""
    sheet = sheet or doc.sheet
    if sheet:
        version, result = load_with_sheet(doc.rubric, sheet)
        if result.problems:
            raise InputError("input.schema", where, path="sheet", error=result.problems[0].message())
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
        code, key, params = problems[0]
        raise InputError(key, where, **params)
    for fact in doc.facts:
        if fact not in version.facts:
            raise InputError("input.bad_fact", where, fact=fact, facts=", ".join(version.facts))
    return version, cset

