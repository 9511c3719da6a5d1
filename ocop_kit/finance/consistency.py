"""Hints that compare a business plan with the same producer's self-assessment answers.

A council reads both documents: when the plan says the product sells outside the province
but criterion B.4.1 was self-scored "within the commune", one of them is wrong. Each check
names the criteria versions it is written for (codes and levels differ between decisions). These hints
say so in plain words. Pure: no widgets, no storage.

Which plan field is compared with which criterion, and which levels fit which plan answer,
is data: ``ocop_kit/forms/consistency.json``. What the plan says about its market, its raw
material and its accountant is kept in three choice fields of ``plan.business_plan`` (see
``MARKET_AREAS``, ``RAW_MATERIAL_ORIGINS``, ``ACCOUNTANT``). When the accountant field is not
set, the plan is read for an accountant in its salary lines and staffing texts ("kế toán").
A check whose criterion is not in the set (or not answered) is skipped.
"""
from __future__ import annotations

import dataclasses
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..i18n import t
from ..text import collapse

__all__ = ["Hint", "consistency_hints", "plan_has_accountant", "MARKET_AREAS", "MARKET_AREA_ALIASES", "applies",
           "RAW_MATERIAL_ORIGINS", "ACCOUNTANT", "export_criterion", "load_checks"]

# plan.business_plan["market_area"]: where most of the product is sold. Local government has
# two tiers since 1 July 2025 (no districts): "commune" replaces "district", which stored plans
# may still hold and which reads as "commune" (``MARKET_AREA_ALIASES``).
MARKET_AREAS = ("commune", "province", "national", "export")
MARKET_AREA_ALIASES = {"district": "commune"}
# plan.business_plan["raw_material_origin"]: share of raw material bought in the province
RAW_MATERIAL_ORIGINS = ("in_province_75", "in_province_50", "in_province_under_50")
# plan.business_plan["accountant"]
ACCOUNTANT = ("none", "occasional", "regular")
# the values each compared plan field can hold (what consistency.json may name in "when")
EXTRA_FIELDS_VALUES = {"market_area": MARKET_AREAS, "raw_material_origin": RAW_MATERIAL_ORIGINS,
                       "accountant": ACCOUNTANT}


_ACCOUNTANT_WORDS = ("kế toán", "ke toan", "accountant", "accounting", "bookkeep")
_STAFF_FIELDS = ("staffing", "staffing_plan", "key_managers", "org_chart", "unit_functions")


@dataclass(frozen=True)
class Hint:
    """One inconsistency. ``field`` is the plan field it belongs next to."""

    field: str
    key: str  # catalog key (plan_app.hint.*)
    code: str  # criterion code
    criterion_vi: str
    criterion_en: str
    points: float  # what the self-assessment answered
    level_text: str = ""  # the answered level's text (Vietnamese, from the criteria data)
    severity: str = "warning"
    params: dict = dataclasses.field(default_factory=dict)
    level_text_en: str = ""  # its unofficial English, where the criteria data has one

    def message(self, lang: str = "vi") -> str:
        from ..scoring import format_points

        criterion = self.criterion_en if lang == "en" and self.criterion_en else self.criterion_vi
        return t(self.key, lang, code=self.code, criterion=criterion,
                 points=format_points(self.points, lang),
                 level=self.level_text_en if lang == "en" and self.level_text_en else self.level_text, **self.params)


def _fold(text) -> str:
    return unicodedata.normalize("NFC", str(text or "")).lower()


def plan_has_accountant(plan) -> bool | None:
    """True/False from the accountant field, else from salary lines and staffing texts;
    None when the plan says nothing about staff at all."""
    choice = (plan.business_plan or {}).get("accountant")
    if choice in ACCOUNTANT:
        return choice == "regular"
    texts = [c.name for c in plan.finance.fixed_costs if isinstance(c.name, str)]
    texts += [v for k, v in (plan.business_plan or {}).items()
              if k in _STAFF_FIELDS and isinstance(v, str)]
    if any(word in _fold(text) for text in texts for word in _ACCOUNTANT_WORDS):
        return True
    staffed = any(str(x).strip() for x in texts) or any(
        getattr(c, "category", "") == "salaries" for c in plan.finance.fixed_costs)
    return False if staffed else None


@lru_cache(maxsize=1)
def load_checks() -> tuple[dict, ...]:
    text = (resources.files("ocop_kit") / "forms" / "consistency.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["checks"])


def _find(cset, spec: dict):
    """The criterion a check names: by code, or by the end of its name (codes differ between sets)."""
    if "code" in spec:
        return cset.by_code().get(spec["code"])
    endings = tuple(spec.get("name_endswith", ()))
    for c in cset.criteria:
        names = {collapse(c.name).lower(), collapse(getattr(c, "name_en", "")).lower()}
        if any(n.endswith(endings) for n in names if n):
            return c
    return None


def export_criterion(cset):
    """The part-C export-potential criterion of a set, found by name; None if absent."""
    spec = next(c["criterion"] for c in load_checks() if "name_endswith" in c["criterion"])
    return _find(cset, spec)


def _answered(answers, crit):
    if crit is None:
        return None
    value = (answers or {}).get(crit.code)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _hint(field_, key, crit, points, severity="warning", **params) -> Hint:
    level = crit.level_for(points)
    return Hint(field_, key, crit.code, crit.name, getattr(crit, "name_en", "") or crit.name,
                points, level.text if level else "", severity, params,
                level_text_en=getattr(level, "text_en", "") if level else "")


def _plan_value(plan, field_name: str):
    if field_name == "accountant":
        has = plan_has_accountant(plan)
        return None if has is None else ("regular" if has else "none")
    value = (plan.business_plan or {}).get(field_name)
    return MARKET_AREA_ALIASES.get(str(value), value) if field_name == "market_area" else value


def applies(check: dict, cset) -> bool:
    """Whether a check is written for the criteria version of ``cset``."""
    return getattr(cset, "version", None) in check.get("rubrics", ())


def consistency_hints(plan, answers: dict, cset) -> list[Hint]:
    """All hints for ``plan`` (a :class:`~ocop_kit.finance.BusinessPlan`) against the
    self-assessment ``answers`` ({code: points}) of criteria set ``cset``."""
    if cset is None or not answers:
        return []
    hints: list[Hint] = []
    for check in load_checks():
        if not applies(check, cset):
            continue
        value = _plan_value(plan, check["field"])
        if value not in check["when"]:
            continue
        crit = _find(cset, check["criterion"])
        points = _answered(answers, crit)
        if points is None or points not in crit.points:
            continue
        levels = crit.points
        if len(levels) < check.get("min_levels", 0) or len(levels) != check.get("exact_levels", len(levels)):
            continue
        rank = levels.index(points)
        low = check.get("min_rank", 0)
        high = check.get("max_rank", len(levels) - 1)
        high = high if high >= 0 else len(levels) + high
        if not low <= rank <= high:
            hints.append(_hint(check["field"], check["key"], crit, points, check.get("severity", "warning")))
    return hints
