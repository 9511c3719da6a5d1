"""Rule kinds (one declaration each) and per-star minimums, on small rubrics built in code."""
import pytest

from ocop_kit.council import council
from ocop_kit.i18n import t
from ocop_kit.planner import plan
from ocop_kit.rubric.model import Rule
from ocop_kit.rubric.rules import CRITERION_KINDS, KINDS, SET_KINDS, check_rule, facts_needed, in_words
from ocop_kit.scoring import NOT_ASSESSED, score

from .helpers import criterion, version_for


def minimum_rubric():
    # 100 points; A.1 must reach 2 for 3★ and 5 for 4★ (and so for 5★); C.1 must reach 3 for 5★.
    crits = [criterion("A.1", (0, 2, 5), minimums=((3, 2), (4, 5))), criterion("A.2", (0, 35)),
             criterion("B.1", (0, 25)), criterion("C.1", (0, 1, 3), minimums=((5, 3),)), criterion("C.2", (0, 32))]
    return version_for(crits)


def test_star_is_the_band_capped_by_minimums():
    version, cset = minimum_rubric()
    full = {"A.1": 5, "A.2": 35, "B.1": 25, "C.1": 3, "C.2": 32}
    assert score(version, cset, full).stars == 5
    # 95 points, but C.1 is below its 5★ minimum: 4★, and it says which criterion holds it back.
    held = score(version, cset, dict(full, **{"C.1": 1}))
    assert held.total == 98 and held.band_stars == 5 and held.stars == 4 and held.held_back
    assert [m.as_dict() for m in held.minimums_unmet] == [{"code": "C.1", "star": 5, "needs": 3, "has": 1}]
    assert any(m.key == "score.held_back" for m in held.rules)


def test_minimums_are_cumulative_and_a_missed_three_star_minimum_gives_two_stars():
    version, cset = minimum_rubric()
    # A.1 at 2 meets the 3★ minimum but not the 4★ one (5): a 4★-band total stays 3★.
    three = score(version, cset, {"A.1": 2, "A.2": 35, "B.1": 25, "C.1": 3, "C.2": 10})
    assert (three.total, three.band_stars, three.stars) == (75, 4, 3)
    # A.1 at 0 misses the 3★ minimum: whatever the total, 2★ and no certificate.
    two = score(version, cset, {"A.1": 0, "A.2": 35, "B.1": 25, "C.1": 3, "C.2": 32})
    assert (two.band_stars, two.stars, two.certified) == (5, 2, False)
    assert [m.star for m in two.minimums_unmet] == [3]


def test_no_minimum_applies_below_the_first_certified_star():
    version, cset = minimum_rubric()
    low = score(version, cset, {"A.1": 0, "B.1": 25, "C.1": 0})
    assert low.band_stars == 1 and low.stars == 1 and low.minimums_unmet == []


def test_planner_reaches_a_star_with_its_minimums():
    version, cset = minimum_rubric()
    answers = {"A.1": 2, "A.2": 35, "B.1": 25, "C.1": 1, "C.2": 32}  # 95 points, held back at 3★ by A.1
    assert score(version, cset, answers).stars == 3
    result = plan(version, cset, answers, target=5)
    assert result.reachable and {s.code for s in result.steps} == {"A.1", "C.1"}
    assert score(version, cset, result.apply(answers)).stars == 5
    assert result.messages and result.messages[0].key == "plan.minimums"


def test_plan_by_points_ignores_effort_weights():
    crits = [criterion("A.1", (0, 5), effort=5), criterion("A.2", (0, 6), effort=1), criterion("B.1", (0, 9))]
    version, cset = version_for(crits)
    by_effort = plan(version, cset, {"B.1": 9}, {}, target=4, by="effort")  # needs 14 of 20
    by_points = plan(version, cset, {"B.1": 9}, {}, target=4, by="points")
    assert [s.code for s in by_effort.steps] == ["A.2"] and by_effort.cost == 6
    assert [s.code for s in by_points.steps] == ["A.1"] and by_points.cost == 5
    with pytest.raises(ValueError):
        plan(version, cset, {}, {}, target=4, by="luck")


def test_halt_if_fact_stops_the_criterion_and_the_rest_of_its_part():
    crits = [criterion("C.1", (0, 2), [("halt_if", "impure")]), criterion("C.2", (0, 3)), criterion("A.1", (0, 5))]
    version, cset = version_for(crits)
    answers = {"C.1": 2, "C.2": 3, "A.1": 5}
    assert score(version, cset, answers).total == 10
    halted = score(version, cset, answers, {"impure": True})
    assert halted.total == 5
    assert halted.row("C.1").status == NOT_ASSESSED and halted.row("C.2").status == NOT_ASSESSED
    assert any(m.key == "rule.halt_if" for m in halted.rules)


