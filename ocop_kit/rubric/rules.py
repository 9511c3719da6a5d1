"""Rule kinds: one declaration per kind of rule a criteria set can carry.

A rule is data (``kind:arg`` in a sheet's ``rule`` column, or in a manifest's ``set_rules``);
its meaning lives here and only here. Each kind says
- what its argument names (a criterion code, an optional code, or a yes/no fact) and
  whether it belongs to a criterion or to a whole set — the sheet checker uses this;
- its effect on a score, in terms of an ``Env`` that answers "is this fact true?",
  "is that criterion answered 0?", "does that criterion count points?" — the scoring
  engine asks it with the real answers, the planner with each assumed state;
- which of those questions depend on the chosen levels (the planner branches on them);
- its words for the user, before (in the form) and after it fired (in the result).

Adding a kind is one class below, registered in ``KINDS``, two catalog messages and tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from ..i18n import pick, t

# Predicates the planner can branch on: ("zero", code) — the criterion is answered 0;
# ("positive", code) — the criterion counts more than 0 points.
Trigger = tuple[str, str]


class Env(Protocol):
    def fact(self, fact_id: str, code: str = "", warn: bool = False) -> bool: ...
    def is_zero(self, code: str) -> bool: ...
    def is_positive(self, code: str) -> bool: ...
    def question(self, fact_id: str) -> dict: ...


@dataclass(frozen=True)
class Message:
    """A rule that fired or a warning, kept as a catalog key so each view can say it in its language."""

    key: str
    params: dict = field(default_factory=dict)
    code: str = ""  # the criterion it concerns, if any

    def text(self, lang: str | None = None) -> str:
        # {"vi": …, "en": …} values (e.g. a fact's question from the data) are resolved per language.
        return t(self.key, lang, **{k: pick(v, lang) if isinstance(v, dict) else v for k, v in self.params.items()})


@dataclass(frozen=True)
class Stop:
    """From ``anchor`` on, the criteria of ``part`` are not assessed (the anchor too if ``inclusive``)."""

    part: str
    anchor: str
    inclusive: bool
    message: Message

    def position(self, order: dict[str, int]) -> float:
        # Comparable across stops of one part: an inclusive stop at k comes before an exclusive one at k.
        return order[self.anchor] - (0.5 if self.inclusive else 0)

    def covers(self, code: str, order: dict[str, int]) -> bool:
        return order[code] > self.position(order)


class RuleKind:
    name: ClassVar[str]
    arg: ClassVar[str]  # "code", "optional_code" or "fact"
    scope: ClassVar[str] = "criterion"  # or "set"
    words_key: ClassVar[str]  # the rule explained next to its criterion (before anything fired)

    # --- what the planner must branch on -------------------------------------------------
    def trigger(self, rule, criterion) -> Trigger | None:
        return None

    # --- effects on a score; every method gets the Env to ask ------------------------------
    def stop(self, rule, criterion, env: Env) -> Stop | None:
        """Criteria of this part from some point on are not assessed."""
        return None

    def voids(self, rule, criterion, env: Env) -> Message | None:
        """This criterion counts 0 (with the words to say why, used when it had points)."""
        return None

    def not_rated(self, rule, where: str, env: Env) -> Message | None:
        """The whole product is not rated (excluded, or its dossier rejected)."""
        return None

    # --- data the kind needs ---------------------------------------------------------------
    def facts(self, rule) -> list[str]:
        return [rule.arg] if self.arg == "fact" else []

    def check(self, rule, codes: set[str], facts: dict) -> tuple[str, dict] | None:
        """A problem with this rule in a sheet, as (catalog key, params), or None."""
        if self.arg == "fact" and rule.arg not in facts:
            return "sheet.rule_unknown_fact", {"fact": rule.arg, "facts": ", ".join(facts)}
        if self.arg == "code" and rule.arg not in codes:
            return "sheet.rule_unknown_code", {"ref": rule.arg}
        if self.arg == "optional_code" and rule.arg and rule.arg not in codes:
            return "sheet.rule_unknown_code", {"ref": rule.arg}
        return None

    def describe(self, rule, criterion, facts: dict, lang: str | None = None) -> str:
        return t(self.words_key, lang, **self._params(rule, criterion, facts, lang))

    def _params(self, rule, criterion, facts: dict, lang) -> dict:
        params = {"code": criterion.code if criterion else "", "ref": rule.arg, "after": rule.arg or
                  (criterion.code if criterion else "")}
        if self.arg == "fact" and rule.arg in facts:
            params["question"] = pick(facts[rule.arg].question, lang)
        return params


class Requires(RuleKind):
    """Counts only when another criterion counts points (e.g. the story criteria need a story)."""

    name, arg, words_key = "requires", "code", "assessment.rule_requires"

    def trigger(self, rule, criterion):
        return ("positive", rule.arg)

    def voids(self, rule, criterion, env):
        if env.is_positive(rule.arg):
            return None
        return Message("rule.requires", {"code": criterion.code, "ref": rule.arg}, criterion.code)


class StopIfZero(RuleKind):
    """Answered 0 (e.g. foreign matter found): the later criteria of the part are not assessed."""

    name, arg, words_key = "stop_if_zero", "optional_code", "assessment.rule_stop_if_zero"

    def trigger(self, rule, criterion):
        return ("zero", criterion.code)

    def stop(self, rule, criterion, env):
        if not env.is_zero(criterion.code):
            return None
        anchor = rule.arg or criterion.code
        return Stop(criterion.part, anchor, False,
                    Message("rule.stop_if_zero", {"code": criterion.code, "after": anchor}, criterion.code))


class _FactStop(RuleKind):
    """Stops the rest of the part on the answer to a yes/no question."""

    arg = "fact"
    stops_when: ClassVar[bool]  # the answer that stops
    inclusive: ClassVar[bool]  # the criterion itself is not assessed either
    warn: ClassVar[bool] = False  # say so when the answer is only assumed
    fired_key: ClassVar[str]

    def stop(self, rule, criterion, env):
        if env.fact(rule.arg, criterion.code, warn=self.warn) != self.stops_when:
            return None
        message = Message(self.fired_key, {"code": criterion.code, "question": env.question(rule.arg)}, criterion.code)
        return Stop(criterion.part, criterion.code, self.inclusive, message)


class Gate(_FactStop):
    """Assessed only when a fact holds (a certificate): otherwise the later criteria of the part are not."""

    name, words_key, fired_key = "gate", "assessment.rule_gate", "rule.gate"
    stops_when, inclusive, warn = False, False, True


class HaltIf(_FactStop):
    """"Không xem xét các chỉ tiêu khác nếu …": when the fact is true, this criterion and the rest
    of its part count 0."""

    name, words_key, fired_key = "halt_if", "assessment.rule_halt_if", "rule.halt_if"
    stops_when, inclusive = True, True


class ExcludeIf(RuleKind):
    """When the fact is true the product is excluded: not rated at all."""

    name, arg, words_key = "exclude_if", "fact", "assessment.rule_exclude_if"

    def not_rated(self, rule, where, env):
        if not env.fact(rule.arg, where):
            return None
        return Message("rule.excluded", {"code": where, "question": env.question(rule.arg)}, where)


class RejectIf(RuleKind):
    """A set's "Hồ sơ bị loại khi …": when the fact is true the dossier is rejected and not rated."""

    name, arg, scope, words_key = "reject_if", "fact", "set", "assessment.rule_reject_if"

    def not_rated(self, rule, where, env):
        if not env.fact(rule.arg):
            return None
        return Message("rule.rejected", {"question": env.question(rule.arg)})


