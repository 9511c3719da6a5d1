"""Star-upgrade planner: the cheapest set of level changes that reaches a target star.

Cost of raising a criterion = the points changed, weighted by its effort (1 unless the data
says otherwise) when planning ``by="effort"``. A target star needs its band's points and
every per-star minimum of that star (cumulative). The rules make the total non-additive
(a foreign-matter 0 stops the rest of Part C, the story criteria count only when a story
exists), so the planner fixes the state of every rule trigger the kinds declare — at most a
handful per set — and, within each state, solves the remaining multiple-choice knapsack
exactly by dynamic programming over reachable totals. Each candidate is re-scored with the
engine itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any

from .i18n import pick
from .rubric.model import CriteriaSet, Criterion, RubricVersion
from .rubric.rules import Message, kind_of
from .scoring import part_stops, score

BY = ("effort", "points")  # what a plan minimises: effort-weighted points, or points gained alone

_SCALE = 100  # totals are compared in hundredths of a point (sheets may use half points)


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    name_en: str
    from_points: float | None
    to_points: float
    from_text: str
    to_text: str
    gain: float  # points this criterion adds to the total
    cost: float
    evidence: str
    evidence_en: str

    def as_dict(self, lang: str | None = None) -> dict:
        return {
            "code": self.code, "name": self.name_en if lang == "en" and self.name_en else self.name,
            "from": self.from_points, "to": self.to_points, "from_text": self.from_text, "to_text": self.to_text,
            "gain": self.gain, "cost": self.cost,
            "evidence": self.evidence_en if lang == "en" and self.evidence_en else self.evidence,
        }


@dataclass
class Plan:
    target: int
    threshold: float
    current_total: float
    current_stars: int
    reachable: bool
    steps: list[Step]
    total_after: float
    stars_after: int
    cost: float
    messages: list[Message] = field(default_factory=list)

    def as_dict(self, lang: str | None = None) -> dict:
        return {
            "target": self.target, "threshold": self.threshold, "current_total": self.current_total,
            "current_stars": self.current_stars, "reachable": self.reachable,
            "steps": [s.as_dict(lang) for s in self.steps], "total_after": self.total_after,
            "stars_after": self.stars_after, "cost": self.cost,
            "messages": [{"code": m.code, "key": m.key, "text": m.text(lang)} for m in self.messages],
        }

    def apply(self, answers: dict) -> dict:
        """The answers with every step of the plan taken (for a what-if view)."""
        out = dict(answers)
        out.update({s.code: s.to_points for s in self.steps})
        return out


def options(criterion: Criterion, current: float | None) -> list[float | None]:
    """Keep the current answer, or raise it to any higher level."""
    floor = -1 if current is None else current
    return [current] + [p for p in criterion.points if p > floor and p > 0]


def _triggers(cset: CriteriaSet) -> list[tuple[str, str]]:
    found = [trigger for c in cset.criteria for rule in c.rules if (trigger := kind_of(rule).trigger(rule, c))]
    return list(dict.fromkeys(found))


class StateEnv:
    """What the rule kinds ask, answered from one assumed state of the triggers."""

    def __init__(self, version: RubricVersion, facts: dict, sigma: dict):
        self.version, self.facts, self.sigma = version, facts, sigma

    def fact(self, fact_id: str, code: str = "", warn: bool = False) -> bool:
        return bool(self.facts.get(fact_id, self.version.facts[fact_id].default))

    def question(self, fact_id: str) -> dict:
        return self.version.facts[fact_id].question

    def is_zero(self, code: str) -> bool:
        return self.sigma.get(("zero", code), False)

    def is_positive(self, code: str) -> bool:
        return self.sigma.get(("positive", code), False)


def plan(version: RubricVersion, cset: CriteriaSet, answers: dict[str, float],
         facts: dict[str, bool] | None = None, target: int | None = None, by: str = "effort") -> Plan:
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    facts = facts or {}
    now = score(version, cset, answers, facts)
    top = max(b.stars for b in version.bands)
    target = min(top, now.stars + 1) if target is None else int(target)
    band = version.band_for_stars(target)
    if band is None:
        raise ValueError(f"no band for {target} stars")
    threshold = band.low
    base: dict[str, Any] = {"current_total": now.total, "current_stars": now.stars, "threshold": threshold,
                            "target": target}
    if now.excluded:
        return Plan(**base, reachable=False, steps=[], total_after=now.total, stars_after=0, cost=0,
                    messages=[Message("plan.excluded"),
                              *(m for m in now.rules if m.key in ("rule.excluded", "rule.rejected"))])
    if now.stars >= target:
        return Plan(**base, reachable=True, steps=[], total_after=now.total, stars_after=now.stars, cost=0,
                    messages=[Message("plan.already", {"stars": now.stars})])

    best = _search(version, cset, answers, facts, target, threshold, by)
    if best is None:
        reach = _search(version, cset, answers, facts, target, None, by)  # the best total any change can give
        most = reach[1] if reach else now.total
        messages = [Message("plan.unreachable", {"target": target, "threshold": threshold, "max": most})]
        messages += [m for m in now.rules if m.key in ("rule.gate", "rule.halt_if")]
        return Plan(**base, reachable=False, steps=[], total_after=now.total, stars_after=now.stars, cost=0,
                    messages=messages)
    chosen, _ = best
    after = score(version, cset, chosen, facts)
    by_code = cset.by_code()
    steps = []
    for code, to in chosen.items():
        before = answers.get(code)
        if to == before:
            continue
        c = by_code[code]
        gain = after.row(code).counted - now.row(code).counted
        from_level = c.level_for(before) if before is not None else None
        to_level = c.level_for(to)
        steps.append(Step(
            code=code, name=c.name, name_en=c.name_en, from_points=before, to_points=to,
            from_text=from_level.text if from_level else "", to_text=to_level.text if to_level else "",
            gain=round(gain, 2), cost=round(_weight(c, by) * (to - (before or 0)), 2),
            evidence=c.evidence, evidence_en=c.evidence_en,
        ))
    steps.sort(key=lambda s: (-(s.gain / s.cost if s.cost else s.gain), s.code))
    minimum_codes = [m.code for m in now.holding_back(target)]
    messages = ([Message("plan.minimums", {"target": target, "codes": ", ".join(minimum_codes)})]
                if minimum_codes else [])
    return Plan(**base, reachable=True, steps=steps, total_after=after.total, stars_after=after.stars,
                cost=round(sum(s.cost for s in steps), 2), messages=messages)


def _weight(c: Criterion, by: str) -> float:
    return c.effort if by == "effort" else 1.0


def _search(version, cset, answers, facts, target, threshold, by):
    """Cheapest answers reaching ``threshold`` and ``target`` (or, with None, the highest reachable total)."""
    triggers = _triggers(cset)
    order = {c.code: i for i, c in enumerate(cset.criteria)}
    best = None  # (cost, steps, -total) , answers
    for state in product((False, True), repeat=len(triggers)):
        sigma = dict(zip(triggers, state, strict=True))
        env = StateEnv(version, facts, sigma)
        stops = part_stops(cset, env)
        found = _solve_state(cset, answers, target if threshold is not None else None, threshold, sigma, env,
                             order, stops, by)
        if found is None:
            continue
        chosen, cost, nsteps = found
        result = score(version, cset, chosen, facts)
        if threshold is None:
            key = (-result.total, cost, nsteps)
        elif result.total >= threshold and result.stars >= target:
            key = (cost, nsteps, -result.total)
        else:
            continue
        if best is None or key < best[0]:
            best = (key, chosen, result.total)
    return None if best is None else (best[1], best[2])


def _solve_state(cset, answers, target, threshold, sigma, env, order, stops, by):
    """Exact cheapest choice for one state of the rule triggers (multiple-choice knapsack)."""

    def counted(c: Criterion, option):
        stop = stops.get(c.part)
        if option is None or (stop and stop.covers(c.code, order)):
            return 0
        if any(kind_of(rule).voids(rule, c, env) for rule in c.rules):
            return 0
        return option

    layers = []
    for c in cset.criteria:
        current = answers.get(c.code)
        need = c.minimum(target) if target is not None else None
        allowed = []
        for option in options(c, current):
            if ("zero", c.code) in sigma and (option is not None and option == 0) != sigma[("zero", c.code)]:
                continue
            if ("positive", c.code) in sigma and (counted(c, option) > 0) != sigma[("positive", c.code)]:
                continue
            if need is not None and counted(c, option) < need:
                continue
            cost = 0.0 if option == current else _weight(c, by) * ((option or 0) - (current or 0))
            allowed.append((option, round(counted(c, option) * _SCALE), cost))
        if not allowed:
            return None
        layers.append((c.code, allowed))

    # dp: total (hundredths) -> (cost, steps, choices as a linked tuple)
    dp: dict[int, tuple[float, int, tuple]] = {0: (0.0, 0, ())}
    for code, allowed in layers:
        nxt: dict[int, tuple[float, int, tuple]] = {}
        for total, (cost, steps, chain) in dp.items():
            for option, points, extra in allowed:
                key = total + points
                cand = (round(cost + extra, 9), steps + (extra > 0), (chain, code, option))
                if key not in nxt or cand[:2] < nxt[key][:2]:
                    nxt[key] = cand
        dp = nxt
    if threshold is None:
        goal = max(dp)
    else:
        need_total = round(threshold * _SCALE)
        feasible = [k for k in dp if k >= need_total]
        if not feasible:
            return None
        goal = min(feasible, key=lambda k: (dp[k][0], dp[k][1], -k))
    cost, steps, chain = dp[goal]
    chosen = {}
    while chain:
        chain, code, option = chain
        if option is not None:
            chosen[code] = option
    return chosen, cost, steps


def describe_target(version: RubricVersion, stars: int, lang: str | None = None) -> str:
    band = version.band_for_stars(stars)
    return pick(band.meaning, lang) if band else ""
