"""Step-by-step mode, pure part: order of the screens, rules that skip criteria, what is left, progress."""
from pathlib import Path

from ocop_kit.apps import assessment_steps as steps
from ocop_kit.apps.assessment import Assessment

from .helpers import criterion, version_for

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "answers"


def model():
    version, cset = version_for([
        criterion("A.1", (0, 1, 2)),
        criterion("A.2", (0, 2), rules=[("gate", "cert")]),  # the rest of A needs the certificate
        criterion("A.3", (0, 1, 3)),
        criterion("A.4", (0, 2)),
        criterion("B.1", (0, 1), rules=[("halt_if", "impure")]),  # yes: B.1 and the rest of B count 0
        criterion("B.2", (0, 2)),
        criterion("C.1", (0, 2), rules=[("stop_if_zero", "")]),
        criterion("C.2", (0, 1, 2)),
    ])
    return Assessment(version, cset)


def test_every_criterion_has_a_screen_in_the_set_order_until_a_rule_skips_some():
    m = model()
    assert steps.step_codes(m) == ["A.1", "A.2", "A.3", "A.4", "B.1", "B.2", "C.1", "C.2"]
    assert steps.skipped_codes(m) == []
    assert steps.unanswered_codes(m) == steps.step_codes(m)


def test_a_gate_not_met_skips_the_rest_of_its_part_only():
    m = model()
    m.set_fact("cert", False)
    assert steps.skipped_codes(m) == ["A.3", "A.4"]
    assert steps.step_codes(m) == ["A.1", "A.2", "B.1", "B.2", "C.1", "C.2"]
    assert steps.progress(m).total == 6
    m.set_fact("cert", True)
    assert steps.skipped_codes(m) == []


def test_a_halt_question_keeps_its_own_screen_so_it_can_be_answered_back():
    m = model()
    m.set_fact("impure", True)
    assert steps.skipped_codes(m) == ["B.2"]
    assert "B.1" in steps.step_codes(m)
    # B.1 itself counts 0 and is no longer to answer
    assert "B.1" not in steps.assessed_codes(m) and "B.1" not in steps.unanswered_codes(m)
    assert steps.progress(m).total == 6


def test_a_zero_that_stops_the_part_skips_what_follows():
    m = model()
    m.set_answer("C.1", 0)
    assert steps.skipped_codes(m) == ["C.2"]
    m.set_answer("C.1", 2)
    assert steps.skipped_codes(m) == []


def test_progress_counts_answers_points_and_stars():
    m = model()
    p = steps.progress(m)
    assert (p.answered, p.total, p.points, p.stars, p.done) == (0, 8, 0, 1, False)
    m.set_answer("A.1", 2)
    m.set_answer("A.3", 3)
    p = steps.progress(m)
    assert (p.answered, p.total, p.points) == (2, 8, 5)
    assert steps.unanswered_codes(m) == ["A.2", "A.4", "B.1", "B.2", "C.1", "C.2"]
    m.set_fact("cert", False)  # A.3 is no longer assessed: its answer stops counting
    p = steps.progress(m)
    assert (p.answered, p.total, p.points) == (1, 6, 2)


def test_next_back_and_a_screen_that_the_rules_removed():
    m = model()
    assert steps.resolve(m, None) == "A.1"
    assert steps.neighbour(m, "A.1", 1) == "A.2"
    assert steps.neighbour(m, "A.1", -1) is None
    assert steps.neighbour(m, "C.2", 1) is None
    assert steps.position(m, "A.4") == (4, 8)
    m.set_fact("cert", False)
    # the user was on A.3: the screen after it is shown, and Back goes to A.2
    assert steps.resolve(m, "A.3") == "B.1"
    assert steps.neighbour(m, "A.3", -1) == "A.2"
    assert steps.neighbour(m, "A.2", 1) == "B.1"
    assert steps.position(m, "A.3") == (3, 6)
    m.set_answer("C.1", 0)
    assert steps.resolve(m, "C.2") == "C.1"  # nothing after it: the last screen


def test_questions_come_from_the_rules_taking_a_fact():
    m = model()
    assert steps.questions_of(m.criterion("A.2")) == ["cert"]
    assert steps.questions_of(m.criterion("B.1")) == ["impure"]
    assert steps.questions_of(m.criterion("C.1")) == []  # its argument is a criterion, not a question


def test_general_questions_are_the_ones_no_criterion_asks():
    m = Assessment.from_answers_file(SAMPLES / "mien-dong-tai-hoan-2026.json")
    general = steps.general_questions(m)
    owned = {f for c in m.cset.criteria for f in steps.questions_of(c)}
    set_level = [f for rule in m.cset.set_rules for f in [rule.arg]]
    assert general and set(general) == set(set_level) - owned
    assert set(general) | owned == set(m.relevant_facts())
    assert steps.general_questions(model()) == []  # the small set has no set-level rule


def test_shipped_sample_halt_question():
    m = Assessment.from_answers_file(SAMPLES / "mien-dong-tai-hoan-2026.json")
    p = steps.progress(m)
    assert p.done and p.total == len(m.cset.criteria) and p.points == m.result().total
    halt = next(c for c in m.cset.criteria if any(r.kind == "halt_if" for r in c.rules))
    m.set_fact(steps.questions_of(halt)[0], True)
    skipped = steps.skipped_codes(m)
    assert skipped and halt.code not in skipped and halt.code in steps.step_codes(m)
    assert all(m.criterion(code).part == halt.part for code in skipped)
    assert steps.progress(m).total == len(m.cset.criteria) - len(skipped) - 1
