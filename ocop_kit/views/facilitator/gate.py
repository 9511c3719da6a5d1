"""The facilitator page's gate: open a workshop (join code + passphrase) or create one; under
JupyterHub the hub's facilitator group decides instead (``ocop_kit.hub``)."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ... import hub
from ... import workshop as ws
from ...i18n import t
from ...storage import StorageError
from ...text import escape
from ..common import message_html

NEW_FIELDS = ("name", "place", "starts", "ends")


def _row(*items) -> w.HBox:
    box = w.HBox(list(items))
    box.add_class("ocop-row")
    return box


class WorkshopGate:
    """Nothing of a workshop shows before ``on_open(workshop)`` is called from here."""

    def __init__(self, shell, on_open: Callable[[ws.Workshop], None]):
        self._shell = shell
        self._on_open = on_open
        self._code = w.Text(layout=w.Layout(width="9em"))
        self._passphrase = w.Password(layout=w.Layout(width="16em"))
        self._open_button = w.Button(button_style="primary")
        self._open_button.on_click(lambda _b: self.open(self._code.value, self._passphrase.value))
        self._new = {k: w.Text(layout=w.Layout(width="18em")) for k in NEW_FIELDS}
        self._new_pass = w.Password(layout=w.Layout(width="16em"))
        self._new_repeat = w.Password(layout=w.Layout(width="16em"))
        self._create_button = w.Button(button_style="success")
        self._create_button.on_click(lambda _b: self.create())
        self._labels = {k: w.HTML() for k in ("open", "open_code", "open_pass", "new", *NEW_FIELDS,
                                               "new_pass", "new_repeat")}
        L = self._labels
        self.widget = w.VBox([
            L["open"], _row(L["open_code"], self._code, L["open_pass"], self._passphrase, self._open_button),
            L["new"], *(_row(L[k], self._new[k]) for k in NEW_FIELDS),
            _row(L["new_pass"], self._new_pass, L["new_repeat"], self._new_repeat), self._create_button,
        ])

    @property
    def _lang(self) -> str:
        return self._shell.lang

    def open(self, join_code: str, passphrase: str) -> bool:
        """Open the workshop when the passphrase is right; the passphrase box is emptied either way."""
        self._passphrase.value = ""
        try:
            workshop = ws.open_workshop(self._shell.store, join_code, passphrase)
        except (ws.WorkshopError, StorageError) as exc:
            self._shell.notify(exc.message(self._lang), "error")
            return False
        self._on_open(workshop)
        return True

    def create(self) -> ws.Workshop | None:
        """A new workshop from the typed fields; its join code is announced."""
        values = {k: box.value for k, box in self._new.items()}
        try:
            workshop = ws.create_workshop(self._shell.store, values.pop("name"), self._new_pass.value,
                                          repeat=self._new_repeat.value, **values)
        except (ws.WorkshopError, StorageError) as exc:
            self._shell.notify(exc.message(self._lang), "error")
            return None
        finally:
            self._new_pass.value = self._new_repeat.value = ""
        for box in self._new.values():
            box.value = ""
        self._on_open(workshop)
        self._shell.notify(t("facilitator.created", self._lang, code=workshop.join_code), "success")
        return workshop

    # --- under JupyterHub: the hub's facilitator group instead of a passphrase ----------

    def use_hub(self) -> None:
        """The gate becomes the facilitator's workshops (their hub groups), or why not."""
        decision = hub.facilitator_gate(self._shell.store)
        if decision is None:
            return
        intro = w.HTML()
        buttons = [w.Button(button_style="primary", layout=w.Layout(width="auto")) for _ in decision.workshops]
        for button, workshop in zip(buttons, decision.workshops, strict=True):
            button.on_click(lambda _b, chosen=workshop: self._on_open(chosen))

        def label(lang):
            intro.value = message_html(decision.message(lang), "info" if decision.allowed else "error")
            for button, workshop in zip(buttons, decision.workshops, strict=True):
                button.description = t("hub.open_workshop", lang, group=workshop.name)

        label(self._lang)
        self._shell.on_lang_change(label)
        self.widget.children = (intro, *buttons)
        if len(decision.workshops) == 1:
            self._on_open(decision.workshops[0])

    def relabel(self, lang: str) -> None:
        L = self._labels
        for key in ("open", "new"):
            L[key].value = f"<h3>{escape(t(f'facilitator.gate_{key}', lang))}</h3>"
        for key in ("open_code", "open_pass", *NEW_FIELDS, "new_pass", "new_repeat"):
            L[key].value = f"<b>{escape(t(f'facilitator.gate_{key}', lang))}</b>"
        self._open_button.description = t("facilitator.gate_open_button", lang)
        self._create_button.description = t("facilitator.gate_create_button", lang)
