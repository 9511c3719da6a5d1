"""Mock council calibration: each rater against a reference sheet.

New council members learn to score by comparing their sheet with a reference (the
facilitator's answer sheet): the difference in total and, criterion by criterion, where
they scored otherwise. Scores compared are the points *counted* (after the set's rules), so
a criterion that a rule zeroes shows as the council would see it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .council import CouncilResult
from .scoring import ScoreResult, round2, score


@dataclass(frozen=True)
class CriterionDiff:
    code: str
    rater: float
    reference: float

    @property
    def diff(self) -> float:
        return round2(self.rater - self.reference)


@dataclass
class RaterCalibration:
    name: str
    total: float
    total_diff: float  # rater − reference
    criteria: list[CriterionDiff]  # only where the rater differs, in the set's order

    @property
    def abs_points(self) -> float:
        """Sum of the absolute per-criterion differences (a total can hide two opposite errors)."""
        return round2(sum(abs(d.diff) for d in self.criteria))


@dataclass
class Calibration:
    reference_name: str
    reference: ScoreResult
    raters: list[RaterCalibration]


def against_reference(result: CouncilResult, reference_name: str, answers: dict,
                      facts: dict | None = None) -> Calibration:
    """Compare each rater of ``result`` with the reference answers (same version and set)."""
    ref = score(result.version, result.cset, answers, facts or {})
    ref_counted = {r.code: r.counted for r in ref.rows}
    raters = []
    for name, rater in zip(result.names, result.raters, strict=True):
        diffs = [CriterionDiff(row.code, row.counted, ref_counted[row.code])
                 for row in rater.rows if row.counted != ref_counted.get(row.code, row.counted)]
        raters.append(RaterCalibration(name, rater.total, round2(rater.total - ref.total), diffs))
    return Calibration(reference_name, ref, raters)
