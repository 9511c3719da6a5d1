"""The score under the tabs and its one line in the shell's sticky status bar."""
from __future__ import annotations

import ipywidgets as w

from .texts import status_line, summary_markup


class SummaryPanel:
    """Total, parts, star and what holds it back; ``refresh(result)`` after every answer."""

    def __init__(self, app):
        self._app = app
        self.html = w.HTML()
        self.widget = self.html

    def install(self, model) -> None:
        if model is None:
            self.html.value = ""
            self._app.shell.set_summary("")

    def refresh(self, result) -> None:
        model, lang = self._app.model, self._app.lang
        if model is None:
            return
        self.html.value = summary_markup(model, result, lang)
        self._app.shell.set_summary(status_line(model, result, lang))

    def relabel(self, lang: str) -> None:
        if self._app.model is not None:
            self.refresh(self._app.model.result())
