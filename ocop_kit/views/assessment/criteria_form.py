"""The full form: gate questions, then every criterion of the set in parts A, B, C.

A part's controls are built when its section first opens (the page stays light); an answer
goes to the model (``Assessment.set_answer``), which the app scores and autosaves.
"""
from __future__ import annotations

import ipywidgets as w

from ...apps.assessment import EVIDENCE_MAX
from ...i18n import pick, t, tn
from ...scoring import COUNTED, format_points
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

NOT_ANSWERED = -1


def close_tree(widget) -> None:
    """Close a widget and its children so that their comms are freed in the kernel."""
    for child in getattr(widget, "children", ()) or ():
        close_tree(child)
    widget.close()


class CriterionControl:
    """One criterion: level texts as choices, note and rules in plain words, evidence asked, own note."""

    def __init__(self, app, code: str):
        self._app = app
        self.code = code
        self.criterion = app.model.criterion(code)
        self.header = w.HTML()
        self.info = w.HTML()
        self.choice = w.RadioButtons(layout=w.Layout(width="100%"))
        self.evidence_asked = w.HTML()
        self.note = w.Textarea(value=app.model.evidence.get(code, ""), rows=2, layout=w.Layout(width="100%"))
        self.status = w.HTML()
        self.widget = w.VBox([self.header, self.info, self.choice, self.status, self.evidence_asked, self.note])
        self.widget.add_class("ocop-criterion")
        self._status_key = None
        self.relabel(app.lang)
        self.choice.observe(self._on_choice, names="value")
        self.note.observe(self._on_note, names="value")

    def relabel(self, lang: str) -> None:
        c, app = self.criterion, self._app
        self.header.value = criterion_heading(c, lang)
        self.info.value = criterion_info(app.model, c, lang)
        self.evidence_asked.value = evidence_asked(c, lang)
        self.note.placeholder = t("assessment.evidence_placeholder", lang)
        with app.syncing():
            self.choice.options = [(t("assessment.not_answered", lang), NOT_ANSWERED)] + [
                (level_label(c, lv, lang), i) for i, lv in enumerate(c.levels)]
            self.sync_from_model()
        self._status_key = None
        self.refresh(app.model.result())

    def sync_from_model(self) -> None:
        model = self._app.model
        index = model.level_index(self.code)
        with self._app.syncing():
            self.choice.value = NOT_ANSWERED if index is None else index
            note = model.evidence.get(self.code, "")
            if self.note.value != note:
                self.note.value = note

    def refresh(self, result) -> None:
        row = result.row(self.code)
        if row.status == self._status_key:
            return
        self._status_key = row.status
        lang = self._app.lang
        if row.status == COUNTED:
            self.status.value = ""
        elif row.status == "unanswered":
            self.status.value = f"<span class='ocop-help'>{escape(t('assessment.status_unanswered', lang))}</span>"
        else:
            self.status.value = message_html(t(f"assessment.status_{row.status}", lang), "warning")

    def _on_choice(self, change) -> None:
        if self._app.is_syncing:
            return
        index = change["new"]
        if index is None or index == NOT_ANSWERED:
            self._app.model.set_answer(self.code, None)
        else:
            level = self.criterion.levels[index]
            self._app.model.set_answer(self.code, level.points, level.case)

    def _on_note(self, change) -> None:
        app = self._app
        if app.is_syncing:
            return
        if app.model.set_evidence(self.code, change["new"]):
            with app.syncing():
                self.note.value = app.model.evidence.get(self.code, "")
            app.shell.notify(t("views.text_cut", app.lang, limit=EVIDENCE_MAX), "warning")


