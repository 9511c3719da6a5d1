"""Pre-test and post-test of a workshop: stored per trainee, compared per question.

Each submission is an event in the kit's database (``Store.record_event``; no new table):
kind ``lessons.pretest`` or ``lessons.posttest``, app ``lessons``, the trainee's code and
the class code (the part of ``LỚP-SỐ`` before the last "-"). A trainee may retake a test:
the latest submission counts (``Store.cohort_results``).

The facilitator's comparison follows the class dashboard's rule (the ``min_group_size`` setting):
per-question shares of right answers are shown for a test only when at least that many
trainees of the class took it, so no one's answers can be read off a small group.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import config
from ..states import EventKind
from ..storage import OwnerKey, StorageError, normalize_code, normalize_user_code
from .quiz import Quiz, clean_answers, score

APP_ID = "lessons"
PRE, POST = "pre", "post"
KINDS = {PRE: EventKind.PRETEST, POST: EventKind.POSTTEST}


def class_of(user_code: str) -> str:
    """"bk19-07" → "BK19"; a workshop trainee → the workshop's join code; a code without a
    class part raises ``StorageError``."""
    if isinstance(user_code, OwnerKey):
        return user_code.join_code
    code = normalize_user_code(user_code)
    group, sep, number = code.rpartition("-")
    if not (sep and group and number):
        raise StorageError("lessons.workshop.code_needs_class")
    return normalize_code(group, "storage.bad_cohort_code")


def submit(store, user_code: str, which: str, quiz: Quiz, answers: dict):
    """Grade and store one trainee's test; returns the ``quiz.Score``."""
    if which not in KINDS:
        raise ValueError(which)
    group = class_of(user_code)
    kept = clean_answers(quiz, answers)
    result = score(quiz, kept)
    store.record_event(KINDS[which], {
        "quiz": quiz.id, "answers": kept,
        "correct": {g.question: g.correct for g in result.grades},
        "score": result.correct, "total": result.total,
    }, user_code=user_code, cohort_code=group, app=APP_ID)
    return result


@dataclass(frozen=True)
class QuestionShare:
    question: str
    pre: float | None  # share of right answers, None when not shown
    post: float | None

    @property
    def change(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass
class Comparison:
    group: str
    quiz: Quiz
    pre_n: int = 0
    post_n: int = 0
    min_group: int = field(default_factory=lambda: config.current().min_group_size)
    questions: list[QuestionShare] = field(default_factory=list)
    trainees: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # code, pre, post score
    pre_mean: float | None = None
    post_mean: float | None = None

    @property
    def pre_shown(self) -> bool:
        return self.pre_n >= self.min_group

    @property
    def post_shown(self) -> bool:
        return self.post_n >= self.min_group

    @property
    def shown(self) -> bool:
        return self.pre_shown or self.post_shown


def _latest(store, group: str, which: str, quiz: Quiz) -> dict[str, dict]:
    events = store.cohort_results(group, KINDS[which], app=APP_ID)
    return {e.user_code: e.payload for e in events if e.payload.get("quiz") == quiz.id}


def compare(store, group: str, quiz: Quiz, min_group: int | None = None) -> Comparison:
    """``min_group``: the class figures' threshold, by default the ``min_group_size`` setting."""
    if min_group is None:
        min_group = config.current().min_group_size
    group = normalize_code(group, "storage.bad_cohort_code")
    pre, post = _latest(store, group, PRE, quiz), _latest(store, group, POST, quiz)
    out = Comparison(group, quiz, len(pre), len(post), min_group)
    out.trainees = [(code, pre[code]["score"] if code in pre else None, post[code]["score"] if code in post else None)
                    for code in sorted(set(pre) | set(post))]

    def share(results: dict[str, dict], qid: str, shown: bool) -> float | None:
        if not shown:
            return None
        return sum(1 for r in results.values() if r.get("correct", {}).get(qid)) / len(results)

    for q in quiz.questions:
        out.questions.append(QuestionShare(q.id, share(pre, q.id, out.pre_shown), share(post, q.id, out.post_shown)))
    if out.pre_shown:
        out.pre_mean = sum(r["score"] for r in pre.values()) / len(pre)
    if out.post_shown:
        out.post_mean = sum(r["score"] for r in post.values()) / len(post)
    return out
