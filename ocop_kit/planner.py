"""Star-upgrade planner: the cheapest set of level changes that reaches a target star.

Cost of raising a criterion = its effort weight (1 unless the data says otherwise) × the
points changed. The rules make the total non-additive (a foreign-matter 0 stops the rest
of Part C, the story criteria count only when a story exists), so the planner fixes the
state of every rule trigger in turn — at most a handful of them per set — and, within each
state, solves the remaining multiple-choice knapsack exactly by dynamic programming over
reachable totals. Each candidate is re-scored with the engine itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from .i18n import pick
from .rubric.model import Criterion, CriteriaSet, RubricVersion
from .scoring import Message, score

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
    found = []
    for c in cset.criteria:
        for rule in c.rules:
            if rule.kind == "stop_if_zero":
                found.append(("zero", c.code))
            elif rule.kind == "requires":
                found.append(("positive", rule.arg))
    return list(dict.fromkeys(found))


def plan(version: RubricVersion, cset: CriteriaSet, answers: dict[str, float],
         facts: dict[str, bool] | None = None, target: int | None = None) -> Plan:
    facts = facts or {}
    now = score(version, cset, answers, facts)
    top = max(b.stars for b in version.bands)
    target = min(top, now.stars + 1) if target is None else int(target)
    band = version.band_for_stars(target)
    if band is None:
        raise ValueError(f"no band for {target} stars")
    threshold = band.low
    base = dict(current_total=now.total, current_stars=now.stars, threshold=threshold, target=target)
    if now.excluded:
        return Plan(**base, reachable=False, steps=[], total_after=now.total, stars_after=0, cost=0,
                    messages=[Message("plan.excluded")] + [m for m in now.rules if m.key == "rule.excluded"])
    if now.stars >= target:
        return Plan(**base, reachable=True, steps=[], total_after=now.total, stars_after=now.stars, cost=0,
                    messages=[Message("plan.already", {"stars": now.stars})])

    best = _search(version, cset, answers, facts, target, threshold)
    if best is None:
        reach = _search(version, cset, answers, facts, target, None)  # the best total any change can give
        most = reach[1] if reach else now.total
        messages = [Message("plan.unreachable", {"target": target, "threshold": threshold, "max": most})]
        messages += [m for m in now.rules if m.key == "rule.gate"]
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
        steps.append(Step(
            code=code, name=c.name, name_en=c.name_en, from_points=before, to_points=to,
            from_text=from_level.text if from_level else "", to_text=c.level_for(to).text,
            gain=round(gain, 2), cost=round(c.effort * (to - (before or 0)), 2),
            evidence=c.evidence, evidence_en=c.evidence_en,
        ))
    steps.sort(key=lambda s: (-(s.gain / s.cost if s.cost else s.gain), s.code))
    return Plan(**base, reachable=True, steps=steps, total_after=after.total, stars_after=after.stars,
                cost=round(sum(s.cost for s in steps), 2))


def _search(version, cset, answers, facts, target, threshold):
    """Cheapest answers reaching ``threshold`` (or, with None, the highest reachable total)."""
    triggers = _triggers(cset)
    by_code = cset.by_code()
    order = {c.code: i for i, c in enumerate(cset.criteria)}
    # Gates depend on facts only, never on the levels chosen: closed the same in every state.
    closed = [(c.part, order[c.code]) for c in cset.criteria
              if (rule := c.rule("gate")) and not facts.get(rule.arg, version.facts[rule.arg].default)]
    best = None  # (cost, steps, -total) , answers
    for state in product((False, True), repeat=len(triggers)):
        sigma = dict(zip(triggers, state))
        stop_anchors = closed + [  # (part, order of anchor) for stop triggers assumed answered 0
            (by_code[code].part, order[by_code[code].rule("stop_if_zero").arg or code])
            for (kind, code), on in sigma.items() if kind == "zero" and on]
        found = _solve_state(cset, answers, target, threshold, sigma, order, stop_anchors)
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


def _solve_state(cset, answers, target, threshold, sigma, order, stop_anchors):
    """Exact cheapest choice for one state of the rule triggers (multiple-choice knapsack)."""

    def counted(c: Criterion, option):
        if any(c.part == part and order[c.code] > anchor for part, anchor in stop_anchors):
            return 0
        if option is None:
            return 0
        rule = c.rule("requires")
        if rule and not sigma.get(("positive", rule.arg), False):
            return 0
        return option

    layers = []
    for c in cset.criteria:
        current = answers.get(c.code)
        allowed = []
        for option in options(c, current):
            if ("zero", c.code) in sigma and (option is not None and option == 0) != sigma[("zero", c.code)]:
                continue
            if ("positive", c.code) in sigma and (counted(c, option) > 0) != sigma[("positive", c.code)]:
                continue
            if target >= 3 and c.mandatory is not None and counted(c, option) < c.mandatory:
                continue
            cost = 0.0 if option == current else c.effort * (option - (current or 0))
            allowed.append((option, int(round(counted(c, option) * _SCALE)), cost))
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
        need = int(round(threshold * _SCALE))
        feasible = [k for k in dp if k >= need]
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
