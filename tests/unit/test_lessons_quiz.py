"""Quizzes are data: every file validates, every answer has feedback in both languages, facts
match the rubric data, and grading treats right, wrong, partial and junk answers as it says."""
import copy
import json

import pytest

from ocop_kit.lessons import facts, quiz
from ocop_kit.lessons.quiz import MULTIPLE, NUMERIC, SINGLE, clean_answers, grade, score

IDS = quiz.quiz_ids()


def raw(quiz_id):
    return json.loads((quiz.quizzes_dir() / f"{quiz_id}.json").read_text(encoding="utf-8"))


def test_there_is_a_quiz_per_lesson_and_a_workshop_test():
    from ocop_kit.lessons.content import data

    wanted = {item["quiz"] for item in data("lessons")["lessons"]} | {data("lessons")["workshop_quiz"]}
    assert wanted <= set(IDS) and len(wanted) == 6


@pytest.mark.parametrize("quiz_id", IDS)
def test_every_quiz_file_validates_against_its_schema(quiz_id):
    doc = raw(quiz_id)
    assert quiz.problems(doc) == []
    assert doc["id"] == quiz_id
    assert quiz.load(quiz_id).questions


@pytest.mark.parametrize("quiz_id", IDS)
def test_every_answer_has_feedback_in_both_languages(quiz_id):
    for q in quiz.load(quiz_id).questions:
        texts = [q.prompt]
        if q.kind == NUMERIC:
            texts += [q.feedback[k] for k in ("correct", "low", "high")] + [q.unit]
        else:
            for option in q.options:
                texts += [option.text, option.feedback]
                assert option.feedback["vi"] != option.feedback["en"], (quiz_id, q.id, option.id)
        for text in texts:
            assert text["vi"].strip() and text["en"].strip(), (quiz_id, q.id)


def _fact_questions():
    for quiz_id in IDS:
        for q in quiz.load(quiz_id).questions:
            if q.fact:
                yield pytest.param(quiz_id, q, id=f"{quiz_id}-{q.id}")


@pytest.mark.parametrize("quiz_id, question", list(_fact_questions()))
def test_answers_about_facts_match_the_data(quiz_id, question):
    f = question.fact
    value = facts.fact(f["name"], f.get("version"), f.get("arg"))
    if question.kind == NUMERIC:
        assert question.answer == value
    else:
        for option in question.options:
            assert option.value is not None, (question.id, option.id)
            assert (option.value == value) == option.correct, (question.id, option.id, value)


def test_fact_questions_cover_the_rubric_facts_the_lessons_teach():
    names = {q.fact["name"] for quiz_id in IDS for q in quiz.load(quiz_id).questions if q.fact}
    assert {"sets", "part_max", "certificate_months", "band_low", "procedure", "sample_stars"} <= names


def test_schema_and_semantic_problems_are_reported():
    doc = raw("bai-1")
    bad = copy.deepcopy(doc)
    del bad["questions"][0]["options"][0]["feedback"]["en"]
    assert any("en" in p for p in quiz.problems(bad))
    two_right = copy.deepcopy(doc)
    first = next(q for q in two_right["questions"] if q["kind"] == SINGLE)
    for option in first["options"]:
        option["correct"] = True
    assert any("exactly one right option" in p for p in quiz.problems(two_right))
    twice = copy.deepcopy(doc)
    twice["questions"].append(copy.deepcopy(twice["questions"][0]))
    assert any("defined twice" in p for p in quiz.problems(twice))
    with pytest.raises(ValueError):
        quiz.parse(two_right)


def _first(kind):
    return next(q for quiz_id in IDS for q in quiz.load(quiz_id).questions if q.kind == kind)


def test_single_choice_grading_and_feedback():
    q = _first(SINGLE)
    right = next(o for o in q.options if o.correct)
    wrong = next(o for o in q.options if not o.correct)
    g = grade(q, right.id)
    assert g.answered and g.correct and g.feedback[0].text == right.feedback and g.feedback[0].good
    g = grade(q, wrong.id)
    assert g.answered and not g.correct and g.feedback[0].text == wrong.feedback and not g.feedback[0].good
    for junk in (None, "zz", 3, ["a"]):
        assert grade(q, junk) == quiz.Grade(q.id, False, False, ())


def test_multiple_choice_needs_exactly_the_right_options():
    q = _first(MULTIPLE)
    right = sorted(q.correct_ids)
    wrong = [o.id for o in q.options if not o.correct]
    assert grade(q, right).correct
    partial = grade(q, right[:1])
    assert partial.answered and not partial.correct
    missed = [f for f in partial.feedback if f.missed]
    assert {f.option for f in missed} == set(right[1:])
    extra = grade(q, right + wrong[:1])
    assert not extra.correct and any(f.option == wrong[0] and not f.good for f in extra.feedback)
    assert not grade(q, []).answered and not grade(q, ["nope"]).answered


def test_numeric_answers_within_tolerance_and_side_feedback():
    q = _first(NUMERIC)
    assert grade(q, q.answer).correct and grade(q, float(q.answer)).correct
    low, high = grade(q, q.answer - 1), grade(q, q.answer + 1)
    assert not low.correct and low.feedback[0].text == q.feedback["low"]
    assert not high.correct and high.feedback[0].text == q.feedback["high"]
    tolerant = quiz.Question(q.id, NUMERIC, q.prompt, answer=91.14, tolerance=0.5, unit=q.unit, feedback=q.feedback)
    assert grade(tolerant, 91.6).correct and not grade(tolerant, 91.7).correct
    for junk in (None, True, float("nan"), float("inf"), "36"):
        assert not grade(q, junk).answered


def test_score_counts_right_answers_and_unanswered():
    test = quiz.load("kiem-tra-khoa-hoc")
    all_right = {}
    for q in test.questions:
        all_right[q.id] = q.answer if q.kind == NUMERIC else (
            next(iter(q.correct_ids)) if q.kind == SINGLE else sorted(q.correct_ids))
    s = score(test, all_right)
    n = len(test.questions)
    assert (s.correct, s.total, s.answered, s.percent) == (n, n, n, 100.0)
    half = dict(list(all_right.items())[:5])
    s = score(test, half)
    assert s.correct == 5 and s.answered == 5 and s.percent == 50.0


def test_clean_answers_keeps_only_what_fits_the_questions():
    test = quiz.load("kiem-tra-khoa-hoc")
    single = next(q for q in test.questions if q.kind == SINGLE)
    multiple = next(q for q in test.questions if q.kind == MULTIPLE)
    numeric = next(q for q in test.questions if q.kind == NUMERIC)
    kept = clean_answers(test, {single.id: "zz", multiple.id: ["nope", multiple.options[0].id],
                                numeric.id: "<script>", "other": 1})
    assert kept == {multiple.id: [multiple.options[0].id]}
    assert clean_answers(test, {numeric.id: 36})[numeric.id] == 36
