"""The workshop's pre-test and post-test, and the facilitator's before/after view.

Thin view over ``ocop_kit.lessons.workshop``: a trainee signs in with a ``LỚP-SỐ`` code,
takes the test before the course or after it, and the result is stored; the facilitator
types the class code and sees, per question, the share of right answers before and after
(only from ``min_group_size`` trainees on, a setting, like the class dashboard).
"""
from __future__ import annotations

import ipywidgets as w

from .. import config
from ..i18n import pick, t
from ..lessons import workshop
from ..lessons.charts import pre_post
from ..lessons.content import data
from ..lessons.quiz import load
from ..money import format_number, format_percent
from ..services import latest_test
from ..storage import StorageError
from ..text import escape
from .common import AppShell, current_lang, format_when, message_html
from .lesson_blocks import figure_html
from .lessons import LESSON_CSS, QuizView


def _percent(share: float | None, lang: str) -> str:
    return "—" if share is None else format_percent(100 * share, 0, lang)


def _change(change: float | None, lang: str) -> str:
    return "—" if change is None else ("+" if change > 0 else "") + format_number(100 * change, 0, lang)


class WorkshopApp:
    def __init__(self, lang: str | None = None, store=None):
        self.shell = AppShell(workshop.APP_ID, "lessons.title.test", lang or current_lang(), store=store)
        self.quiz = load(data("lessons")["workshop_quiz"])
        self.comparison: workshop.Comparison | None = None

        self.intro = w.HTML()
        self.which = w.ToggleButtons(options=[], style={"button_width": "auto"})
        self.which.observe(lambda _c: self.shell._safe(self._on_which), names="value")
        self.previous = w.HTML()
        self.quiz_view = QuizView(self.quiz, self.shell, mode="test", on_submit=self.submit)

        self.class_intro = w.HTML()
        self.group_input = w.Text(layout=w.Layout(width="12em"))
        self.group_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.group_button.on_click(lambda _b: self.shell._safe(self.show_class, self.group_input.value))
        self.show_codes = w.Checkbox(value=False, indent=False)
        self.show_codes.observe(lambda _c: self.shell._safe(self._render_class), names="value")
        self.class_html = w.HTML()

        self.tabs = w.Tab(children=[
            w.VBox([self.intro, self.which, self.previous, self.quiz_view.root]),
            w.VBox([self.class_intro, w.HBox([self.group_input, self.group_button]), self.show_codes,
                    self.class_html]),
        ])
        self.shell.set_body(w.VBox([w.HTML(LESSON_CSS), self.tabs]))
        self.shell.on_lang_change(lambda _lang: self.relabel())
        self.shell.on_login(lambda _code, _name: self._show_previous())
        self.root = self.shell.root
        self.relabel()

    @property
    def lang(self) -> str:
        return self.shell.lang

    # --- trainee ---------------------------------------------------------------------------

    def _on_which(self) -> None:
        self.quiz_view.reset()
        self._show_previous()

    def submit(self, answers: dict):
        """Called by the quiz's Submit button: store the test, or say why not."""
        lang = self.lang
        if not self.shell.user_code:
            self.shell.notify(t("lessons.workshop.login_first", lang), "error")
            return None
        try:
            result = workshop.submit(self.shell.store, self.shell.user_code, self.which.value, self.quiz, answers)
        except StorageError as exc:
            self.shell.notify(exc.message(lang), "error")
            return None
        self.shell.notify(t("lessons.workshop.saved", lang, test=t(f"lessons.workshop.{self.which.value}", lang),
                            code=self.shell.user_code, correct=result.correct, total=result.total), "success")
        self._show_previous()
        return result

    def _show_previous(self) -> None:
        lang, code = self.lang, self.shell.user_code
        if not code:
            self.previous.value = ""
            return
        try:
            last = latest_test(self.shell.store, code, self.which.value)
        except StorageError as exc:
            self.previous.value = message_html(exc.message(lang), "warning")
            return
        if last is None:
            self.previous.value = ""
            return
        self.previous.value = message_html(t(
            "lessons.workshop.previous", lang, when=format_when(last.when, lang),
            correct=last.correct, total=last.total), "info")

    # --- facilitator -----------------------------------------------------------------------

    def show_class(self, group: str) -> None:
        try:
            self.comparison = workshop.compare(self.shell.store, group, self.quiz)
            self.shell.clear_notice()
        except StorageError as exc:
            self.comparison = None
            self.shell.notify(exc.message(self.lang), "error")
        self._render_class()

    def _render_class(self) -> None:
        c, lang = self.comparison, self.lang
        if c is None:
            self.class_html.value = ""
            return
        size = t("lessons.workshop.class_size", lang, group=c.group, pre=c.pre_n, post=c.post_n)
        parts = [message_html(size, "info")]
        if not (c.pre_shown and c.post_shown):
            parts.append(message_html(t("lessons.workshop.too_small", lang, min=c.min_group), "warning"))
        if c.shown:
            means = []
            if c.pre_mean is not None:
                means.append(t("lessons.workshop.mean", lang, test=t("lessons.workshop.pre", lang),
                               mean=format_number(c.pre_mean, 1, lang), total=len(c.quiz.questions)))
            if c.post_mean is not None:
                means.append(t("lessons.workshop.mean", lang, test=t("lessons.workshop.post", lang),
                               mean=format_number(c.post_mean, 1, lang), total=len(c.quiz.questions)))
            parts.append("<p>" + escape(" · ".join(means)) + "</p>")
            rows = "".join(
                f"<tr><td>{i}</td><td>{escape(pick(c.quiz.question(r.question).prompt, lang))}</td>"
                f"<td style='text-align:right'>{_percent(r.pre, lang)}</td>"
                f"<td style='text-align:right'>{_percent(r.post, lang)}</td>"
                f"<td style='text-align:right'>{_change(r.change, lang)}</td></tr>"
                for i, r in enumerate(c.questions, 1))
            head = "".join(f"<th>{escape(t(k, lang))}</th>" for k in (
                "lessons.workshop.col_number", "lessons.workshop.col_question", "lessons.workshop.pre",
                "lessons.workshop.post", "lessons.workshop.col_change"))
            parts.append(figure_html(pre_post(c, lang), t("lessons.workshop.chart_alt", lang)))
            parts.append(f"<div class='ocop-lesson'><table class='ocop-table'><tr>{head}</tr>{rows}</table></div>")
        if self.show_codes.value and c.trainees:
            rows = "".join(f"<tr><td>{escape(code)}</td><td>{'—' if pre is None else pre}</td>"
                           f"<td>{'—' if post is None else post}</td></tr>" for code, pre, post in c.trainees)
            head = "".join(f"<th>{escape(t(k, lang))}</th>" for k in (
                "lessons.workshop.col_code", "lessons.workshop.pre", "lessons.workshop.post"))
            parts.append(f"<div class='ocop-lesson'><table class='ocop-table'><tr>{head}</tr>{rows}</table></div>")
        self.class_html.value = "".join(parts)

    # --- labels ----------------------------------------------------------------------------

    def relabel(self) -> None:
        lang = self.lang
        self.tabs.set_title(0, t("lessons.workshop.tab_trainee", lang))
        self.tabs.set_title(1, t("lessons.workshop.tab_facilitator", lang))
        self.intro.value = (f"<div class='ocop-lesson'><p>{escape(t('lessons.workshop.intro', lang))}</p>"
                            "<p class='ocop-help'>"
                            + escape(t("lessons.workshop.privacy", lang, min=config.current().min_group_size))
                            + "</p></div>")
        value = self.which.value or workshop.PRE
        self.which.options = [(t(f"lessons.workshop.{k}", lang), k) for k in (workshop.PRE, workshop.POST)]
        self.which.value = value
        class_intro = t("lessons.workshop.class_intro", lang, min=config.current().min_group_size)
        self.class_intro.value = f"<p>{escape(class_intro)}</p>"
        self.group_input.placeholder = t("facilitator.group_placeholder", lang)
        self.group_button.description = t("facilitator.show_class", lang)
        self.show_codes.description = t("lessons.workshop.show_codes", lang)
        self._show_previous()
        self._render_class()


def build_app(lang: str | None = None, store=None) -> WorkshopApp:
    return WorkshopApp(lang=lang, store=store)