KINDS: dict[str, RuleKind] = {kind.name: kind for kind in (
    Requires(), StopIfZero(), Gate(), HaltIf(), ExcludeIf(), RejectIf(),
)}
CRITERION_KINDS = tuple(name for name, kind in KINDS.items() if kind.scope == "criterion")
SET_KINDS = tuple(name for name, kind in KINDS.items() if kind.scope == "set")


def kind_of(rule) -> RuleKind:
    return KINDS[rule.kind]


def check_rule(rule, scope: str, codes: set[str], facts: dict) -> tuple[str, dict] | None:
    """Problems of one rule written in a sheet (scope "criterion") or a manifest (scope "set")."""
    kind = KINDS.get(rule.kind)
    allowed = CRITERION_KINDS if scope == "criterion" else SET_KINDS
    if kind is None or kind.scope != scope:
        return "sheet.bad_rule", {"rule": rule.kind, "kinds": ", ".join(allowed)}
    return kind.check(rule, codes, facts)


def facts_needed(cset) -> list[str]:
    """The yes/no facts a set's rules ask about, in the order the user meets them."""
    found: list[str] = []
    for rule in cset.set_rules:
        found += [f for f in kind_of(rule).facts(rule) if f not in found]
    for criterion in cset.criteria:
        for rule in criterion.rules:
            found += [f for f in kind_of(rule).facts(rule) if f not in found]
    return found


def in_words(criterion, facts: dict, lang: str | None = None) -> list[str]:
    """Every rule of a criterion explained in plain words."""
    return [kind_of(rule).describe(rule, criterion, facts, lang) for rule in criterion.rules]
