"""Step-by-step mode of the self-assessment: one criterion per screen, its levels as cards.

Driven by an ``Assessment`` and two callbacks that report a choice (``on_answer(code,
level_index)``) and a yes/no answer (``on_fact(fact_id, value)``): the app routes them
through the same path as the whole form (autosave, score, rules), and this panel redraws
from the model when it hears the change. Which screens exist, what is left and the
progress numbers come from ``ocop_kit.apps.assessment_steps``.

A card is a whole-width ``Button`` (one tap target, reachable with Tab and Enter) whose
text wraps; the chosen one says so in words ("✓ Đã chọn") and in colour.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import ipywidgets as w

from ...apps import assessment_steps as steps
from ...apps.assessment import EVIDENCE_MAX, Assessment
from ...i18n import pick, t, tn
from ...scoring import COUNTED, UNANSWERED, format_points
from ...text import escape
from ..common import message_html
from .texts import (
    FACT_ANSWERS,
    criterion_heading,
    criterion_info,
    evidence_asked,
    fact_answer,
    fact_options,
    level_label,
)

NO_JUMP = ""

CSS = """<style>
.ocop-steps .ocop-card { width: 100%; min-height: 44px; height: auto !important; margin: 4px 0;
  padding: 10px 12px; white-space: normal; text-align: left; line-height: 1.35;
  border: 2px solid #c9d3dd; border-radius: 8px; background: #fff; color: #1b1b1b; }
.ocop-steps .ocop-card:hover { border-color: #3b7dbf; }
.ocop-steps .ocop-card.ocop-card-selected { border-color: #1d5c96; background: #e6f0fa; font-weight: 600;
  box-shadow: inset 6px 0 0 #1d5c96; }
.ocop-steps .ocop-card:focus-visible { outline: 3px solid #d08a00; outline-offset: 2px; }
.ocop-steps .ocop-steps-nav { display: flex; flex-wrap: nowrap; gap: 8px; margin-top: 8px; }
.ocop-steps .ocop-steps-nav .widget-button { flex: 1 1 0; min-height: 44px; width: auto; }
.ocop-app .ocop-steps { scroll-margin-top: 80px; }  /* below the sticky status bar */
.ocop-steps .widget-html, .ocop-steps .widget-html-content { height: auto; line-height: 1.45; }
.ocop-steps .ocop-step-head { color: #444; font-size: 90%; }
.ocop-steps .ocop-step-title { font-size: 115%; margin: 2px 0 4px; }
.ocop-steps .widget-dropdown { width: 100%; height: auto; flex-wrap: wrap; }  /* label above the list on a phone */
.ocop-steps .widget-dropdown select { min-height: 44px; }
.ocop-steps .widget-toggle-buttons .widget-toggle-button { min-height: 44px; }
</style>"""

AnswerCallback = Callable[[str, int], object]
FactCallback = Callable[[str, "bool | None"], object]


class StepByStep:
    """One criterion at a time. ``widget`` is the panel; ``refresh(result)`` and
    ``relabel(lang)`` follow the app's panels; ``summary_markup()`` is the progress line
    for the app's sticky status bar (``show_summary`` receives it while ``active``)."""

    def __init__(self, model: Assessment | None, lang: str, *,
                 on_answer: AnswerCallback | None = None, on_fact: FactCallback | None = None,
                 show_summary: Callable[[str], object] | None = None, listen: bool = True):
        self.lang = lang
        self._listen = listen  # redraw on the model's changes (else the owner calls refresh)
        self.model: Assessment | None = None
        self.code: str | None = None
        self.active = True
        self._on_answer = on_answer
        self._on_fact = on_fact
        self._show_summary = show_summary
        self._syncing = False
        self.head_html = w.HTML()
        self.head_html.add_class("ocop-step-head")
        self.title_html = w.HTML()
        self.info_html = w.HTML()
        self.questions_box = w.VBox()
        self._questions: dict[str, tuple[w.HTML, w.ToggleButtons]] = {}
        self.cards_box = w.VBox(layout=w.Layout(width="100%"))
        self.cards_box.add_class("ocop-cards")
        self._cards: list[w.Button] = []
        self.status_html = w.HTML()
        self.evidence_html = w.HTML()
        # the user's own note on the evidence, as under each criterion of the whole form
        self.note = w.Textarea(rows=3, layout=w.Layout(width="100%"))
        self.note.observe(self._on_note, names="value")
        self.note_status = w.HTML()
        self.back_button = w.Button(layout=w.Layout(width="auto"))
        self.next_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.back_button.on_click(lambda _b: self.go_back())
        self.next_button.on_click(lambda _b: self.go_next())
        self.nav = w.HBox([self.back_button, self.next_button])
        self.nav.add_class("ocop-steps-nav")
        self.jump = w.Dropdown(options=[("", NO_JUMP)], value=NO_JUMP,
                               style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.jump.add_class("ocop-steps-jump")
        self.jump.observe(self._on_jump, names="value")
        self.left_html = w.HTML()
        self.skipped_html = w.HTML()
        # the set's own yes/no questions (no criterion's screen asks them), folded away
        self.general_button = w.Button(layout=w.Layout(width="100%"))
        self.general_button.add_class("ocop-steps-conditions")
        self.general_open = False
        self.general_button.on_click(lambda _b: self.fold_general(not self.general_open))
        self.general_help = w.HTML()
        self.general_box = w.VBox(layout=w.Layout(display="none"))
        self.widget = w.VBox([w.HTML(CSS), self.head_html, self.title_html, self.info_html,
                              self.questions_box, self.cards_box, self.status_html, self.evidence_html,
                              self.note, self.note_status, self.nav, self.left_html, self.jump, self.skipped_html,
                              self.general_button, self.general_box],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("ocop-steps")
        self._label_buttons()
        if model is not None:
            self.install(model)

    # --- what the app calls ---------------------------------------------------------

    def install(self, model: Assessment | None) -> None:
        """Show ``model`` from its first screen (None empties the panel)."""
        self.model = model
        self.code = None
        if model is None:
            self.questions_box.children = ()
            self.general_box.children = ()
            self.general_button.layout.display = "none"
            self.cards_box.children = ()
            for html in (self.head_html, self.title_html, self.info_html, self.status_html,
                         self.evidence_html, self.left_html, self.skipped_html):
                html.value = ""
            return
        if self._listen:
            model.on_change(partial(self._model_changed, model))
        self.go(steps.resolve(model, None))

    def set_active(self, active: bool) -> None:
        """Shown or not; while shown, the progress line is the status bar's summary."""
        self.active = active
        if active and self.model is not None:
            self.refresh()

    def relabel(self, lang: str) -> None:
        self.lang = lang
        self._label_buttons()
        if self.model is not None and self.code is not None:
            self._show_criterion(self.model, self.code)
            self.refresh()

    def refresh(self, result=None) -> None:
        """Redraw what an answer changes: screen list, chosen card, status, progress, jump list."""
        model = self.model
        if model is None:
            return
        result = result or model.result()
        code = steps.resolve(model, self.code)
        if code is None:
            return
        if code != self.code:
            self.code = code
            self._show_criterion(model, code)
        lang = self.lang
        index, count = steps.position(model, code)
        criterion = model.criterion(code)
        part = pick(model.version.parts[criterion.part].name, lang) if criterion.part in model.version.parts else ""
        section = criterion.section_label(lang)
        where = " › ".join(escape(x) for x in (f"{criterion.part}. {part}" if part else criterion.part, section) if x)
        position = escape(t("steps.position", lang, index=index, count=count))
        self.head_html.value = f"<div><b>{position}</b> · {where}</div>"
        self._mark_chosen(model, code)
        row = result.row(code)
        if row.status in (COUNTED, UNANSWERED):
            self.status_html.value = ""
        else:
            self.status_html.value = message_html(t(f"assessment.status_{row.status}", lang), "warning")
        self.back_button.disabled = steps.neighbour(model, code, -1) is None
        self.next_button.disabled = steps.neighbour(model, code, 1) is None
        self._fill_jump(model)
        self._show_general(model)
        skipped = steps.skipped_codes(model)
        self.skipped_html.value = (
            "<div class='ocop-help'>"
            + escape(tn("steps.skipped", len(skipped), lang, count=len(skipped), codes=", ".join(skipped)))
            + "</div>"
            if skipped else "")
        if self.active and self._show_summary is not None:
            self._show_summary(self.summary_markup())

    def summary_markup(self) -> str:
        """ "Đã chấm 12/31 · 46 điểm ★★" as escaped HTML ("" without an assessment)."""
        if self.model is None:
            return ""
        p = steps.progress(self.model)
        lang = self.lang
        points = format_points(p.points, lang)
        text = f"{escape(t('steps.progress', lang, answered=p.answered, total=p.total))} · " \
               f"<b>{escape(tn('steps.points', p.points, lang, points=points))}</b>"
        if p.excluded:
            text += f" · {escape(t('steps.not_rated', lang))}"
        elif p.stars:
            label = escape(tn("assessment.stars", p.stars, lang, stars=p.stars))
            text += (f" <span class='ocop-steps-stars' style='color:#8a5a00' title='{label}' aria-label='{label}'>"
                     f"{'★' * p.stars}</span>")
        return f"<span class='ocop-steps-progress'>{text}</span>"

    def _label_buttons(self) -> None:
        self.back_button.description = t("steps.back", self.lang)
        self.next_button.description = t("steps.next", self.lang)
        self.jump.description = t("steps.jump", self.lang)

    # --- moving ---------------------------------------------------------------------

    def go(self, code: str | None) -> None:
        """Show the screen of ``code`` (or the one the rules leave in its place)."""
        if self.model is None:
            return
        self.code = steps.resolve(self.model, code)
        if self.code is None:
            return
        self._show_criterion(self.model, self.code)
        self.refresh()

    def go_next(self) -> None:
        self._step(1)

    def go_back(self) -> None:
        self._step(-1)

    def _step(self, offset: int) -> None:
        if self.model is None or self.code is None:
            return
        target = steps.neighbour(self.model, self.code, offset)
        if target is not None:
            self.go(target)

    def choose(self, index: int) -> None:
        """Tap on the card of level ``index`` of the criterion on screen."""
        if self.model is None or self.code is None:
            return
        if self._on_answer is not None:
            self._on_answer(self.code, index)
        else:
            level = self.model.criterion(self.code).levels[index]
            self.model.set_answer(self.code, level.points, level.case)

    def _on_note(self, change) -> None:
        if self._syncing or self.model is None or self.code is None:
            return
        if self.model.set_evidence(self.code, change["new"]):  # too long: cut, and said so
            self._syncing = True
            try:
                self.note.value = self.model.evidence.get(self.code, "")
            finally:
                self._syncing = False
            self.note_status.value = message_html(t("views.text_cut", self.lang, limit=EVIDENCE_MAX), "warning")
        else:
            self.note_status.value = ""

    def answer_fact(self, fact_id: str, value: bool | None) -> None:
        if self.model is None:
            return
        if self._on_fact is not None:
            self._on_fact(fact_id, value)
        else:
            self.model.set_fact(fact_id, value)

    # --- drawing --------------------------------------------------------------------

    def _model_changed(self, model: Assessment, kind: str, _key: str = "") -> None:
        if model is self.model and kind in ("answer", "fact", "login"):
            self.refresh()

    def _show_criterion(self, model: Assessment, code: str) -> None:
        """Texts of the criterion on screen: title, rules, questions, cards, evidence asked."""
        lang = self.lang
        c = model.criterion(code)
        self.title_html.value = f"<div class='ocop-step-title'>{criterion_heading(c, lang)}</div>"
        self.info_html.value = criterion_info(model, c, lang)  # "Unofficial translation" and the official wording
        self.questions_box.children = tuple(self._question_rows(model, steps.questions_of(c), own=True))
        while len(self._cards) < len(c.levels):
            card = w.Button(layout=w.Layout(width="100%", height="auto"))
            card.add_class("ocop-card")
            index = len(self._cards)
            card.on_click(lambda _b, i=index: self.choose(i))
            self._cards.append(card)
        self.cards_box.children = tuple(self._cards[:len(c.levels)])
        for card, level in zip(self._cards, c.levels, strict=False):
            card.level_text = level_label(c, level, lang)
        self._mark_chosen(model, code)
        self.note.placeholder = t("assessment.evidence_placeholder", lang)
        self._syncing = True
        try:
            self.note.value = model.evidence.get(code, "")
        finally:
            self._syncing = False
        self.note_status.value = ""
        self.evidence_html.value = evidence_asked(c, lang, css="ocop-help ocop-step-evidence")

    def _mark_chosen(self, model: Assessment, code: str) -> None:
        chosen = model.level_index(code)
        label = t("steps.selected", self.lang)
        count = len(model.criterion(code).levels)
        for i, card in enumerate(self._cards[:count]):
            selected = i == chosen
            text = getattr(card, "level_text", "")
            card.description = f"✓ {label}: {text}" if selected else text
            if selected:
                card.add_class("ocop-card-selected")
            else:
                card.remove_class("ocop-card-selected")

    def fold_general(self, open_: bool) -> None:
        self.general_open = open_
        self.general_box.layout.display = "" if open_ else "none"
        if self.model is not None:
            self._show_general(self.model)

    def _show_general(self, model: Assessment) -> None:
        lang = self.lang
        general = steps.general_questions(model)
        self.general_button.layout.display = "" if general else "none"
        if not general:
            self.general_box.children = ()
            return
        answered = sum(1 for f in general if f in model.facts)
        mark = "▾" if self.general_open else "▸"
        self.general_button.description = t("steps.conditions", lang, title=t("assessment.facts_title", lang),
                                            answered=answered, total=len(general), mark=mark)
        if self.general_open:
            self.general_help.value = f"<div class='ocop-help'>{escape(t('assessment.facts_help', lang))}</div>"
            rows = [self.general_help, *self._question_rows(model, general, own=False)]
            if list(self.general_box.children) != rows:
                self.general_box.children = tuple(rows)

    def _question_rows(self, model: Assessment, fact_ids: list[str], own: bool) -> list:
        lang = self.lang
        children = []
        for fact_id in fact_ids:
            if fact_id not in self._questions:
                toggle = w.ToggleButtons(style={"button_width": "auto"})
                toggle.observe(lambda ch, f=fact_id: None if self._syncing else
                               self.answer_fact(f, FACT_ANSWERS[ch["new"]]), names="value")
                self._questions[fact_id] = (w.HTML(), toggle)
            label, toggle = self._questions[fact_id]
            question = escape(pick(model.version.facts[fact_id].question, lang))
            label.value = (f"<div><b>{escape(t('steps.questions', lang))}:</b> {question}</div>" if own
                           else f"<div><b>{question}</b></div>")
            answer = fact_answer(model.facts.get(fact_id))
            options = fact_options(lang)
            self._syncing = True
            try:
                if tuple(toggle.options) != options:
                    toggle.options = options
                toggle.value = answer
            finally:
                self._syncing = False
            children += [label, toggle]
        return children

    def _fill_jump(self, model: Assessment) -> None:
        lang = self.lang
        left = steps.unanswered_codes(model)
        p = steps.progress(model)
        options = [(t("steps.jump_pick", lang), NO_JUMP)] + [
            (f"{code} {model.criterion(code).label(lang)}", code) for code in left]
        self._syncing = True
        try:
            if list(self.jump.options) != options:
                self.jump.options = options
            self.jump.value = NO_JUMP
        finally:
            self._syncing = False
        self.jump.layout.display = "" if left else "none"
        if not left and p.total:
            self.left_html.value = message_html(tn("steps.all_answered", p.total, lang, total=p.total), "success")
        elif self.next_button.disabled:
            self.left_html.value = f"<div class='ocop-help'>{escape(t('steps.last', lang))}</div>"
        else:
            self.left_html.value = ""

    def _on_jump(self, change) -> None:
        if self._syncing or not change["new"]:
            return
        self.go(change["new"])

    @property
    def unanswered_in_jump(self) -> list[str]:
        """The codes the jump list offers (tests and the page read it)."""
        return [value for _, value in self.jump.options if value != NO_JUMP]


NARROW_MAX = 600  # px: the width up to which the phone rules of templates/ocop/phone.html apply


class ScreenWidth:
    """The width of the page's window, told by the page (templates/ocop/screen-width.html
    types it into this hidden field once the widget appears): the kernel cannot see the
    screen, and the address (``?lang=``) is the same on a phone and a laptop.

    ``on_first(callback)`` runs once, with True on a narrow screen, when the first width
    arrives; later widths (a phone turned sideways) change nothing on screen.
    """

    def __init__(self):
        self.width: int | None = None
        self.widget = w.Text(layout=w.Layout(display="none"))
        self.widget.add_class("ocop-screen-width")
        self._callbacks: list[Callable[[bool], object]] = []
        self.widget.observe(self._on_value, names="value")

    @property
    def narrow(self) -> bool | None:
        return None if self.width is None else self.width <= NARROW_MAX

    def on_first(self, callback: Callable[[bool], object]) -> None:
        self._callbacks.append(callback)

    def _on_value(self, change) -> None:
        try:
            width = int(float(change["new"]))
        except (TypeError, ValueError):
            return
        if width <= 0:
            return
        first = self.width is None
        self.width = width
        if first:
            for callback in list(self._callbacks):
                callback(width <= NARROW_MAX)


class StepsPanel:
    """Step-by-step mode as a form panel of the self-assessment app (``FORM_PANELS`` in
    ``ocop_kit.views.assessment.app``): answers and questions go to ``app.model`` as the
    whole form's do (score, rules, autosave follow); while shown, its progress line is the
    status bar's summary. It is the default while the page says its screen is narrow and
    the user has not picked a view."""

    label_key = "steps.mode_steps"

    def __init__(self, app):
        self._app = app
        self.steps = StepByStep(None, app.lang, on_answer=self._answer, on_fact=self._fact,
                                show_summary=app.shell.set_summary, listen=False)
        self.steps.active = False
        self.widget = self.steps.widget
        self.screen = ScreenWidth()
        self.screen.on_first(lambda _narrow: self._apply_default())
        # shown from the first moment (the page tells the width before a set is chosen)
        app.shell.root.children = (*app.shell.root.children, self.screen.widget)
        self.user_chose = False
        self._switch = None

    @property
    def index(self) -> int:
        return self._app.form_panels.index(self)

    @property
    def active(self) -> bool:
        return self.steps.active

    def install(self, model) -> None:
        self._hook()
        self.steps.install(model)
        if model is not None:
            self._apply_default()

    def refresh(self, result) -> None:
        if self.steps.active:
            self.steps.refresh(result)

    def relabel(self, lang: str) -> None:
        self.steps.relabel(lang)
        self._apply_default()  # the switch gets its options when the app relabels its work area

    # --- the switch -----------------------------------------------------------------

    def _hook(self) -> None:
        """Follow the app's form switch (built after the panels)."""
        switch = getattr(self._app, "form_switch", None)
        if switch is None or switch is self._switch:
            return
        self._switch = switch
        switch.add_class("ocop-form-switch")
        switch.observe(self._on_switch, names="value")
        self._set_active(switch.value == self.index)

    def _on_switch(self, change) -> None:
        if not self._app.is_syncing and change["new"] is not None:
            self.user_chose = True
        self._set_active(change["new"] == self.index)

    def _apply_default(self) -> None:
        self._hook()
        if (self._switch is None or self.user_chose or not self.screen.narrow or self._app.model is None
                or self.index not in [value for _, value in self._switch.options]):
            return
        if self._switch.value != self.index:
            with self._app.syncing():
                self._switch.value = self.index

    def _set_active(self, active: bool) -> None:
        was, self.steps.active = self.steps.active, active
        model = self._app.model
        if active == was or model is None:
            return
        if active:
            self.steps.refresh()
        else:
            # back to the whole form: it shows what was answered here, the score line its own
            for panel in self._app.form_panels:
                if panel is not self:
                    _sync_panel(self._app, panel, model)
            self._app.summary.refresh(model.result())

    # --- answers --------------------------------------------------------------------

    def _answer(self, code: str, index: int) -> None:
        level = self._app.model.criterion(code).levels[index]
        self._app.model.set_answer(code, level.points, level.case)

    def _fact(self, fact_id: str, value) -> None:
        self._app.model.set_fact(fact_id, value)


def _sync_panel(app, panel, model) -> None:
    """Another form panel shows the model's answers again (its own ``sync_from_model`` if it
    has one; the whole form's built controls and yes/no toggles otherwise)."""
    if hasattr(panel, "sync_from_model"):
        panel.sync_from_model()
        return
    for control in getattr(panel, "controls", {}).values():
        control.sync_from_model()
    with app.syncing():
        for fact_id, toggle in getattr(panel, "facts_checks", {}).items():
            answer = fact_answer(model.facts.get(fact_id))
            if answer in [value for _, value in toggle.options]:
                toggle.value = answer
