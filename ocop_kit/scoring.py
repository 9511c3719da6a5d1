"""The scoring engine: answers in, points, parts, total, star and every rule that fired out.

Pure Python. The rules themselves are data (``Criterion.rules``); this module only knows
the five rule kinds and applies them in the order the criteria stand in their part.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import pick, t
from .rubric.model import Band, Criterion, CriteriaSet, RubricVersion
from .text import plain_number

COUNTED, UNANSWERED, NOT_ASSESSED, NOT_APPLICABLE = "counted", "unanswered", "not_assessed", "not_applicable"


@dataclass(frozen=True)
class Message:
    """A rule that fired or a warning, kept as a catalog key so each view can say it in its language."""

    key: str
    params: dict = field(default_factory=dict)
    code: str = ""  # the criterion it concerns, if any

    def text(self, lang: str | None = None) -> str:
        # {"vi": …, "en": …} values (e.g. a gate's question from the data) are resolved per language.
        return t(self.key, lang, **{k: pick(v, lang) if isinstance(v, dict) else v for k, v in self.params.items()})


@dataclass(frozen=True)
class CriterionScore:
    code: str
    answered: float | None
    counted: float
    max: float
    status: str


@dataclass
class ScoreResult:
    version: RubricVersion
    cset: CriteriaSet
    rows: list[CriterionScore]
    parts: dict[str, float]
    part_max: dict[str, float]
    total: float
    band: Band
    excluded: bool
    capped: bool  # a mandatory criterion keeps the product below 3 stars
    rules: list[Message]
    warnings: list[Message]

    @property
    def stars(self) -> int:
        """0 when the product is excluded (not rated at all), else the band's stars."""
        return 0 if self.excluded else self.band.stars

    @property
    def unanswered(self) -> list[str]:
        return [r.code for r in self.rows if r.status == UNANSWERED]

    @property
    def certified(self) -> bool:
        return not self.excluded and self.band.certified

    def row(self, code: str) -> CriterionScore:
        return next(r for r in self.rows if r.code == code)

    def as_dict(self, lang: str | None = None) -> dict:
        return {
            "rubric": self.version.id,
            "set": self.cset.name,
            "total": self.total,
            "max": sum(self.part_max.values()),
            "stars": self.stars,
            "excluded": self.excluded,
            "certified": self.certified,
            "meaning": pick(self.band.meaning, lang),
            "certified_by": pick(self.band.certified_by, lang),
            "parts": dict(self.parts),
            "part_max": dict(self.part_max),
            "unanswered": self.unanswered,
            "criteria": [
                {"code": r.code, "answered": r.answered, "counted": r.counted, "max": r.max, "status": r.status}
                for r in self.rows
            ],
            "rules": [{"code": m.code, "key": m.key, "text": m.text(lang)} for m in self.rules],
            "warnings": [{"code": m.code, "key": m.key, "text": m.text(lang)} for m in self.warnings],
        }


def format_points(value: float, lang: str | None = None) -> str:
    """91.14 -> "91,14" in Vietnamese, "91.14" in English; whole numbers without decimals."""
    from .money import format_number

    value = round2(value)
    return format_number(value, 0 if float(value).is_integer() else 2, lang or "vi")


def round2(value: float) -> float:
    """Totals and averages are shown with two decimals, as councils report them (e.g. 91.14)."""
    return round(value + 0.0, 2)


def _fact(version: RubricVersion, facts: dict, fact_id: str, warnings: list, code: str) -> bool:
    if fact_id in facts:
        return bool(facts[fact_id])
    fact = version.facts[fact_id]
    if fact.default:  # a gate the user has not confirmed: assume it holds, but say so
        warnings.append(Message("score.fact_assumed", {"question": fact.question, "code": code}, code))
    return fact.default


