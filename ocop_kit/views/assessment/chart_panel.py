"""The "Biểu đồ" tab: the chart drawn in place while the tab is shown (``reports.assessment_chart``)."""
from __future__ import annotations

import logging

import ipywidgets as w

from ...i18n import t
from ...text import escape
from ..common import ChartImage, message_html

log = logging.getLogger(__name__)


class ChartPanel:
    def __init__(self, app):
        self._app = app
        self.showing = False
        # hidden until drawn: an empty Image shows the browser's broken-image icon
        self.image = ChartImage(format="png", layout=w.Layout(max_width="100%", width="640px", display="none"))
        self.note = w.HTML()
        self.widget = w.VBox([self.note, self.image])

    def install(self, model) -> None:
        if model is None:
            self.note.value = ""
            self.image.value = b""
            self.image.layout.display = "none"

    def show(self, showing: bool) -> None:
        self.showing = showing
        if showing:
            self.refresh()

    def relabel(self, lang: str) -> None:
        self.note.value = f"<div class='ocop-help'>{escape(t('assessment.chart_help', lang))}</div>"
        self.image.tooltip = t("assessment.chart_help", lang)  # the image's text alternative
        self.refresh()

    def refresh(self, result=None) -> None:
        from ...reports.assessment_chart import render_chart_png

        model, lang = self._app.model, self._app.lang
        if model is None or not self.showing:
            return
        drawn = bool(self.image.value)
        if not drawn:
            drawing = escape(t("assessment.chart_drawing", lang))
            self.note.value = f"<div class='ocop-help' role='status'>{drawing}</div>"
        try:
            self.image.value = render_chart_png(model, lang)
            self.image.layout.display = ""
            if not drawn:
                self.note.value = ""
        except Exception as exc:  # the chart is an extra; never break the form
            log.exception("chart failed")
            self.note.value = message_html(t("assessment.chart_failed", lang, error=str(exc)), "warning")
