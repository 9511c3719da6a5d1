"""The planner must be optimal: checked against brute force on small sets, rules included."""
from itertools import product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop_kit.planner import options, plan
from ocop_kit.rubric import load_version
from ocop_kit.scoring import score

from .helpers import criterion, version_for

V = load_version("qd1048-2019")


def brute_force(version, cset, answers, facts, target):
    """Cheapest cost over every combination of 'keep' or 'raise to any level' (0 included)."""
    threshold = version.band_for_stars(target).low
    choices = []
    for c in cset.criteria:
        current = answers.get(c.code)
        floor = -1 if current is None else current
        choices.append([current] + [p for p in c.points if p > floor])
    best = None
    for combo in product(*choices):
        trial = {c.code: v for c, v in zip(cset.criteria, combo, strict=True) if v is not None}
        result = score(version, cset, trial, facts)
        if result.excluded or result.total < threshold or result.stars < target:
            continue
        cost = sum(c.effort * (v - (answers.get(c.code) or 0))
                   for c, v in zip(cset.criteria, combo, strict=True) if v is not None and v != answers.get(c.code))
        best = cost if best is None else min(best, cost)
    return best


@st.composite
def small_rubric(draw):
    n = draw(st.integers(3, 6))
    crits = []
    for _ in range(n):
        part = draw(st.sampled_from("ABC"))
        pts = sorted(draw(st.sets(st.integers(0, 6), min_size=2, max_size=4)))
        crits.append((part, pts, draw(st.sampled_from([1.0, 1.0, 2.0, 0.5]))))
    crits.sort(key=lambda c: c[0])
    built, codes = [], []
    for i, (part, pts, effort) in enumerate(crits, 1):
        code = f"{part}.{i}"
        rules = []
        kind = draw(st.sampled_from(["none", "none", "stop", "requires", "gate", "halt", "mandatory", "minimums"]))
        mandatory, minimums = None, ()
        if kind == "stop" and 0 in pts:
            rules.append(("stop_if_zero", ""))
        elif kind == "requires" and codes:
            rules.append(("requires", draw(st.sampled_from(codes))))
        elif kind == "gate":
            rules.append(("gate", "cert"))
        elif kind == "halt":
            rules.append(("halt_if", "impure"))
        elif kind == "mandatory":
            mandatory = pts[1]
        elif kind == "minimums":  # per-star minimum levels, as QĐ 26/2026 marks them
            stars = sorted(draw(st.sets(st.integers(3, 5), min_size=1, max_size=3)))
            levels = sorted(draw(st.lists(st.sampled_from(pts[1:]), min_size=len(stars), max_size=len(stars))))
            minimums = tuple(zip(stars, levels, strict=True))
        built.append(criterion(code, pts, rules, mandatory=mandatory, effort=effort, minimums=minimums))
        codes.append(code)
    version, cset = version_for(built)
    answers = {}
    for c in cset.criteria:
        value = draw(st.sampled_from((None, *c.points)))
        if value is not None:
            answers[c.code] = value
    facts = {"cert": draw(st.booleans()), "impure": draw(st.booleans())}
    target = draw(st.integers(2, 5))
    return version, cset, answers, facts, target


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_rubric())
def test_planner_matches_brute_force(case):
    version, cset, answers, facts, target = case
    current = score(version, cset, answers, facts)
    if current.stars >= target:
        return
    expected = brute_force(version, cset, answers, facts, target)
    result = plan(version, cset, answers, facts, target)
    if expected is None:
        assert not result.reachable
    else:
        assert result.reachable
        assert abs(result.cost - expected) < 1e-6, (result.cost, expected)
        after = score(version, cset, result.apply(answers), facts)
        assert after.stars >= target and after.total == result.total_after


def test_lemongrass_oil_from_three_to_four_stars_names_steps_and_evidence():
    import json
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "data/samples/answers/huong-ngan-tinh-dau-sa.json"
    doc = json.loads(sample.read_text("utf-8"))
    cset = V.find_set(doc["set"])
    result = plan(V, cset, doc["answers"], doc["facts"])
    assert result.target == 4 and result.reachable and result.current_stars == 3
    assert result.total_after >= 70 and result.cost == 70 - 62  # uniform cost: exactly the points missing
    for step in result.steps:
        criterion = cset.by_code()[step.code]
        assert step.to_points in criterion.points and step.to_points > step.from_points
        assert step.evidence and step.to_text == criterion.level_for(step.to_points).text
    assert score(V, cset, result.apply(doc["answers"]), doc["facts"]).stars == 4


def test_plan_respects_gates_and_reports_unreachable_targets():
    cset = V.find_set("Chế biến từ rau, củ, quả, hạt")
    answers = {c.code: min(c.points) for c in cset.criteria}
    result = plan(V, cset, answers, {"food_safety_certificate": False}, target=5)
    assert result.reachable and result.total_after >= 90
    assert all(step.code != "C.10" for step in result.steps)  # gated: raising it would count nothing

    crits = [criterion("A.1", (0, 2), [("gate", "cert")]), criterion("A.2", (0, 8)), criterion("B.1", (0, 10))]
    version, small = version_for(crits)
    blocked = plan(version, small, {}, {"cert": False}, target=4)  # needs 14 of 20, at most 12 without cert
    assert not blocked.reachable
    assert blocked.messages[0].key == "plan.unreachable" and blocked.messages[0].params["max"] == 12
    assert any(m.key == "rule.gate" for m in blocked.messages)


def test_foreign_matter_zero_is_lifted_first_when_it_blocks_part_c():
    cset = V.find_set("Chế biến từ rau, củ, quả, hạt")
    answers = {c.code: max(c.points) for c in cset.criteria}
    answers["C.6.1"] = 0  # stops all of part C: total 60, 3 stars
    result = plan(V, cset, answers, {"food_safety_certificate": True}, target=4)
    assert [s.code for s in result.steps] == ["C.6.1"] and result.steps[0].to_points == 1
    assert result.total_after == 98


def test_effort_weights_change_the_cheapest_plan():
    cheap = [criterion("A.1", (0, 5), effort=1), criterion("A.2", (0, 5), effort=3), criterion("B.1", (0, 10))]
    version, cset = version_for(cheap)
    result = plan(version, cset, {"B.1": 10}, {}, target=4)  # needs 14 of 20
    assert [s.code for s in result.steps] == ["A.1"] or result.cost == 5
    heavy = [criterion("A.1", (0, 5), effort=4), criterion("A.2", (0, 5), effort=1), criterion("B.1", (0, 10))]
    version, cset = version_for(heavy)
    assert [s.code for s in plan(version, cset, {"B.1": 10}, {}, target=4).steps] == ["A.2"]


def test_options_only_raise():
    c = criterion("A.1", (0, 1, 3, 5))
    assert options(c, 1) == [1, 3, 5] and options(c, None) == [None, 1, 3, 5]


def test_excluded_product_cannot_be_planned():
    cset = V.find_set("Chế biến từ rau, củ, quả, hạt")
    result = plan(V, cset, {"A.1.1": 3}, {"raw_material_all_imported": True})
    assert not result.reachable and result.messages[0].key == "plan.excluded"
