"""Projector mode: a live scoring demonstration over one sample product, one criterion at a time.

Pure Python, no widgets. The facilitator steps through the criteria of the sample's set; each
criterion's levels stay hidden until revealed; choosing a level (by its number on the screen)
updates the running total and the star after the minimums. "What if" tries another level of
the current criterion without keeping it. Past the last criterion comes the end: the upgrade
path the planner finds for the levels chosen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import answers as answers_io
from .planner import Plan, plan
from .rubric.model import CriteriaSet, Criterion, Level, RubricVersion
from .scoring import MinimumUnmet, ScoreResult, score

START_EMPTY, START_ANSWERS = "empty", "answers"
STARTS = (START_EMPTY, START_ANSWERS)


@dataclass
class Demonstration:
    version: RubricVersion
    cset: CriteriaSet
    sample: dict[str, float]  # the sample's own answers: the reference a level is compared with
    facts: dict[str, bool] = field(default_factory=dict)
    product: str = ""
    start: str = START_EMPTY
    index: int = 0  # 0..count-1: a criterion; count: the end (upgrade path)
    chosen: dict[str, float] = field(default_factory=dict)
    revealed: set[str] = field(default_factory=set)
    trial: tuple[str, float] | None = None  # (code, points) of a "what if" on the current criterion

    def __post_init__(self):
        if self.start not in STARTS:
            raise ValueError(f"start must be one of {STARTS}")
        if self.start == START_ANSWERS and not self.chosen:
            self.chosen = dict(self.sample)

    # --- where we are --------------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self.cset.criteria)

    @property
    def at_end(self) -> bool:
        return self.index >= self.count

    @property
    def current(self) -> Criterion | None:
        return None if self.at_end else self.cset.criteria[self.index]

    @property
    def is_revealed(self) -> bool:
        return self.current is not None and self.current.code in self.revealed

    def levels(self) -> list[Level]:
        """The current criterion's levels in the order of the decision, numbered 1.. on screen."""
        return [] if self.current is None else list(self.current.levels)

    def chosen_number(self) -> int | None:
        """The on-screen number of the level chosen for the current criterion, if any."""
        return self._number_of(self.chosen.get(self.current.code)) if self.current else None

    def sample_number(self) -> int | None:
        return self._number_of(self.sample.get(self.current.code)) if self.current else None

    def _number_of(self, points: float | None) -> int | None:
        if points is None:
            return None
        return next((i for i, level in enumerate(self.levels(), 1) if level.points == points), None)

    # --- stepping ------------------------------------------------------------------

    def next(self) -> bool:
        if self.at_end:
            return False
        self.index += 1
        self.trial = None
        return True

    def previous(self) -> bool:
        if self.index == 0:
            return False
        self.index -= 1
        self.trial = None
        return True

    def go_to(self, index: int) -> None:
        self.index = max(0, min(int(index), self.count))
        self.trial = None

    def reveal(self) -> bool:
        if self.current is None:
            return False
        self.revealed.add(self.current.code)
        return True

    def choose(self, number: int) -> bool:
        """Keep level ``number`` (1-based, as on screen) for the current criterion; it reveals it."""
        level, current = self._level(number), self.current
        if level is None or current is None:
            return False
        self.revealed.add(current.code)
        self.chosen[current.code] = level.points
        self.trial = None
        return True

    def clear(self) -> bool:
        """Take the current criterion's level back (unanswered again)."""
        if self.current is None or self.current.code not in self.chosen:
            return False
        del self.chosen[self.current.code]
        self.trial = None
        return True

    def what_if(self, number: int) -> bool:
        """Try level ``number`` on the current criterion without keeping it."""
        level, current = self._level(number), self.current
        if level is None or current is None:
            return False
        self.revealed.add(current.code)
        self.trial = (current.code, level.points)
        return True

    def end_what_if(self) -> None:
        self.trial = None

    def _level(self, number: int) -> Level | None:
        levels = self.levels()
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        return levels[number - 1] if 1 <= number <= len(levels) else None

    # --- the score -----------------------------------------------------------------

    def result(self) -> ScoreResult:
        """The running score of the levels chosen so far (unchosen criteria count 0)."""
        return score(self.version, self.cset, self.chosen, self.facts)

    def trial_result(self) -> ScoreResult | None:
        if self.trial is None:
            return None
        code, points = self.trial
        return score(self.version, self.cset, {**self.chosen, code: points}, self.facts)

    def holding_back(self, result: ScoreResult | None = None) -> list[MinimumUnmet]:
        """What keeps the star below its band; when nothing does, what the next star's minimums still need."""
        result = result or self.result()
        if result.excluded:
            return []
        return result.minimums_unmet if result.held_back else result.holding_back()

    def upgrade_path(self, target: int | None = None, by: str = "effort") -> Plan:
        return plan(self.version, self.cset, self.chosen, self.facts, target=target, by=by)


def from_sample(path: str | Path, start: str = START_EMPTY) -> Demonstration:
    """A demonstration over the sample answers file at ``path`` (its set, its answers as the reference)."""
    doc = answers_io.load(path)
    version, cset = answers_io.resolve(doc, str(path))
    return Demonstration(version, cset, dict(doc.answers), dict(doc.facts), doc.info.get("product", ""), start)


def sample_files(folder: str | Path | None = None, version_id: str | None = None) -> list[tuple[str, Path]]:
    """(product, path) of the sample answers under the criteria in force (or ``version_id``)."""
    from .paths import samples_dir
    from .rubric.registry import default_version_id

    folder = Path(folder) if folder else samples_dir("answers")
    version_id = version_id or default_version_id()
    out = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            doc = answers_io.load(path)
        except Exception:  # noqa: BLE001 - a broken sample is left out of the list, not fatal to the page
            continue
        if doc.rubric == version_id:
            out.append((doc.info.get("product") or path.stem, path))
    return out