def test_reject_if_on_a_set_means_not_rated_and_says_why():
    crits = [criterion("A.1", (0, 50)), criterion("B.1", (0, 50))]
    version, cset = version_for(crits)
    cset.set_rules = (Rule("reject_if", "forged"),)
    assert score(version, cset, {"A.1": 50, "B.1": 50}).stars == 5
    rejected = score(version, cset, {"A.1": 50, "B.1": 50}, {"forged": True})
    assert rejected.stars == 0 and rejected.rejected and rejected.excluded and not rejected.certified
    assert [m.key for m in rejected.rules] == ["rule.rejected"]
    assert "forged" in facts_needed(cset)
    assert not plan(version, cset, {}, {"forged": True}).reachable


def test_council_star_respects_minimums_on_the_members_average():
    version, cset = minimum_rubric()
    base = {"A.1": 5, "A.2": 35, "B.1": 25, "C.2": 32}
    # Members give C.1 3, 1, 1: average 1.67 < the 5★ minimum 3, although the average total is 98.67.
    sheets = [("a", dict(base, **{"C.1": 3}), {}), ("b", dict(base, **{"C.1": 1}), {}),
              ("c", dict(base, **{"C.1": 1}), {})]
    result = council(version, cset, sheets)
    assert result.average == 98.67 and result.band_stars == 5 and result.stars == 4
    assert [m.code for m in result.minimums_unmet] == ["C.1"]
    assert [r.stars for r in result.raters] == [5, 4, 4]
    assert not result.central_candidate
    data = result.as_dict("vi")
    assert data["raters"][1]["minimums_unmet"][0]["code"] == "C.1"


def test_every_kind_is_declared_once_with_words_in_both_languages():
    assert set(CRITERION_KINDS) | set(SET_KINDS) == set(KINDS)
    crits = [criterion("A.1", (0, 1)), criterion("A.2", (0, 1))]
    version, cset = version_for(crits)
    for name, kind in KINDS.items():
        arg = {"code": "A.1", "optional_code": "", "fact": "cert"}[kind.arg]
        rule = Rule(name, arg)
        for lang in ("vi", "en"):
            words = kind.describe(rule, cset.criteria[1], version.facts, lang)
            assert words and "{" not in words
        assert check_rule(rule, kind.scope, {"A.1", "A.2"}, version.facts) is None
        other_scope = "set" if kind.scope == "criterion" else "criterion"
        assert check_rule(rule, other_scope, {"A.1", "A.2"}, version.facts)[0] == "sheet.bad_rule"


def test_rule_checks_name_the_problem():
    version, _ = version_for([criterion("A.1", (0, 1))])
    assert check_rule(Rule("requires", "Z.9"), "criterion", {"A.1"}, version.facts)[0] == "sheet.rule_unknown_code"
    assert check_rule(Rule("gate", "nope"), "criterion", {"A.1"}, version.facts)[0] == "sheet.rule_unknown_fact"
    assert check_rule(Rule("magic", ""), "criterion", {"A.1"}, version.facts)[0] == "sheet.bad_rule"


def test_rules_in_words_follow_the_language():
    crits = [criterion("A.1", (0, 1)), criterion("A.2", (0, 1), [("requires", "A.1"), ("gate", "cert")])]
    version, cset = version_for(crits)
    vi = in_words(cset.criteria[1], version.facts, "vi")
    en = in_words(cset.criteria[1], version.facts, "en")
    assert vi[0] == t("assessment.rule_requires", "vi", ref="A.1") and "Có giấy chứng nhận?" in vi[1]
    assert "Certificate?" in en[1]


def test_a_chain_of_conditions_voids_in_order():
    # B.3 needs A.2, which needs A.1: with A.1 at 0, A.2 counts 0, so B.3 counts 0 too (planner and engine agree).
    crits = [criterion("A.1", (0, 1)), criterion("A.2", (0, 1), [("requires", "A.1")]),
             criterion("B.3", (0, 5), [("requires", "A.2")])]
    version, cset = version_for(crits)
    result = score(version, cset, {"A.1": 0, "A.2": 1, "B.3": 5})
    assert (result.row("A.2").counted, result.row("B.3").counted, result.total) == (0, 0, 0)
    planned = plan(version, cset, {"A.1": 0, "A.2": 1, "B.3": 5}, target=5)
    assert [s.code for s in planned.steps] == ["A.1"] and planned.total_after == 7
