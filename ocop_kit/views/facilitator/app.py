"""The facilitator's page: a gate, then the workshop's room in tabs of panels."""
from __future__ import annotations

import ipywidgets as w

from ... import workshop as ws
from ...i18n import t
from ..common import AppShell, current_lang, message_html
from .calibration import CalibrationPanel
from .class_panel import ClassPanel
from .council import CouncilPanel
from .export import ExportPanel
from .gate import WorkshopGate
from .roster import RosterPanel

APP_ID = "facilitator"
TABS = ("roster", "council", "class", "export")


class FacilitatorApp:
    """Nothing shows before the facilitator opens a workshop (``gate``); ``lock`` goes back."""

    def __init__(self, lang: str | None = None, store=None):
        self.shell = AppShell(APP_ID, "facilitator.title", lang or current_lang(), store=store)
        self.shell.hide_sign_in()  # the facilitator needs no trainee code
        self.workshop: ws.Workshop | None = None
        self.gate = WorkshopGate(self.shell, self._unlock)
        self.roster = RosterPanel(self.shell)
        self.calibration = CalibrationPanel(self.shell)
        self.council = CouncilPanel(self.shell, self.calibration.refresh)
        self.class_panel = ClassPanel(self.shell)
        self.exports = ExportPanel(self.shell)
        self._room_html = w.HTML()
        self._lock_button = w.Button(icon="lock", layout=w.Layout(width="auto"))
        self._lock_button.on_click(lambda _b: self.lock())
        self._tabs = w.Tab(children=[self.roster.widget, w.VBox([self.council.widget, self.calibration.widget]),
                                     self.class_panel.widget, self.exports.widget])
        self.room_box = w.VBox([w.HBox([self._room_html, self._lock_button]), self._tabs])
        self.shell.set_body(self.gate.widget)
        self.shell.on_lang_change(self.relabel)
        self.root = self.shell.root
        self.relabel(self.lang)
        self.gate.use_hub()  # under JupyterHub the hub decides who facilitates (ocop_kit.hub)

    @property
    def lang(self) -> str:
        return self.shell.lang

    @property
    def panels(self) -> tuple:
        return (self.roster, self.council, self.class_panel, self.exports)

    def open(self, join_code: str, passphrase: str) -> bool:
        """Show the workshop's pages when the passphrase is right."""
        return self.gate.open(join_code, passphrase)

    def _unlock(self, workshop: ws.Workshop) -> None:
        self.workshop = workshop
        self.shell.clear_notice()
        self.shell.set_body(self.room_box)
        self._tabs.selected_index = 0
        for panel in self.panels:
            panel.refresh(workshop)
        self._relabel_room(self.lang)

    def lock(self) -> None:
        """Back to the gate; nothing of the workshop stays on the page."""
        self.workshop = None
        for panel in self.panels:
            panel.refresh(None)
        self._relabel_room(self.lang)
        self.shell.set_body(self.gate.widget)

    def _relabel_room(self, lang: str) -> None:
        w_ = self.workshop
        self._room_html.value = ("" if w_ is None else message_html(t(
            "facilitator.room", lang, name=w_.name, code=w_.join_code,
            when=" – ".join(x for x in (w_.starts, w_.ends) if x), place=w_.place), "success"))

    def relabel(self, lang: str) -> None:
        for i, key in enumerate(TABS):
            self._tabs.set_title(i, t(f"facilitator.tab_{key}", lang))
        self._lock_button.description = t("facilitator.lock", lang)
        self._relabel_room(lang)
        for panel in (self.gate, *self.panels, self.calibration):
            panel.relabel(lang)


def build_app(lang: str | None = None, store=None) -> FacilitatorApp:
    return FacilitatorApp(lang=lang, store=store)
