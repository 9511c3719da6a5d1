"""The "Tải về và in" tab: answers file, A4 report (HTML) and PDF, made when asked for."""
from __future__ import annotations

import logging

import ipywidgets as w

from ...i18n import t
from ...text import escape
from ..common import busy, message_html
from ..downloads import download_link

log = logging.getLogger(__name__)


class ExportPanel:
    """Links go stale when the assessment changes (``install`` / ``refresh`` clear them)."""

    def __init__(self, app):
        self._app = app
        self.export_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.export_button.on_click(lambda _b: self.prepare_downloads())
        self.pdf_button = w.Button(layout=w.Layout(width="auto"))
        self.pdf_button.on_click(lambda _b: self.prepare_pdf())
        self.export_html = w.HTML()
        self.pdf_html = w.HTML()
        self.widget = w.VBox([w.HBox([self.export_button, self.pdf_button]), self.export_html, self.pdf_html])

    def install(self, model) -> None:
        self.refresh()

    def refresh(self, result=None) -> None:
        self.export_html.value = self.pdf_html.value = ""

    def relabel(self, lang: str) -> None:
        self.export_button.description = t("assessment.prepare_downloads", lang)
        self.pdf_button.description = t("assessment.prepare_pdf", lang)
        self.refresh()

    def prepare_downloads(self) -> None:
        if self._app.model is None:
            return
        lang = self._app.lang
        with busy(self.export_button, lang):
            self.export_html.value = self._downloads_markup(lang)

    def _downloads_markup(self, lang: str) -> str:
        from ...reports.assessment_html import render_html

        model, stem = self._app.model, self._app.file_stem()
        links = [
            download_link(model.answers_json().encode("utf-8"), f"{stem}-answers.json",
                          "application/json", t("assessment.download_answers", lang)),
            download_link(render_html(model, lang).encode("utf-8"), f"{stem}-report.html",
                          "text/html", t("assessment.download_report", lang)),
        ]
        return ("<div class='ocop-downloads'>" + "<br>".join(links)
                + f"<div class='ocop-help'>{escape(t('assessment.print_hint', lang))}</div></div>")

    def prepare_pdf(self) -> None:
        if self._app.model is None:
            return
        lang = self._app.lang
        with busy(self.pdf_button, lang):
            try:
                from ...reports.assessment_pdf import render_pdf

                data = render_pdf(self._app.model, lang)
            except Exception as exc:  # the HTML report stays available
                log.exception("pdf failed")
                self.pdf_html.value = message_html(t("assessment.pdf_failed", lang, error=str(exc)), "warning")
                return
            self.pdf_html.value = download_link(data, f"{self._app.file_stem()}-report.pdf", "application/pdf",
                                                t("assessment.download_pdf", lang))
