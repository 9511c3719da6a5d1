"""The scoring engine: answers in, points, parts, total, star and every rule that fired out.

Pure Python. What each rule kind does is declared once in ``rubric.rules``; this module
asks the kinds with the real answers and adds up. The star is the band of the total,
capped by the per-star minimum levels the data marks (QĐ 26/2026: "Dấu sao là yêu cầu
tối thiểu …"): the highest star whose minimums are all met.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import pick
from .rubric.model import Band, CriteriaSet, Criterion, RubricVersion
from .rubric.rules import Message, Stop, kind_of
from .text import plain_number

COUNTED, UNANSWERED, NOT_ASSESSED, NOT_APPLICABLE = "counted", "unanswered", "not_assessed", "not_applicable"

__all__ = ["Message", "CriterionScore", "ScoreResult", "MinimumUnmet", "score", "format_points", "round2",
           "stars_after_minimums", "validate_answers"]


@dataclass(frozen=True)
class CriterionScore:
    code: str
    answered: float | None
    counted: float
    max: float
    status: str


@dataclass(frozen=True)
class MinimumUnmet:
    """A criterion below the least level ``star`` needs: it holds the product back."""

    code: str
    star: int
    needs: float
    has: float

    def as_dict(self) -> dict:
        return {"code": self.code, "star": self.star, "needs": self.needs, "has": self.has}


@dataclass
class ScoreResult:
    version: RubricVersion
    cset: CriteriaSet
    rows: list[CriterionScore]
    parts: dict[str, float]
    part_max: dict[str, float]
    total: float
    band_stars: int  # the star of the total alone (Điều 3)
    rating: int  # after the minimums; 0 = not rated
    excluded: bool  # not rated: excluded product or rejected dossier
    rejected: bool
    minimums_unmet: list[MinimumUnmet]
    rules: list[Message]
    warnings: list[Message]

    @property
    def stars(self) -> int:
        """0 when the product is not rated at all, else the star after the minimums."""
        return self.rating

    @property
    def band(self) -> Band:
        """The band of the rating (its meaning and who certifies it)."""
        return self.version.band_for_stars(max(self.rating, 1)) or self.version.band(self.total)

    @property
    def held_back(self) -> bool:
        return not self.excluded and self.rating < self.band_stars

    @property
    def unanswered(self) -> list[str]:
        return [r.code for r in self.rows if r.status == UNANSWERED]

    @property
    def certified(self) -> bool:
        return not self.excluded and self.band.certified

    @property
    def central_candidate(self) -> bool:
        """A provincial score at or above the central threshold: only a proposal to the Ministry."""
        return not self.excluded and self.rating == self.band_stars and self.total >= self.version.central_candidate

    def row(self, code: str) -> CriterionScore:
        return next(r for r in self.rows if r.code == code)

    def holding_back(self, stars: int | None = None) -> list[MinimumUnmet]:
        """Criteria below the minimum of ``stars`` (default: the next star above the rating)."""
        stars = self.rating + 1 if stars is None else stars
        return minimums_unmet(self.cset, {r.code: r.counted for r in self.rows}, stars, stars)

    def as_dict(self, lang: str | None = None) -> dict:
        return {
            "rubric": self.version.id,
            "set": self.cset.name,
            "total": self.total,
            "max": sum(self.part_max.values()),
            "stars": self.stars,
            "band_stars": self.band_stars,
            "minimums_unmet": [m.as_dict() for m in self.minimums_unmet],
            "excluded": self.excluded,
            "rejected": self.rejected,
            "certified": self.certified,
            "central_candidate": self.central_candidate,
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


class AnswersEnv:
    """What the rule kinds ask, answered from one rater's answers and facts."""

    def __init__(self, version: RubricVersion, answers: dict, facts: dict, warnings: list):
        self.version, self.answers, self.facts, self.warnings = version, answers, facts, warnings
        self.counted: dict[str, float] = {}

    def fact(self, fact_id: str, code: str = "", warn: bool = False) -> bool:
        if fact_id in self.facts:
            return bool(self.facts[fact_id])
        fact = self.version.facts[fact_id]
        if warn and fact.default:  # a condition the user has not confirmed: assume it holds, but say so
            message = Message("score.fact_assumed", {"question": fact.question, "code": code}, code)
            if message not in self.warnings:
                self.warnings.append(message)
        return fact.default

    def question(self, fact_id: str) -> dict:
        return self.version.facts[fact_id].question

    def is_zero(self, code: str) -> bool:
        return self.answers.get(code) == 0

    def is_positive(self, code: str) -> bool:
        return self.counted.get(code, 0) > 0


