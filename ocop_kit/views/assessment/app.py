"""The self-assessment app: panels wired to one ``Assessment`` model and one ``DraftSession``.

Every change goes to the model; the model tells the app (``Assessment.on_change``), which
refreshes the panels with the new score and hands the payload to the draft session. No
widget is rebuilt on a change.
"""
from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ... import answers as answers_io
from ...apps.assessment import APP_ID, Assessment
from ...errors import InputError
from ...i18n import t
from ...text import slugify
from ..common import AppShell, current_lang, message_html
from ..dossier_panel import DossierPanel
from .chart_panel import ChartPanel
from .criteria_form import CriteriaForm
from .draft_control import DraftControl
from .export_panel import ExportPanel
from .plan_panel import PlanPanel
from .start import StartPanel
from .steps import StepsPanel
from .summary import SummaryPanel

TAB_FORM, TAB_PLAN, TAB_CHART, TAB_EXPORT, TAB_DOSSIER = range(5)
_WORK_TABS = ("assessment.tab_form", "assessment.tab_plan", "assessment.tab_chart", "assessment.tab_export",
              "dossier.tab.tab")

# The ways to answer the criteria, each a panel class built as ``cls(app)`` with ``widget``,
# ``label_key``, ``install(model)``, ``refresh(result)``, ``relabel(lang)``; it writes answers
# to ``app.model`` (scoring, rules and autosave follow). More than one: a switch above them.
FORM_PANELS: tuple = (CriteriaForm, StepsPanel)


class _Syncing:
    """While the view writes widget values itself, their observers must not write back."""

    def __init__(self, app):
        self.app = app

    def __enter__(self):
        self.app._sync_depth += 1

    def __exit__(self, *exc):
        self.app._sync_depth -= 1


