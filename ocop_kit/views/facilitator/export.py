"""The workshop's submitted work as downloads: XLSX, CSV (one row per trainee and product) and a
zip of every trainee's A4 report."""
from __future__ import annotations

import ipywidgets as w

from ... import services
from ...i18n import t
from ...reports import class_export
from ...storage import StorageError
from ...text import escape
from ..common import message_html
from ..downloads import download_link


class ExportPanel:
    def __init__(self, shell):
        self._shell = shell
        self.workshop = None
        self.entries: list[class_export.Entry] | None = None
        self._intro = w.HTML()
        self._button = w.Button(icon="download", button_style="primary", layout=w.Layout(width="auto"))
        self._button.on_click(lambda _b: shell._safe(self.prepare))
        self._html = w.HTML()
        self.widget = w.VBox([self._intro, self._button, self._html])

    @property
    def text(self) -> str:
        return self._html.value

    def refresh(self, workshop) -> None:
        """A new room (None: locked): the last links go."""
        self.workshop, self.entries = workshop, None
        self._html.value = ""

    def prepare(self) -> None:
        """XLSX, CSV and a zip of A4 reports of the workshop's submitted work, as links."""
        if self.workshop is None:
            return
        lang = self._shell.lang
        try:
            entries, skipped = services.workshop_entries(self._shell.store, self.workshop)
        except StorageError as exc:
            self._html.value = message_html(exc.message(lang), "error")
            return
        self.entries = entries
        parts = []
        if skipped:
            parts.append(message_html(t("facilitator.export_skipped", lang, count=skipped), "warning"))
        if not entries:
            self._html.value = "".join(parts) + message_html(t("facilitator.export_none", lang), "info")
            return
        header, rows = class_export.table(entries, lang)
        stem = f"ocop-{self.workshop.join_code.lower()}"
        links = [
            download_link(class_export.to_xlsx(header, rows, lang), f"{stem}.xlsx", class_export.XLSX_MIME,
                          t("facilitator.download_xlsx", lang)),
            download_link(class_export.to_csv(header, rows), f"{stem}.csv", class_export.CSV_MIME,
                          t("facilitator.download_csv", lang)),
            download_link(class_export.reports_zip(entries, lang), f"{stem}-bao-cao.zip", class_export.ZIP_MIME,
                          t("facilitator.download_zip", lang, count=len(entries))),
        ]
        parts.append(message_html(t("facilitator.export_ready", lang, rows=len(rows)), "success"))
        self._html.value = "".join(parts) + "<div class='ocop-downloads'>" + "<br>".join(links) + "</div>"

    def relabel(self, lang: str) -> None:
        self._intro.value = f"<p>{escape(t('facilitator.export_intro', lang))}</p>"
        self._button.description = t("facilitator.export_prepare", lang)
