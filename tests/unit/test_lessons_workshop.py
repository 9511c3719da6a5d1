"""Pre- and post-tests stored per trainee as events, compared per question from 5 trainees on."""
import pytest

from ocop_kit.cohort import MIN_GROUP
from ocop_kit.lessons import workshop
from ocop_kit.lessons.quiz import MULTIPLE, NUMERIC, SINGLE, load
from ocop_kit.storage import StorageError, open_store

QUIZ = load("kiem-tra-khoa-hoc")


def right(q):
    return q.answer if q.kind == NUMERIC else next(iter(q.correct_ids)) if q.kind == SINGLE else sorted(q.correct_ids)


def wrong(q):
    if q.kind == NUMERIC:
        return q.answer + 1
    other = next(o.id for o in q.options if not o.correct)
    return other if q.kind == SINGLE else [other]


ALL_RIGHT = {q.id: right(q) for q in QUIZ.questions}
ALL_WRONG = {q.id: wrong(q) for q in QUIZ.questions}


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "w.sqlite")


def test_class_of_a_trainee_code():
    assert workshop.class_of(" bk19-07 ") == "BK19"
    assert workshop.class_of("TN-2026-07") == "TN-2026"
    for bad in ("BK1907", "-07", "BK19-"):
        with pytest.raises(StorageError) as err:
            workshop.class_of(bad)
        assert err.value.key in ("lessons.workshop.code_needs_class", "storage.bad_cohort_code")


def test_submit_stores_the_graded_answers(store):
    result = workshop.submit(store, "bk19-01", workshop.PRE, QUIZ, {**ALL_RIGHT, "junk": 1})
    assert result.correct == len(QUIZ.questions)
    (event,) = store.list_events(kind="lessons.pretest")
    assert event.user_code == "BK19-01" and event.cohort_code == "BK19" and event.app == "lessons"
    assert event.payload["score"] == len(QUIZ.questions) and "junk" not in event.payload["answers"]
    assert all(event.payload["correct"].values())
    with pytest.raises(ValueError):
        workshop.submit(store, "bk19-01", "mid", QUIZ, {})


def test_small_class_shows_no_shares_but_lists_codes(store):
    for i in range(1, MIN_GROUP):
        workshop.submit(store, f"BK19-{i:02d}", workshop.PRE, QUIZ, ALL_WRONG)
    c = workshop.compare(store, "bk19", QUIZ)
    assert c.pre_n == MIN_GROUP - 1 and not c.shown
    assert all(q.pre is None and q.post is None for q in c.questions) and c.pre_mean is None
    assert [code for code, _, _ in c.trainees] == [f"BK19-{i:02d}" for i in range(1, MIN_GROUP)]


def test_before_and_after_per_question_from_five_trainees(store):
    first = QUIZ.questions[0]
    for i in range(1, MIN_GROUP + 1):
        code = f"BK19-{i:02d}"
        pre = dict(ALL_WRONG)
        if i <= 2:
            pre[first.id] = right(first)  # 2 of 5 knew the first answer before
        workshop.submit(store, code, workshop.PRE, QUIZ, pre)
        workshop.submit(store, code, workshop.POST, QUIZ, ALL_WRONG)
        workshop.submit(store, code, workshop.POST, QUIZ, ALL_RIGHT)  # a retake: the latest counts
    workshop.submit(store, "XY-01", workshop.PRE, QUIZ, ALL_RIGHT)  # another class
    c = workshop.compare(store, "BK19", QUIZ)
    assert (c.pre_n, c.post_n) == (MIN_GROUP, MIN_GROUP) and c.pre_shown and c.post_shown
    assert c.questions[0].pre == pytest.approx(2 / MIN_GROUP) and c.questions[0].post == 1.0
    assert c.questions[0].change == pytest.approx(1 - 2 / MIN_GROUP)
    assert c.questions[1].pre == 0.0 and c.questions[1].post == 1.0
    assert c.pre_mean == pytest.approx(2 / MIN_GROUP) and c.post_mean == len(QUIZ.questions)
    assert all(post == len(QUIZ.questions) for _, _, post in c.trainees)


def test_only_results_of_this_quiz_count(store):
    other = load("bai-1")
    for i in range(1, MIN_GROUP + 1):
        workshop.submit(store, f"BK19-{i:02d}", workshop.PRE, other, {})
    c = workshop.compare(store, "BK19", QUIZ)
    assert c.pre_n == 0 and c.trainees == []
    assert any(q.kind == MULTIPLE for q in QUIZ.questions)
