"""The sample products the lessons score with the kit's engine, and the "what if" of lesson 2."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import answers as answers_io
from ..rubric.model import CriteriaSet, Criterion, RubricVersion
from ..scoring import ScoreResult, score
from .content import SAMPLES_DIR, data


@dataclass(frozen=True)
class Sample:
    name: str  # file name
    doc: answers_io.AnswersFile
    version: RubricVersion
    cset: CriteriaSet

    def score(self, changes: dict | None = None) -> ScoreResult:
        return score(self.version, self.cset, {**self.doc.answers, **(changes or {})}, self.doc.facts)


@cache
def sample(name: str) -> Sample:
    path = SAMPLES_DIR / name
    doc = answers_io.parse(answers_io.decode(path.read_bytes(), name), name)
    version, cset = answers_io.resolve(doc, name)
    return Sample(name, doc, version, cset)


def sample_result(name: str) -> ScoreResult:
    return sample(name).score()


def example() -> Sample:
    """The product lessons 2, 3 and 5 use (``example_sample`` in data/lessons.json)."""
    return sample(data("lessons")["example_sample"])


def candidate() -> Sample:
    return sample(data("lessons")["candidate_sample"])


def criteria_of(cset: CriteriaSet, codes) -> list[Criterion]:
    """The criteria of ``codes`` that the set has, in the set's order."""
    wanted = set(codes)
    return [c for c in cset.criteria if c.code in wanted]


def raise_elsewhere(s: Sample, keep: str, target: float) -> dict:
    """Answers with the total raised to at least ``target`` without touching ``keep``.

    Criteria are raised one level at a time, most points first, skipping any criterion
    whose minimum level is the reason the product is held back, so the example shows that
    more points elsewhere do not lift the star.
    """
    answers = dict(s.doc.answers)
    result = s.score(answers)
    held = {m.code for m in result.minimums_unmet} | {keep}
    for criterion in sorted(s.cset.criteria, key=lambda c: -c.max_points):
        if result.total >= target:
            break
        if criterion.code in held:
            continue
        for points in sorted(criterion.points):
            if points > answers.get(criterion.code, 0):
                answers[criterion.code] = points
                result = s.score(answers)
                if result.total >= target:
                    break
    return answers
