"""Lesson pages: a header with the language toggle, then one notebook cell per section.

A lesson notebook is short::

    from ocop_kit.views.lessons import lesson
    bai = lesson(1)
    bai.header            # title, language, links to the other lessons
    bai.show("cycle")     # a section: text and picture, in the page's language
    bai.quiz()            # the self-check
    bai.shell.follow_url_language()

Every section is a widget that redraws itself when the language changes, and also has a
plain-text twin (``Block``): the text a notebook shows where widgets are not rendered, and
what nbval compares in cells marked ``NBVAL_CHECK_OUTPUT``.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as w

from ..errors import InputError
from ..i18n import pick, t
from ..lessons import content
from ..lessons.quiz import MULTIPLE, NUMERIC, SINGLE, Quiz, Score, grade, load, score
from ..money import format_percent, parse_number
from ..text import escape
from .common import AppShell, current_lang, message_html
from .lesson_blocks import SECTIONS, Section

if TYPE_CHECKING:  # the exercises are imported when a lesson shows one
    from .lesson_tools import LessonTool

APP_ID = "lessons"
NUMBER_MAX = 40  # characters typed in a numeric answer

LESSON_CSS = """<style>
.ocop-app .ocop-lesson, .ocop-lesson { font-size: 15px; line-height: 1.5; max-width: 880px; }
.ocop-lesson p { margin: 6px 0; }
.ocop-lesson .ocop-table { border-collapse: collapse; margin: 6px 0 10px; font-size: 92%; }
.ocop-lesson .ocop-table th, .ocop-lesson .ocop-table td {
  border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; text-align: left;
}
.ocop-lesson .ocop-table th { background: #eef2ea; }
.ocop-lesson .ocop-scroll { overflow-x: auto; max-width: 100%; }
.ocop-lesson .ocop-figure { margin: 8px 0; }
.ocop-lesson .ocop-keyfacts { background: #eef8ee; border-left: 4px solid #3c8d3c; padding: 6px 10px; }
.ocop-lesson .ocop-story { border: 1px solid #ccd; border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
.ocop-lesson .ocop-story-good { border-left: 6px solid #3c8d3c; }
.ocop-lesson .ocop-story-weak { border-left: 6px solid #d08a00; }
.ocop-lesson blockquote { margin: 4px 0 4px 8px; color: #333; font-style: italic; }
.ocop-nav a { margin-right: 14px; }
.ocop-quiz .ocop-question { border-top: 1px solid #ddd; padding-top: 6px; margin-top: 6px; }
.ocop-quiz .widget-checkbox { width: auto; }
.ocop-quiz .widget-checkbox label, .ocop-quiz .widget-checkbox .widget-label-basic { white-space: normal; }
</style>"""


class Block:
    """A widget that also has a plain-text twin (the ``text/plain`` of its notebook output)."""

    def __init__(self, widget: w.Widget, plain: Callable[[], str]):
        self.widget = widget
        self.plain = plain

    def _repr_mimebundle_(self, **kwargs):
        data = self.widget._repr_mimebundle_(**kwargs)
        data["text/plain"] = self.plain()
        return data


def lesson_html(html: str) -> str:
    return f"<div class='ocop-lesson'>{html}</div>"


# --- quiz ------------------------------------------------------------------------------------

class QuestionView:
    def __init__(self, quiz_view: QuizView, number: int, question):
        self.quiz_view = quiz_view
        self.number = number
        self.question = question
        self.prompt = w.HTML()
        self.feedback = w.HTML()
        self.error: InputError | None = None
        if question.kind == SINGLE:
            self.input = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
            self.boxes: list[w.Checkbox] = []
        elif question.kind == MULTIPLE:
            self.boxes = [w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
                          for _ in question.options]
            self.input = w.VBox(self.boxes)
        else:
            self.boxes = []
            self.input = w.Text(layout=w.Layout(width="10em"))
        self.unit = w.HTML()
        self.check_button = w.Button(layout=w.Layout(width="auto", align_self="flex-start"))
        self.check_button.on_click(lambda _b: quiz_view.shell._safe(self.check))
        row = w.HBox([self.input, self.unit]) if question.kind == NUMERIC else self.input
        self.root = w.VBox([self.prompt, row, self.check_button, self.feedback])
        self.root.add_class("ocop-question")
        if quiz_view.mode == "test":
            self.check_button.layout.display = "none"

    @property
    def lang(self) -> str:
        return self.quiz_view.lang

    def answer(self):
        """The trainee's answer in the shape ``quiz.grade`` takes, or None."""
        q = self.question
        self.error = None
        if q.kind == SINGLE:
            return self.input.value
        if q.kind == MULTIPLE:
            return [o.id for o, box in zip(q.options, self.boxes, strict=True) if box.value]
        text = (self.input.value or "").strip()[:NUMBER_MAX]
        if not text:
            return None
        try:
            return parse_number(text)
        except InputError as exc:
            self.error = exc
            return None

    def set_answer(self, value) -> None:
        q = self.question
        if q.kind == SINGLE:
            self.input.value = value
        elif q.kind == MULTIPLE:
            for option, box in zip(q.options, self.boxes, strict=True):
                box.value = option.id in (value or ())
        else:
            self.input.value = "" if value is None else str(value)

    def check(self):
        result = grade(self.question, self.answer())
        self.show(result)
        return result

    def show(self, result) -> None:
        lang, q = self.lang, self.question
        if self.error is not None:
            self.feedback.value = message_html(self.error.message(lang), "error")
            return
        if not result.answered:
            self.feedback.value = message_html(t("lessons.quiz.unanswered", lang), "warning")
            return
        head = t("lessons.quiz.right" if result.correct else "lessons.quiz.wrong", lang)
        lines = []
        for item in result.feedback:
            option = q.option(item.option) if item.option else None
            if item.missed and option is not None:
                lines.append("• " + t("lessons.quiz.missed", lang, option=pick(option.text, lang),
                                      why=pick(item.text, lang)))
            elif option is not None:
                mark = "✓" if item.good else "✗"
                lines.append(f"{mark} {pick(option.text, lang)} — {pick(item.text, lang)}")
            else:
                lines.append(pick(item.text, lang))
        self.feedback.value = message_html("\n".join([head, *lines]), "success" if result.correct else "warning")

    def relabel(self) -> None:
        lang, q = self.lang, self.question
        hint = {MULTIPLE: "lessons.quiz.hint_multiple", NUMERIC: "lessons.quiz.hint_numeric"}.get(q.kind)
        hint_html = f" <span class='ocop-help'>{escape(t(hint, lang))}</span>" if hint else ""
        self.prompt.value = (f"<b>{escape(t('lessons.quiz.question', lang, number=self.number))}</b> "
                             f"{escape(pick(q.prompt, lang))}{hint_html}")
        if q.kind == SINGLE:
            value = self.input.value
            self.input.options = [(pick(o.text, lang), o.id) for o in q.options]
            self.input.value = value
        elif q.kind == MULTIPLE:
            for option, box in zip(q.options, self.boxes, strict=True):
                box.description = pick(option.text, lang)
        else:
            self.input.placeholder = t("lessons.quiz.number_placeholder", lang)
            self.unit.value = escape(pick(q.unit, lang))
        self.check_button.description = t("lessons.quiz.check", lang)
        if self.feedback.value:
            self.check()


class QuizView:
    """A quiz on a page. ``mode="selfcheck"``: a Check button per question and a score button;
    ``mode="test"``: one Submit button that calls ``on_submit(answers) -> Score`` first."""

    def __init__(self, quiz: Quiz, shell: AppShell, mode: str = "selfcheck",
                 on_submit: Callable[[dict], Score | None] | None = None):
        self.quiz = quiz
        self.shell = shell
        self.mode = mode
        self.on_submit = on_submit
        self.title = w.HTML()
        self.questions = [QuestionView(self, i, q) for i, q in enumerate(quiz.questions, 1)]
        self.score_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.score_button.on_click(lambda _b: shell._safe(self.finish))
        self.reset_button = w.Button(layout=w.Layout(width="auto"))
        self.reset_button.on_click(lambda _b: shell._safe(self.reset))
        self.score_html = w.HTML()
        self.last_score: Score | None = None
        self.root = w.VBox([self.title] + [q.root for q in self.questions]
                           + [w.HBox([self.score_button, self.reset_button]), self.score_html])
        self.root.add_class("ocop-quiz")
        shell.on_lang_change(lambda _lang: self.relabel())
        self.relabel()

    @property
    def lang(self) -> str:
        return self.shell.lang

    def answers(self) -> dict:
        out = {}
        for view in self.questions:
            value = view.answer()
            if value not in (None, [], ""):
                out[view.question.id] = value
        return out

    def finish(self) -> Score | None:
        """Grade every question, show each one's feedback and the score."""
        answers = self.answers()
        if self.mode == "test":
            result = self.on_submit(answers) if self.on_submit else score(self.quiz, answers)
            if result is None:
                return None
        else:
            result = score(self.quiz, answers)
        for view, g in zip(self.questions, result.grades, strict=True):
            view.show(g)
        self.last_score = result
        self._render_score()
        return result

    def reset(self) -> None:
        for view in self.questions:
            view.set_answer(None)
            view.feedback.value = ""
        self.last_score = None
        self.score_html.value = ""

    def _render_score(self) -> None:
        s, lang = self.last_score, self.lang
        if s is None:
            self.score_html.value = ""
            return
        text = t("lessons.quiz.score", lang, correct=s.correct, total=s.total,
                 percent=format_percent(s.percent, 0, lang))
        if s.answered < s.total:
            text += "\n" + t("lessons.quiz.not_all", lang, count=s.total - s.answered)
        self.score_html.value = message_html(text, "success" if s.correct == s.total else "info")

    def relabel(self) -> None:
        lang = self.lang
        intro = f"<p>{escape(pick(self.quiz.intro, lang))}</p>" if self.quiz.intro else ""
        self.title.value = f"<h3>{escape(pick(self.quiz.title, lang))}</h3>{intro}"
        for view in self.questions:
            view.relabel()
        submit = "lessons.quiz.submit" if self.mode == "test" else "lessons.quiz.score_button"
        self.score_button.description = t(submit, lang)
        self.reset_button.description = t("lessons.quiz.reset", lang)
        self._render_score()

    def plain(self) -> str:
        return t("lessons.quiz.plain", self.lang,
                 title=pick(self.quiz.title, self.lang), count=len(self.quiz.questions))


# --- lesson page ----------------------------------------------------------------------------

class LessonPage:
    def __init__(self, number: int, lang: str | None = None, store=None):
        self.number = number
        self.info = content.lesson(number)
        self.shell = AppShell(APP_ID, f"lessons.title.{number}", lang or current_lang(), store=store)
        self.shell.hide_sign_in()  # a lesson needs no trainee code
        self.nav = w.HTML()
        self.shell.set_body(self.nav)
        self._sections: list[tuple[w.HTML, Section]] = []
        self._tools: list[LessonTool] = []
        self.quiz_view: QuizView | None = None
        self.shell.on_lang_change(lambda _lang: self.relabel())
        self.header = Block(self.shell.root, lambda: t(f"lessons.title.{number}", self.lang))
        self._render_nav()

    @property
    def lang(self) -> str:
        return self.shell.lang

    def _render_nav(self) -> None:
        lang = self.lang
        query = "?lang=en" if lang == "en" else ""
        links = [f"<a href='.{query}' target='_top'>{escape(t('lessons.nav.home', lang))}</a>"]
        for item in content.lessons():
            label = t("lessons.nav.lesson", lang, number=item["number"])
            if item["number"] == self.number:
                links.append(f"<b>{escape(label)}</b>")
            else:
                links.append(f"<a href='{escape(item['notebook'])}{query}'>{escape(label)}</a>")
        links.append(f"<a href='{escape(content.notebook('test'))}{query}'>{escape(t('lessons.nav.test', lang))}</a>")
        self.nav.value = LESSON_CSS + f"<div class='ocop-nav ocop-noprint'>{' '.join(links)}</div>"

    def show(self, name: str) -> Block:
        """A section of this lesson (``lesson_blocks.SECTIONS``)."""
        section = SECTIONS[self.number][name]()
        widget = w.HTML(lesson_html(section.html(self.lang)))
        widget.add_class("ocop-app")
        self._sections.append((widget, section))
        return Block(widget, lambda: section.plain(self.lang))

    def tool(self, name: str) -> Block:
        """An exercise: ``whatif`` (lesson 2), ``story`` (lesson 3), ``checklist`` (lesson 4)."""
        from . import lesson_tools

        view = lesson_tools.TOOLS[name](self)
        self._tools.append(view)
        view.root.add_class("ocop-app")
        return Block(view.root, view.plain)

    def quiz(self) -> Block:
        self.quiz_view = QuizView(load(self.info["quiz"]), self.shell)
        self.quiz_view.root.add_class("ocop-app")
        return Block(self.quiz_view.root, self.quiz_view.plain)

    def relabel(self) -> None:
        self._render_nav()
        for widget, section in self._sections:
            widget.value = lesson_html(section.html(self.lang))
        for view in self._tools:
            view.relabel()


def lesson(number: int, lang: str | None = None, store=None) -> LessonPage:
    return LessonPage(number, lang=lang, store=store)