class CriteriaForm:
    """A form panel (see ``AssessmentApp``): ``install(model)``, ``refresh(result)``,
    ``relabel(lang)``, ``widget`` and ``label_key`` (its name in the form switch)."""

    label_key = "steps.mode_form"  # "Cả bảng", beside "Từng bước" (views/assessment/steps.py)

    def __init__(self, app):
        self._app = app
        self.controls: dict[str, CriterionControl] = {}
        self.facts_checks: dict[str, w.ToggleButtons] = {}
        self._facts_labels: dict[str, w.HTML] = {}
        self._facts_title = w.HTML()
        self._facts_box = w.VBox()
        self.parts = w.Accordion()
        self.parts.observe(self._on_part_open, names="selected_index")
        self._part_codes: list[str] = []
        self._part_boxes: dict[str, w.VBox] = {}
        self._headings: dict[str, list[tuple[w.HTML, str]]] = {}  # part → (heading, first code)
        self.widget = w.VBox([self._facts_box, self.parts])

    def install(self, model) -> None:
        """The controls of ``model``'s set (parts built lazily); None empties the form."""
        for control in self.controls.values():
            close_tree(control.widget)
        self.controls, self._headings = {}, {}
        self._part_codes = [p for p in model.version.parts if model.cset.in_part(p)] if model else []
        self._part_boxes = {p: w.VBox() for p in self._part_codes}
        # Yes / no / not sure: an unanswered gate is assumed held (as the data says) and the
        # summary says so; a checkbox could not show "not answered yet".
        self.facts_checks, self._facts_labels = {}, {}
        for fact_id in (model.relevant_facts() if model else []):
            toggle = w.ToggleButtons(options=fact_options(self._app.lang), value=fact_answer(model.facts.get(fact_id)),
                                     style={"button_width": "auto"})
            toggle.observe(lambda ch, f=fact_id: self._on_fact(f, ch["new"]), names="value")
            self.facts_checks[fact_id] = toggle
            self._facts_labels[fact_id] = w.HTML()
        self._facts_box.children = (self._facts_title, *(
            child for f in self.facts_checks for child in (self._facts_labels[f], self.facts_checks[f])))
        with self._app.syncing():
            self.parts.children = tuple(self._part_boxes[p] for p in self._part_codes)
            self.parts.selected_index = None
        if model is None:
            self._facts_title.value = ""
        else:
            self.parts.selected_index = 0  # builds part A

    def build_part(self, part: str) -> None:
        """Build the controls of one part (done when its section opens)."""
        if part in self._headings:
            return
        self._headings[part] = []
        children, section = [], None
        for criterion in self._app.model.cset.in_part(part):
            # a one-criterion section (part C) needs no heading repeating its name
            if criterion.section != section and criterion.section != criterion.name:
                heading = w.HTML()
                self._headings[part].append((heading, criterion.code))
                children.append(heading)
            section = criterion.section
            control = CriterionControl(self._app, criterion.code)
            self.controls[criterion.code] = control
            children.append(control.widget)
        self._part_boxes[part].children = tuple(children)
        self._relabel_sections(part)

    def control(self, code: str) -> CriterionControl:
        """The control of one criterion, building its part if needed."""
        if code not in self.controls:
            self.build_part(self._app.model.criterion(code).part)
        return self.controls[code]

    def refresh(self, result) -> None:
        for control in self.controls.values():
            control.refresh(result)

    def relabel(self, lang: str) -> None:
        model = self._app.model
        if model is None:
            return

        def title(p):
            points = model.cset.part_sum(p)
            most = tn("assessment.max_points", points, lang, points=format_points(points, lang))
            return f"{p}. {pick(model.version.parts[p].name, lang)} ({most})"

        self.parts.titles = tuple(title(p) for p in self._part_codes)
        self._facts_title.value = (f"<h4>{escape(t('assessment.facts_title', lang))}</h4>"
                                   f"<div class='ocop-help'>{escape(t('assessment.facts_help', lang))}</div>"
                                   ) if self.facts_checks else ""
        for fact_id, toggle in self.facts_checks.items():
            self._facts_labels[fact_id].value = f"<b>{escape(pick(model.version.facts[fact_id].question, lang))}</b>"
            with self._app.syncing():
                value = toggle.value
                toggle.options = fact_options(self._app.lang)
                toggle.value = value
        for part in self._headings:
            self._relabel_sections(part)
        for control in self.controls.values():
            control.relabel(lang)

    def _relabel_sections(self, part: str) -> None:
        by_code = self._app.model.cset.by_code()
        for heading, code in self._headings[part]:
            heading.value = f"<h4>{escape(by_code[code].section_label(self._app.lang))}</h4>"

    def _on_fact(self, fact_id: str, answer: str) -> None:
        if not self._app.is_syncing:
            self._app.model.set_fact(fact_id, FACT_ANSWERS[answer])

    def _on_part_open(self, change) -> None:
        index = change["new"]
        if index is None or self._app.model is None or index >= len(self._part_codes):
            return
        self.build_part(self._part_codes[index])
