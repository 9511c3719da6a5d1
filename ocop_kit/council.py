"""Council mode: several raters score one product; the result is the average of their totals (Điều 3).

The per-star minimums are judged on the members' average points for each criterion: the
council's star is the band of the average total, capped where a criterion's average is below
the minimum level that star needs. Each member's own sheet keeps its own minimums too.
The spread rule (members more than N points apart) is a provincial regulation, not the
decision's: it is a setting of the version with its source.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import pick
from .rubric.model import Band, CriteriaSet, RubricVersion
from .scoring import MinimumUnmet, ScoreResult, round2, score, stars_after_minimums


@dataclass(frozen=True)
class Disagreement:
    code: str
    low: float
    high: float

    @property
    def spread(self) -> float:
        return round2(self.high - self.low)


@dataclass
class CouncilResult:
    version: RubricVersion
    cset: CriteriaSet
    raters: list[ScoreResult]
    names: list[str]
    average: float
    parts: dict[str, float]
    band_stars: int
    rating: int
    minimums_unmet: list[MinimumUnmet]
    excluded: bool
    spread: float
    widest: list[Disagreement]
    criterion_average: dict[str, float]

    @property
    def stars(self) -> int:
        return 0 if self.excluded else self.rating

    @property
    def band(self) -> Band:
        return self.version.band_for_stars(max(self.stars, 1)) or self.version.band(self.average)

    @property
    def spread_exceeded(self) -> bool:
        return self.spread > self.version.spread_limit

    @property
    def central_candidate(self) -> bool:
        return not self.excluded and self.stars == self.band_stars and self.average >= self.version.central_candidate

    def as_dict(self, lang: str | None = None) -> dict:
        return {
            "rubric": self.version.id, "set": self.cset.name,
            "average": self.average, "stars": self.stars, "band_stars": self.band_stars,
            "minimums_unmet": [m.as_dict() for m in self.minimums_unmet], "excluded": self.excluded,
            "meaning": pick(self.band.meaning, lang), "certified_by": pick(self.band.certified_by, lang),
            "parts": self.parts, "spread": self.spread, "spread_limit": self.version.spread_limit,
            "spread_source": pick(self.version.spread_source, lang),
            "spread_exceeded": self.spread_exceeded, "central_candidate": self.central_candidate,
            "raters": [{"name": n, "total": r.total, "stars": r.stars, "band_stars": r.band_stars, "parts": r.parts,
                        "minimums_unmet": [m.as_dict() for m in r.minimums_unmet]}
                       for n, r in zip(self.names, self.raters, strict=True)],
            "widest": [{"code": d.code, "low": d.low, "high": d.high, "spread": d.spread} for d in self.widest],
        }


def council(version: RubricVersion, cset: CriteriaSet, sheets: list[tuple[str, dict, dict]],
            top: int = 5) -> CouncilResult:
    """``sheets``: (rater name, answers, facts) per council member."""
    if not sheets:
        raise ValueError("a council needs at least one rater")
    results = [score(version, cset, answers, facts) for _, answers, facts in sheets]
    average = round2(sum(r.total for r in results) / len(results))
    parts = {p: round2(sum(r.parts[p] for r in results) / len(results)) for p in version.parts}
    totals = [r.total for r in results]
    widest = []
    for criterion in cset.criteria:
        values = [r.row(criterion.code).counted for r in results]
        if max(values) > min(values):
            widest.append(Disagreement(criterion.code, min(values), max(values)))
    widest.sort(key=lambda d: (-d.spread, d.code))
    # A council excludes a product when its members agree it is excluded; one dissent is a discussion.
    excluded = all(r.excluded for r in results)
    criterion_average = {c.code: round2(sum(r.row(c.code).counted for r in results) / len(results))
                         for c in cset.criteria}
    band_stars = version.band(average).stars
    rating, unmet = stars_after_minimums(cset, criterion_average, band_stars)
    return CouncilResult(
        version=version, cset=cset, raters=results, names=[n for n, _, _ in sheets], average=average,
        parts=parts, band_stars=band_stars, rating=rating, minimums_unmet=unmet, excluded=excluded,
        spread=round2(max(totals) - min(totals)), widest=widest[:top], criterion_average=criterion_average,
    )