class AssessmentApp:
    """Build with ``AssessmentApp()`` and display ``.root``; tests pass a store and a scheduler."""

    def __init__(self, lang: str | None = None, store=None, *, scheduler=None, debounce_s: float | None = None,
                 form_panels=FORM_PANELS):
        self.shell = AppShell(APP_ID, "assessment.title", lang or current_lang(), store)
        self.model: Assessment | None = None
        self._sync_depth = 0
        self.start = StartPanel(self)
        self.summary = SummaryPanel(self)
        self.form_panels = [cls(self) for cls in form_panels]
        self.form = next((p for p in self.form_panels if isinstance(p, CriteriaForm)), None)
        self.plan, self.chart, self.export = PlanPanel(self), ChartPanel(self), ExportPanel(self)
        self.dossier = DossierPanel(self)  # builds its inputs when its tab first opens
        self.form_switch = w.ToggleButtons(style={"button_width": "auto"},
                                           layout=w.Layout(display="" if len(self.form_panels) > 1 else "none"))
        self.form_switch.observe(lambda ch: self.show_form(ch["new"]), names="value")
        self.form_box = w.VBox([self.form_switch, self.form_panels[0].widget])
        self.work_tabs = w.Tab(children=[self.form_box, self.plan.widget, self.chart.widget, self.export.widget,
                                         self.dossier.root])
        self.work_tabs.observe(self._on_work_tab, names="selected_index")
        self.empty_html = w.HTML()
        self.work_box = w.VBox([self.empty_html])
        self.draft_control = DraftControl(self, scheduler=scheduler, debounce_s=debounce_s)
        self.session, self.drafts = self.draft_control.session, self.draft_control.drafts
        self.conflict = self.draft_control.conflict
        self.start.add(self.drafts.root)
        self.tabs = w.Tab(children=[self.start.widget, self.work_box])
        self.shell.set_body(w.VBox([self.summary.widget, self.tabs]))
        self.shell.on_lang_change(lambda _lang: self.relabel())
        self.shell.on_switch(self._on_switch)
        self.relabel()

    @property
    def root(self) -> w.VBox:
        return self.shell.root

    @property
    def lang(self) -> str:
        return self.shell.lang

    def syncing(self) -> _Syncing:
        return _Syncing(self)

    @property
    def is_syncing(self) -> bool:
        return self._sync_depth > 0

    def _panels(self) -> list:
        return [self.summary, *self.form_panels, self.plan, self.chart, self.export]

    # --- opening an assessment -------------------------------------------------------

    def start_new(self, set_slug: str | None = None, version_id: str | None = None) -> Assessment | None:
        """A fresh assessment of the chosen set; the product details typed so far are kept."""
        slug = set_slug or self.start.set_picker.value
        if not slug:
            self.shell.notify(t("assessment.pick_set", self.lang), "warning")
            return None
        model = Assessment.new(version_id or self.start.version_picker.value, slug,
                               user_code=self.session.user_code or "", user_name=self.shell.user_name)
        for field, widget in self.start.info_inputs.items():
            model.set_info(field, widget.value)
        self._install(model, draft=None)
        return model

    def open_sample(self, path: str | None) -> Assessment | None:
        return self.import_answers(Path(path).read_bytes(), Path(path).name) if path else None

    def import_answers(self, content: bytes | dict, name: str = "") -> Assessment | None:
        """Load an answers file; a misfit is reported (naming the criterion) and nothing changes.

        Uploaded bytes are content, never a path: size, encoding and nesting are checked, and
        a ``"sheet"`` naming a file on the server is refused (``answers.decode``/``parse``).
        """
        try:
            if not isinstance(content, dict):
                content = answers_io.decode(content, name)
            model = Assessment.from_answers_file(content, where=name, user_code=self.session.user_code or "")
        except InputError as exc:
            self.shell.notify(t("assessment.import_failed", self.lang, error=exc.message(self.lang)), "error")
            return None
        if self.shell.user_name and not model.user_name:
            model.user_name = self.shell.user_name
        self._install(model, draft=None)
        self.shell.notify(t("assessment.imported", self.lang, product=model.title()), "success")
        return model

    def open_stored(self, draft) -> Assessment | None:
        try:
            model = Assessment.from_payload(draft.payload, user_code=draft.user_code, draft_id=draft.draft_id)
        except (InputError, KeyError, ValueError, TypeError) as exc:
            message = exc.message(self.lang) if isinstance(exc, InputError) else str(exc)
            self.shell.notify(t("assessment.draft_unreadable", self.lang, error=message), "error")
            return None
        self._install(model, draft=draft)
        return model

    def _install(self, model: Assessment, draft) -> None:
        """Make ``model`` the current assessment: its draft autosaves, every panel shows it."""
        self.session.flush()
        self.model = model
        model.on_change(self._model_changed)
        self.draft_control.attach(model, draft)
        self._show(model)
        self.work_box.children = (self.work_tabs,)
        self.tabs.selected_index = 1
        self._relabel_work()
        self._refresh()

    def _show(self, model: Assessment | None) -> None:
        self.start.install(model)
        for panel in self._panels():
            panel.install(model)
        self.dossier.install(model)

    def clear(self) -> None:
        """Nothing of the assessment on screen (another person, or its draft deleted)."""
        self.model = None
        self._show(None)
        self.work_box.children = (self.empty_html,)
        self.tabs.selected_index = 0

    def _on_switch(self) -> None:
        """Another person takes the device: save, then nothing of this assessment stays on screen."""
        self.draft_control.sign_out()
        self.clear()

    def signed_in(self) -> None:
        """The assessment on screen now belongs to the person who just signed in."""
        self._refresh()
        self.dossier.model_changed("login", "")

    def save_now(self) -> bool:
        """Save the pending edits now; True when nothing is left unsaved."""
        return self.session.flush()

    def show_form(self, index: int) -> None:
        """Answer the criteria in form panel ``index`` (the full form is 0)."""
        self.form_box.children = (self.form_switch, self.form_panels[index].widget)

    # --- reacting to the model --------------------------------------------------------

    def _model_changed(self, kind: str, key: str) -> None:
        if kind in ("answer", "fact"):
            self._refresh()
        elif kind in ("target", "what_if"):
            self.plan.refresh()
        elif kind in ("evidence", "info", "dossier"):
            self.export.refresh()
        self.dossier.model_changed(kind, key)
        self.draft_control.changed(self.model)

    def _refresh(self) -> None:
        if self.model is None:
            return
        result = self.model.result()
        for panel in self._panels():
            panel.refresh(result)

    def _on_work_tab(self, change) -> None:
        self.plan.show(change["new"] == TAB_PLAN)
        self.chart.show(change["new"] == TAB_CHART)
        self.dossier.show(change["new"] == TAB_DOSSIER)

    def control(self, code: str):
        """The full form's control of one criterion (its part is built if needed)."""
        if self.form is None:
            raise LookupError("this app has no whole-form panel")
        return self.form.control(code)

    def answer(self, code: str, points: float, case: int | None = None) -> None:
        """Choose a level through the full form's widget, as a user would."""
        control = self.control(code)
        for i, level in enumerate(control.criterion.levels):
            if level.points == points and (case is None or level.case == case):
                control.choice.value = i
                return
        raise ValueError(f"{code}: no level with {points} points")

    def file_stem(self) -> str:
        return (slugify(self.model.title())[:60] if self.model is not None else "") or "ocop"

    # --- language -------------------------------------------------------------------

    def relabel(self) -> None:
        """Say everything again in the current language; the model (all state) is untouched."""
        lang = self.lang
        self.tabs.titles = (t("assessment.tab_start", lang), t("assessment.tab_work", lang))
        self.start.relabel(lang)
        self.empty_html.value = message_html(t("assessment.empty", lang), "info")
        if self.model is not None:
            self._relabel_work()
            self._refresh()

    def _relabel_work(self) -> None:
        lang = self.lang
        self.work_tabs.titles = tuple(t(k, lang) for k in _WORK_TABS)
        with self.syncing():
            keep = self.form_switch.value
            self.form_switch.options = [(t(p.label_key, lang), i) for i, p in enumerate(self.form_panels)]
            self.form_switch.value = keep if keep is not None else 0
        for panel in self._panels():
            panel.relabel(lang)
        self.dossier.relabel()


def build_app(lang: str | None = None, store=None, **kwargs) -> AssessmentApp:
    """What the notebook calls: ``display(build_app().root)``."""
    return AssessmentApp(lang=lang, store=store, **kwargs)
