"""Step-by-step mode over an ``Assessment``: which criteria get a screen, in which order,
which are left to answer and the progress numbers. No widgets; the view is
``ocop_kit.views.assessment.steps``.

Which criteria the rules skip comes from the scoring engine (a gate that is not met, a
halt question answered yes, a zero that stops the rest of a part): nothing here names a
criterion or a rule kind.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..rubric.rules import facts_needed, kind_of
from ..scoring import NOT_ASSESSED, UNANSWERED


def questions_of(criterion) -> list[str]:
    """The yes/no questions (fact ids) this criterion's rules depend on, in rule order."""
    out: list[str] = []
    for rule in criterion.rules:
        out += [f for f in kind_of(rule).facts(rule) if f not in out]
    return out


def general_questions(model) -> list[str]:
    """The yes/no questions no criterion's screen asks: the set's own (e.g. "Hồ sơ bị loại khi …")."""
    owned = {f for c in model.cset.criteria for f in questions_of(c)}
    return [f for f in facts_needed(model.cset) if f not in owned]


def step_codes(model) -> list[str]:
    """The criteria that get a screen, in the set's order.

    A criterion the rules leave out is skipped, except one whose own question decides
    that (its screen is where the answer can be changed back).
    """
    result = model.result()
    out: list = []
    before: dict = {}
    for c in model.cset.criteria:
        skipped = result.row(c.code).status == NOT_ASSESSED
        # the rules skip the tail of a part: when the criterion before is still assessed,
        # the stop is this criterion's own question
        own_stop = skipped and questions_of(c) and not before.get(c.part, False)
        if not skipped or own_stop:
            out.append(c.code)
        before[c.part] = skipped
    return out


def skipped_codes(model) -> list[str]:
    """Criteria without a screen: the rules say they are not assessed."""
    steps = set(step_codes(model))
    return [c.code for c in model.cset.criteria if c.code not in steps]


def assessed_codes(model) -> list[str]:
    """The criteria that count towards the progress: every one not left out by the rules."""
    result = model.result()
    return [row.code for row in result.rows if row.status != NOT_ASSESSED]


def unanswered_codes(model) -> list[str]:
    """Criteria still to answer (what the jump list offers), in the set's order."""
    return [row.code for row in model.result().rows if row.status == UNANSWERED]


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int  # criteria to answer: the skipped ones do not count
    points: float
    stars: int
    excluded: bool

    @property
    def done(self) -> bool:
        return self.answered >= self.total


def progress(model) -> Progress:
    result = model.result()
    assessed = assessed_codes(model)
    answered = sum(1 for code in assessed if code in model.answers)
    return Progress(answered, len(assessed), result.total, result.stars, result.excluded)


def resolve(model, code: str | None) -> str | None:
    """The screen to show for ``code``: itself, or when the rules now skip it the next
    screen after it in the set's order (else the last one); the first screen for None."""
    steps = step_codes(model)
    if not steps:
        return None
    if code in steps:
        return code
    if code is None:
        return steps[0]
    order = [c.code for c in model.cset.criteria]
    if code not in order:
        return steps[0]
    here = order.index(code)
    return next((s for s in steps if order.index(s) > here), steps[-1])


def neighbour(model, code: str, offset: int) -> str | None:
    """The screen ``offset`` steps away from ``code`` (+1 next, -1 back); None past either end."""
    steps = step_codes(model)
    current = resolve(model, code)
    if current is None:
        return None
    index = steps.index(current) + offset
    return steps[index] if 0 <= index < len(steps) else None


def position(model, code: str) -> tuple[int, int]:
    """(1-based number of the screen showing ``code``, number of screens)."""
    steps = step_codes(model)
    current = resolve(model, code)
    return (steps.index(current) + 1 if current else 0), len(steps)