def score(version: RubricVersion, cset: CriteriaSet, answers: dict[str, float],
          facts: dict[str, bool] | None = None) -> ScoreResult:
    """Score one rater's answers (points of the chosen level per criterion code)."""
    facts = facts or {}
    rules: list[Message] = []
    warnings: list[Message] = []
    counted: dict[str, float] = {}
    status: dict[str, str] = {}
    excluded = False

    for part in version.parts:
        stopped_after: str | None = None  # criteria after this code are not assessed
        stop_reason: Message | None = None
        criteria = cset.in_part(part)
        order = {c.code: i for i, c in enumerate(criteria)}
        for criterion in criteria:
            code = criterion.code
            answer = answers.get(code)
            if stopped_after is not None and order[code] > order[stopped_after]:
                counted[code], status[code] = 0, NOT_ASSESSED
                continue
            if answer is None:
                counted[code], status[code] = 0, UNANSWERED
            else:
                counted[code], status[code] = answer, COUNTED
            for rule in criterion.rules:
                if rule.kind == "stop_if_zero" and answer is not None and answer == 0:
                    anchor = rule.arg or code
                    if stopped_after is None or order[anchor] < order[stopped_after]:
                        stopped_after = anchor
                        stop_reason = Message("rule.stop_if_zero", {"code": code, "after": anchor}, code)
                elif rule.kind == "gate" and not _fact(version, facts, rule.arg, warnings, code):
                    if stopped_after is None or order[code] < order[stopped_after]:
                        stopped_after = code
                        stop_reason = Message("rule.gate", {"code": code, "question": version.facts[rule.arg].question}, code)
                elif rule.kind == "exclude_if" and facts.get(rule.arg, version.facts[rule.arg].default):
                    excluded = True
                    rules.append(Message("rule.excluded", {"code": code, "question": version.facts[rule.arg].question}, code))
        if stop_reason is not None:
            rules.append(stop_reason)

    # "Only when a story exists": evaluated after the stops, on what the referenced criterion counts.
    for criterion in cset.criteria:
        rule = criterion.rule("requires")
        if rule and status[criterion.code] == COUNTED and counted.get(rule.arg, 0) <= 0:
            if counted[criterion.code] > 0:
                rules.append(Message("rule.requires", {"code": criterion.code, "ref": rule.arg}, criterion.code))
            counted[criterion.code], status[criterion.code] = 0, NOT_APPLICABLE

    rows = [CriterionScore(c.code, answers.get(c.code), counted[c.code], c.max_points, status[c.code]) for c in cset.criteria]
    parts = {p: round2(sum(counted[c.code] for c in cset.in_part(p))) for p in version.parts}
    total = round2(sum(parts.values()))
    band = version.band(total)
    capped = False
    for criterion in cset.criteria:
        if criterion.mandatory is not None and counted[criterion.code] < criterion.mandatory and band.stars >= 3:
            capped = True
            rules.append(Message("rule.mandatory", {"code": criterion.code, "min": criterion.mandatory}, criterion.code))
    if capped:
        band = version.band_for_stars(2) or band
    for gap in cset.gaps:
        warnings.append(Message("score.incomplete_part", {"part": gap["part"], "sum": plain_number(gap["sum"]), "max": plain_number(gap["max"])}))
    part_max = {p: cset.part_sum(p) for p in version.parts}
    return ScoreResult(version, cset, rows, parts, part_max, total, band, excluded, capped, rules, warnings)


def validate_answers(cset: CriteriaSet, answers: dict) -> list[tuple[str, str, dict]]:
    """Problems as (code, key, params): unknown codes and points that are no level of the criterion."""
    problems = []
    by_code = cset.by_code()
    for code, points in answers.items():
        criterion: Criterion | None = by_code.get(code)
        if criterion is None:
            problems.append((code, "input.unknown_code", {"code": code, "set": cset.name}))
        elif points is not None and (isinstance(points, bool) or not isinstance(points, (int, float))
                                     or points not in criterion.points):
            problems.append((code, "input.bad_points", {
                "code": code, "points": points, "levels": ", ".join(plain_number(p) for p in criterion.points)}))
    return problems