def part_stops(cset: CriteriaSet, env) -> dict[str, Stop]:
    """The earliest stop in each part, given what ``env`` says."""
    order = {c.code: i for i, c in enumerate(cset.criteria)}
    earliest: dict[str, Stop] = {}
    for criterion in cset.criteria:
        for rule in criterion.rules:
            stop = kind_of(rule).stop(rule, criterion, env)
            if stop and (stop.part not in earliest or stop.position(order) < earliest[stop.part].position(order)):
                earliest[stop.part] = stop
    return earliest


def minimums_unmet(cset: CriteriaSet, counted: dict[str, float], low: int, high: int) -> list[MinimumUnmet]:
    """Per criterion, the lowest star in low..high whose minimum it misses."""
    out = []
    for criterion in cset.criteria:
        for star in range(low, high + 1):
            need = criterion.minimum(star)
            if need is not None and counted.get(criterion.code, 0) < need:
                out.append(MinimumUnmet(criterion.code, star, need, counted.get(criterion.code, 0)))
                break
    return out


def stars_after_minimums(cset: CriteriaSet, counted: dict[str, float],
                         band_stars: int) -> tuple[int, list[MinimumUnmet]]:
    """The highest star up to ``band_stars`` whose minimums (cumulative) are all met."""
    unmet = minimums_unmet(cset, counted, 1, band_stars)
    blocked = min((m.star for m in unmet), default=band_stars + 1)
    return min(band_stars, blocked - 1), unmet


def score(version: RubricVersion, cset: CriteriaSet, answers: dict[str, float],
          facts: dict[str, bool] | None = None) -> ScoreResult:
    """Score one rater's answers (points of the chosen level per criterion code)."""
    facts = facts or {}
    rules: list[Message] = []
    warnings: list[Message] = []
    env = AnswersEnv(version, answers, facts, warnings)
    order = {c.code: i for i, c in enumerate(cset.criteria)}

    not_rated = [m for rule in cset.set_rules if (m := kind_of(rule).not_rated(rule, "", env))]
    rejected = bool(not_rated)
    for criterion in cset.criteria:
        for rule in criterion.rules:
            if m := kind_of(rule).not_rated(rule, criterion.code, env):
                not_rated.append(m)
    rules += not_rated

    stops = part_stops(cset, env)
    counted: dict[str, float] = {}
    status: dict[str, str] = {}
    for criterion in cset.criteria:
        code, answer = criterion.code, answers.get(criterion.code)
        stop = stops.get(criterion.part)
        if stop and stop.covers(code, order):
            counted[code], status[code] = 0, NOT_ASSESSED
        elif answer is None:
            counted[code], status[code] = 0, UNANSWERED
        else:
            counted[code], status[code] = answer, COUNTED
    rules += [stop.message for stop in stops.values()]

    # Conditions such as "only when a story exists" are judged on what the other criterion counts,
    # in the order of the criteria: a criterion voided here counts 0 for the conditions after it.
    env.counted = counted
    for criterion in cset.criteria:
        if status[criterion.code] != COUNTED:
            continue
        for rule in criterion.rules:
            if message := kind_of(rule).voids(rule, criterion, env):
                if counted[criterion.code] > 0:
                    rules.append(message)
                counted[criterion.code], status[criterion.code] = 0, NOT_APPLICABLE
                break

    rows = [CriterionScore(c.code, answers.get(c.code), counted[c.code], c.max_points, status[c.code])
            for c in cset.criteria]
    parts = {p: round2(sum(counted[c.code] for c in cset.in_part(p))) for p in version.parts}
    total = round2(sum(parts.values()))
    band_stars = version.band(total).stars
    rating, unmet = stars_after_minimums(cset, counted, band_stars)
    if rating < band_stars:
        rules += [Message("rule.minimum", {"code": m.code, "star": m.star, "needs": plain_number(m.needs),
                                           "has": plain_number(m.has)}, m.code) for m in unmet]
        rules.append(Message("score.held_back", {"band": band_stars, "stars": rating}))
    for gap in cset.gaps:
        warnings.append(Message("score.incomplete_part", {"part": gap["part"], "sum": plain_number(gap["sum"]),
                                                          "max": plain_number(gap["max"])}))
    part_max = {p: cset.part_sum(p) for p in version.parts}
    excluded = bool(not_rated)
    return ScoreResult(version, cset, rows, parts, part_max, total, band_stars, 0 if excluded else rating,
                       excluded, rejected, unmet, rules, warnings)


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
