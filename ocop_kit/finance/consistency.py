"""Hints that compare a business plan with the same producer's self-assessment answers.

A council reads both documents: when the plan says the product sells outside the province
but criterion B.4.1 was self-scored "within the district", one of them is wrong. These hints
say so in plain words. Pure: no widgets, no storage.

What the plan says about its market, its raw material and its accountant is kept in three
choice fields of ``plan.business_plan`` (see ``MARKET_AREAS``, ``RAW_MATERIAL_ORIGINS``,
``ACCOUNTANT``). When the accountant field is not set, the plan is read for an accountant in
its salary lines and staffing texts ("kế toán"). Criteria are found by their code in the
criteria set; a hint whose criterion is not in the set (or not answered) is skipped. The
export-potential criterion has a different code in each set, so it is found by its name.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..i18n import t
from ..text import collapse

__all__ = ["Hint", "consistency_hints", "plan_has_accountant", "MARKET_AREAS",
           "RAW_MATERIAL_ORIGINS", "ACCOUNTANT", "DISTRIBUTION_CODE", "ACCOUNTING_CODE",
           "RAW_MATERIAL_CODE", "export_criterion"]

# plan.business_plan["market_area"]: where most of the product is sold
MARKET_AREAS = ("district", "province", "national", "export")
# plan.business_plan["raw_material_origin"]: share of raw material bought in the province
RAW_MATERIAL_ORIGINS = ("in_province_75", "in_province_50", "in_province_under_50")
# plan.business_plan["accountant"]
ACCOUNTANT = ("none", "occasional", "regular")

DISTRIBUTION_CODE = "B.4.1"  # Khu vực phân phối chính
ACCOUNTING_CODE = "A.3.5"  # Kế toán
RAW_MATERIAL_CODE = "A.1.1"  # Nguồn nguyên liệu
# Name of the export-potential criterion of part C (its code differs between sets)
EXPORT_NAMES = ("cơ hội thị trường toàn cầu", "global market opportunity", "export potential")

_ACCOUNTANT_WORDS = ("kế toán", "ke toan", "accountant", "accounting", "bookkeep")
_STAFF_FIELDS = ("staffing", "staffing_plan", "key_managers", "org_chart", "unit_functions")
# plan choice → index of the A.1.1 level it supports (levels sorted by points, low to high)
_ORIGIN_LEVEL = {"in_province_under_50": 0, "in_province_50": 1, "in_province_75": 2}


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
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        from ..scoring import format_points

        criterion = self.criterion_en if lang == "en" and self.criterion_en else self.criterion_vi
        return t(self.key, lang, code=self.code, criterion=criterion,
                 points=format_points(self.points, lang), level=self.level_text, **self.params)


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


def export_criterion(cset):
    """The part-C export-potential criterion of a set, found by name; None if absent."""
    for c in cset.criteria:
        names = {collapse(c.name).lower(), collapse(getattr(c, "name_en", "")).lower()}
        if any(any(n.endswith(name) for n in names) for name in EXPORT_NAMES):
            return c
    return None


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
                points, level.text if level else "", severity, params)


def consistency_hints(plan, answers: dict, cset) -> list[Hint]:
    """All hints for ``plan`` (a :class:`~ocop_kit.finance.BusinessPlan`) against the
    self-assessment ``answers`` ({code: points}) of criteria set ``cset``."""
    if cset is None or not answers:
        return []
    by_code = cset.by_code()
    bp = plan.business_plan or {}
    hints: list[Hint] = []

    market = bp.get("market_area")
    dist = by_code.get(DISTRIBUTION_CODE)
    points = _answered(answers, dist)
    if market in MARKET_AREAS and points is not None:
        levels = dist.points
        if market != "district" and points == levels[0]:
            hints.append(_hint("market_area", "plan_app.hint.sells_outside_district", dist, points))
        elif market == "district" and points > levels[0]:
            hints.append(_hint("market_area", "plan_app.hint.sells_only_in_district", dist, points))
        if market != "export" and points == levels[-1] and len(levels) > 2:
            hints.append(_hint("market_area", "plan_app.hint.no_export_but_international",
                               dist, points))

    export = export_criterion(cset)
    points = _answered(answers, export)
    if market == "export" and points is not None and points == export.points[0]:
        hints.append(_hint("market_area", "plan_app.hint.exports_but_lowest", export, points))

    acc = by_code.get(ACCOUNTING_CODE)
    points = _answered(answers, acc)
    has = plan_has_accountant(plan)
    if points is not None and has is not None:
        if not has and points > acc.points[0]:
            hints.append(_hint("accountant", "plan_app.hint.no_accountant", acc, points))
        elif has and points == acc.points[0]:
            hints.append(_hint("accountant", "plan_app.hint.accountant_not_claimed", acc, points,
                               "info"))

    raw = by_code.get(RAW_MATERIAL_CODE)
    points = _answered(answers, raw)
    origin = bp.get("raw_material_origin")
    if origin in _ORIGIN_LEVEL and points is not None and len(raw.points) == 3:
        supported = raw.points[_ORIGIN_LEVEL[origin]]
        if points > supported:
            hints.append(_hint("raw_material_origin", "plan_app.hint.raw_material_outside",
                               raw, points))
        elif points < supported:
            hints.append(_hint("raw_material_origin", "plan_app.hint.raw_material_underscored",
                               raw, points, "info"))
    return hints
