"""What a producer still lacks before downloading the dossier, in the order of the forms.

Required fields left empty, values that do not fit (a choice outside its list, a malformed
phone, email or product code), criteria not answered, answered criteria without an evidence
description, the conditions the set's rules depend on that the producer has not confirmed, the
criteria below the minimum level of a chosen star, and a business plan that cannot be used. The
self-assessment view lists these; the CLI prints them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import pick, t
from ..rubric.rules import facts_needed
from ..scoring import format_points, score
from . import fields as defs
from .build import field_values, plan_years, same_product

if TYPE_CHECKING:
    from ..answers import AnswersFile
    from ..finance.model import BusinessPlan
    from ..rubric.model import CriteriaSet, RubricVersion
    from ..scoring import ScoreResult

KINDS = ("field", "format", "unanswered", "evidence", "fact", "minimum", "plan")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Missing:
    kind: str  # one of KINDS
    id: str  # field id, criterion code, fact id, or "plan"
    message: str  # in the language asked for

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "message": self.message}


def _bad_format(f: defs.DossierField, text: str) -> bool:
    if f.format == "email":
        return not _EMAIL.match(text)
    if f.format == "phone":
        return not re.fullmatch(r"\+?\d{9,12}", re.sub(r"[\s.()-]", "", text))
    if f.pattern:
        return not re.fullmatch(f.pattern, text)
    return False


def missing_for(doc: AnswersFile, version: RubricVersion, cset: CriteriaSet,
                plan: BusinessPlan | None = None, lang: str = "vi", target: int | None = None,
                result: ScoreResult | None = None) -> list[Missing]:
    """Everything still lacking, in form order; ``target`` (a star) adds the criteria below its
    minimum levels (computed from ``result``, or from the answers when no result is given)."""
    L = lambda key, **kw: t("dossier.missing." + key, lang, **kw)  # noqa: E731
    out: list[Missing] = []
    values = field_values(doc, cset, plan, lang)
    for f in defs.fields().values():
        value = values[f.id]
        label = f.label_for(lang)
        if value.empty:
            if f.required and f.kind != "checkbox":
                out.append(Missing("field", f.id, L("field", label=label)))
            continue
        if f.kind == "choice" and f.option_label(value.text) is None:
            out.append(Missing("format", f.id, L("choice", label=label, value=value.text,
                                                 options=", ".join(pick(o, lang) for _, o in f.options))))
        elif f.kind in ("text", "long_text") and _bad_format(f, value.text):
            help_text = pick(f.help, lang) if f.help else ""
            hint = f" ({help_text})" if help_text else ""
            out.append(Missing("format", f.id, L("format", label=label, value=value.text) + hint))
    for criterion in cset.criteria:
        name = criterion.label(lang)
        points = doc.answers.get(criterion.code)
        if points is None:
            out.append(Missing("unanswered", criterion.code, L("unanswered", code=criterion.code, name=name)))
        elif points > 0 and not doc.evidence.get(criterion.code, "").strip():
            # a level worth nothing needs no proof; every other level is what the council checks
            out.append(Missing("evidence", criterion.code, L("evidence", code=criterion.code, name=name)))
    for fact_id in facts_needed(cset):
        if fact_id not in doc.facts and fact_id in version.facts:
            out.append(Missing("fact", fact_id, L("fact", question=pick(version.facts[fact_id].question, lang))))
    if target:
        result = result or score(version, cset, doc.answers, doc.facts)
        by_code = cset.by_code()
        for unmet in result.holding_back(target):
            out.append(Missing("minimum", unmet.code, L(
                "minimum", code=unmet.code, name=by_code[unmet.code].label(lang), has=format_points(unmet.has, lang),
                needs=format_points(unmet.needs, lang), star=target)))
    if plan is not None:
        years, problem = plan_years(plan)
        if years is None:
            out.append(Missing("plan", "plan", t(problem, lang)))
        if not same_product(doc, plan):
            out.append(Missing("plan", "plan", L("plan_other_product")))
    return out
