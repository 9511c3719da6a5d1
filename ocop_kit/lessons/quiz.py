"""Quizzes as data: loading, checking and grading (no widgets).

A quiz is a JSON file in ``quizzes/`` (schema ``ocop_kit/schemas/quiz.schema.json``):
single-choice, multiple-choice and numeric questions, every text in Vietnamese and English,
and feedback for every answer a trainee can give — each option says why it is right or
wrong; a numeric question says why for a right, a too-low and a too-high answer.

Grading: a single choice is right when the chosen option is; a multiple choice when exactly
the right options are chosen (one missed or one extra makes it wrong, and the feedback says
which); a number when it lies within the tolerance of the answer.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

SINGLE, MULTIPLE, NUMERIC = "single", "multiple", "numeric"


@dataclass(frozen=True)
class Option:
    id: str
    text: dict
    correct: bool
    feedback: dict
    value: float | None = None


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: dict
    options: tuple[Option, ...] = ()
    answer: float | None = None
    tolerance: float = 0.0
    unit: dict = field(default_factory=dict)
    feedback: dict = field(default_factory=dict)  # numeric: {"correct", "low", "high"}
    fact: dict | None = None
    source: dict | None = None

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Quiz:
    id: str
    title: dict
    questions: tuple[Question, ...]
    intro: dict | None = None

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


@dataclass(frozen=True)
class Feedback:
    """One line of feedback: ``text`` ({"vi", "en"}), whether it praises or corrects, and
    for a multiple choice the option it is about and whether the trainee missed it."""

    text: dict
    good: bool
    option: str = ""
    missed: bool = False


@dataclass(frozen=True)
class Grade:
    question: str
    answered: bool
    correct: bool
    feedback: tuple[Feedback, ...]


@dataclass(frozen=True)
class Score:
    grades: tuple[Grade, ...]

    @property
    def correct(self) -> int:
        return sum(1 for g in self.grades if g.correct)

    @property
    def total(self) -> int:
        return len(self.grades)

    @property
    def answered(self) -> int:
        return sum(1 for g in self.grades if g.answered)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


# --- loading ------------------------------------------------------------------------

def quizzes_dir() -> Path:
    return Path(str(resources.files("ocop_kit") / "lessons" / "quizzes"))


def quiz_ids() -> list[str]:
    return sorted(p.stem for p in quizzes_dir().glob("*.json"))


@lru_cache(maxsize=1)
def schema() -> dict:
    path = resources.files("ocop_kit") / "schemas" / "quiz.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def problems(doc: dict) -> list[str]:
    """What is wrong with a quiz document: the schema first, then what a schema cannot say."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    found = [f"{'/'.join(map(str, e.absolute_path)) or '/'}: {e.message}" for e in validator.iter_errors(doc)]
    if found:
        return found
    seen: set[str] = set()
    for q in doc["questions"]:
        if q["id"] in seen:
            found.append(f"question {q['id']} defined twice")
        seen.add(q["id"])
        if q["kind"] == NUMERIC:
            continue
        ids = [o["id"] for o in q["options"]]
        if len(set(ids)) != len(ids):
            found.append(f"{q['id']}: an option id is used twice")
        right = sum(1 for o in q["options"] if o["correct"])
        if q["kind"] == SINGLE and right != 1:
            found.append(f"{q['id']}: a single choice needs exactly one right option, has {right}")
        if q["kind"] == MULTIPLE and right < 1:
            found.append(f"{q['id']}: a multiple choice needs at least one right option")
    return found


def parse(doc: dict, validate: bool = True) -> Quiz:
    """A quiz document as a ``Quiz``; ``validate=False`` skips the schema (shipped files,
    which the tests validate: jsonschema costs seconds in a loaded kernel)."""
    bad = problems(doc) if validate else []
    if bad:
        raise ValueError(f"quiz {doc.get('id', '?')}: " + "; ".join(bad[:5]))
    questions = []
    for q in doc["questions"]:
        options = tuple(Option(o["id"], o["text"], o["correct"], o["feedback"], o.get("value"))
                        for o in q.get("options", []))
        questions.append(Question(
            id=q["id"], kind=q["kind"], prompt=q["prompt"], options=options, answer=q.get("answer"),
            tolerance=float(q.get("tolerance", 0)), unit=q.get("unit", {}), feedback=q.get("feedback", {}),
            fact=q.get("fact"), source=q.get("source")))
    return Quiz(id=doc["id"], title=doc["title"], questions=tuple(questions), intro=doc.get("intro"))


@cache
def load(quiz_id: str) -> Quiz:
    """A shipped quiz. Not validated here: tests/unit/test_lessons_quiz.py validates every
    shipped file against the schema, so a broken one never reaches a trainee."""
    path = quizzes_dir() / f"{quiz_id}.json"
    if not path.is_file() or quiz_id not in quiz_ids():
        raise KeyError(quiz_id)
    return parse(json.loads(path.read_text(encoding="utf-8")), validate=False)


# --- grading ------------------------------------------------------------------------

def _number(answer) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return None
    return float(answer) if math.isfinite(answer) else None


def grade(question: Question, answer) -> Grade:
    """``answer``: an option id (single), a collection of option ids (multiple), a number
    (numeric); None or empty means not answered. Unknown option ids count as no answer."""
    if question.kind == NUMERIC:
        value = _number(answer)
        if value is None:
            return Grade(question.id, False, False, ())
        assert question.answer is not None  # the schema gives every numeric question its answer
        if abs(value - question.answer) <= question.tolerance + 1e-9:
            return Grade(question.id, True, True, (Feedback(question.feedback["correct"], True),))
        side = "low" if value < question.answer else "high"
        return Grade(question.id, True, False, (Feedback(question.feedback[side], False),))
    if question.kind == SINGLE:
        option = question.option(answer) if isinstance(answer, str) else None
        if option is None:
            return Grade(question.id, False, False, ())
        return Grade(question.id, True, option.correct, (Feedback(option.feedback, option.correct, option.id),))
    chosen = frozenset(a for a in (answer or ()) if isinstance(a, str) and question.option(a))
    if not chosen:
        return Grade(question.id, False, False, ())
    lines = [Feedback(o.feedback, o.correct, o.id) for o in question.options if o.id in chosen]
    lines += [Feedback(o.feedback, False, o.id, missed=True)
              for o in question.options if o.correct and o.id not in chosen]
    return Grade(question.id, True, chosen == question.correct_ids, tuple(lines))


def score(quiz: Quiz, answers: dict) -> Score:
    """Grade every question; ``answers`` maps question ids to answers (missing = unanswered)."""
    return Score(tuple(grade(q, answers.get(q.id)) for q in quiz.questions))


def clean_answers(quiz: Quiz, answers: dict) -> dict:
    """Only answers that fit their question, in a JSON-safe shape (for storing)."""
    out: dict = {}
    for q in quiz.questions:
        value = answers.get(q.id)
        numeric = q.kind == NUMERIC and _number(value) is not None
        if numeric or (q.kind == SINGLE and isinstance(value, str) and q.option(value)):
            out[q.id] = value
        elif q.kind == MULTIPLE and isinstance(value, (list, tuple, set, frozenset)):
            chosen = sorted(a for a in value if isinstance(a, str) and q.option(a))
            if chosen:
                out[q.id] = chosen
    return out
