"""A class's self-assessments at a glance, for the facilitator (pure figures: the stored work
is read by ``ocop_kit.services``, which calls this).

A workshop's trainees (``ocop_kit.workshop``) or, in a kit without workshops, trainees with
codes ``GROUP-NN`` (e.g. ``BK19-07``). Only submitted (or reviewed) work counts: the newest
submitted self-assessment of each trainee; drafts never submitted are counted, not used.
There is no per-trainee list here. Figures about the class as
a whole (star counts, averages, the criteria most often left at their lowest level) are
shown only from MIN_GROUP trainees on, so that no one's result can be read off a small
group's statistics — the same rule as the ODI Pathway tool's benchmark.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from . import config
from .errors import InputError
from .scoring import round2

MIN_GROUP = config.OcopKit.min_group_size.default_value  # the setting's default (min_group_size)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TraineeResult:
    user_code: str
    product: str
    set_name: str
    total: float
    stars: int
    answered: int
    criteria: int


@dataclass
class CohortSummary:
    group: str
    trainees: list[TraineeResult]
    skipped: int  # drafts that could not be read (e.g. a set no longer in the data)
    not_counted: int = 0  # trainees with drafts but nothing submitted
    min_group: int = MIN_GROUP
    stars: dict[int, int] = field(default_factory=dict)
    mean_total: float = 0.0
    median_total: float = 0.0
    certified: int = 0
    weakest: list[tuple[str, str, float]] = field(default_factory=list)  # (code, name, share at lowest level)
    lowest: list[tuple[str, str, float]] = field(default_factory=list)  # (code, name, mean share of the maximum)

    @property
    def size(self) -> int:
        return len(self.trainees)

    @property
    def shown(self) -> bool:
        """Class-wide figures are shown only for a large enough group."""
        return self.size >= self.min_group


def summarize(group: str, assessments, skipped: int = 0, min_group: int | None = None) -> CohortSummary:
    """``assessments``: the newest submitted self-assessment of each trainee, read and scored
    (``services.StoredAssessment``: ``owner``, ``model``, ``result``); ``skipped``: those that
    could not be read; ``min_group``: by default the ``min_group_size`` setting."""
    if min_group is None:
        min_group = config.current().min_group_size
    trainees: list[TraineeResult] = []
    bottoms: Counter[str] = Counter()  # criterion → trainees at its lowest level
    seen_codes: Counter[str] = Counter()  # criterion → trainees who answered it
    names: dict[str, str] = {}
    earned: Counter[str] = Counter()  # criterion → sum of (counted ÷ maximum) over the class
    for stored in assessments:
        model, result = stored.model, stored.result
        trainees.append(TraineeResult(
            user_code=stored.owner, product=model.info.get("product", ""), set_name=model.cset.name,
            total=result.total, stars=result.stars, answered=len(model.answers), criteria=len(model.cset.criteria)))
        # Parts A and B are common to all product sets (same codes), so they compare across the class.
        for criterion in model.cset.criteria:
            if criterion.part in ("A", "B") and criterion.code in model.answers:
                seen_codes[criterion.code] += 1
                names.setdefault(criterion.code, criterion.name)
                if model.answers[criterion.code] == min(criterion.points):
                    bottoms[criterion.code] += 1
                row = result.row(criterion.code)
                earned[criterion.code] += row.counted / row.max if row.max else 0
    summary = CohortSummary(group=group, trainees=sorted(trainees, key=lambda r: r.user_code), skipped=skipped,
                            min_group=min_group)
    if not summary.shown:
        return summary
    totals = [r.total for r in trainees]
    summary.stars = {n: sum(1 for r in trainees if r.stars == n) for n in range(0, 6)}
    summary.mean_total = round2(sum(totals) / len(totals))
    summary.median_total = round2(median(totals))
    summary.certified = sum(1 for r in trainees if r.stars >= 3)
    shares = [(code, names[code], round2(bottoms[code] / seen_codes[code])) for code in seen_codes]
    summary.weakest = sorted((s for s in shares if s[2] > 0), key=lambda s: (-s[2], s[0]))[:5]
    # what to teach next: the criteria the class scores lowest against their maximum
    means = [(code, names[code], round2(earned[code] / seen_codes[code])) for code in seen_codes]
    summary.lowest = sorted((m for m in means if m[2] < 1), key=lambda m: (m[2], m[0]))[:5]
    return summary


# --- business plans --------------------------------------------------------------------

@dataclass(frozen=True)
class PlanFigures:
    """What a submitted business plan says about its viability (``finance.compute``)."""

    revenue_y1: int
    net_profit_y1: int
    net_profit_y3: int
    cash_low_point: int
    cash_low_month: int
    first_negative_month: int | None  # plan month 1–36 the cash balance first goes below zero
    breakeven_by_y3: bool  # year 3 makes a profit before tax (sales reach the break-even)
    payback_months: int | None

    @property
    def negative_cash(self) -> bool:
        return self.first_negative_month is not None


def plan_figures(finance) -> PlanFigures | None:
    """The viability figures of a plan's finance inputs; None when they cannot be computed."""
    from .finance import PlanInputError, compute

    try:
        r = compute(finance)
    except (PlanInputError, InputError):
        return None
    except Exception:  # one unreadable plan must not hide the class
        log.exception("cohort: plan skipped")
        return None
    y1, y3 = r.years[0], r.years[-1]
    return PlanFigures(y1.revenue, y1.net_profit, y3.net_profit, r.cash_low_point, r.cash_low_month,
                       r.first_negative_month, y3.profit_before_tax >= 0, r.payback_months)


@dataclass
class PlanViability:
    submitted: int  # submitted plans (newest per trainee)
    readable: int  # of which could be computed
    negative_cash: int = 0  # cash below zero in some month of 36
    breakeven_beyond_y3: int = 0  # still below break-even in year 3
    not_counted: int = 0  # trainees with plan drafts but nothing submitted
    min_group: int = MIN_GROUP

    @property
    def shown(self) -> bool:
        return self.readable >= self.min_group


def plan_viability(figures: list[PlanFigures | None], min_group: int | None = None) -> PlanViability:
    """``figures``: of each trainee's newest submitted plan, None where it could not be read."""
    if min_group is None:
        min_group = config.current().min_group_size
    readable = [f for f in figures if f is not None]
    out = PlanViability(submitted=len(figures), readable=len(readable), min_group=min_group)
    if out.shown:
        out.negative_cash = sum(1 for f in readable if f.negative_cash)
        out.breakeven_beyond_y3 = sum(1 for f in readable if not f.breakeven_by_y3)
    return out
