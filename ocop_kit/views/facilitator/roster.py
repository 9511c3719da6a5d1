"""Who joined the workshop, and per app who started and who submitted; refreshed on a timer."""
from __future__ import annotations

import logging
import threading

import ipywidgets as w

from ... import config, services
from ... import workshop as ws
from ...i18n import t
from ...storage import StorageError
from ...text import escape
from ..common import message_html

log = logging.getLogger(__name__)


class RosterPanel:
    def __init__(self, shell, refresh_s: float | None = None):
        self._shell = shell
        self.refresh_s = config.current().roster_refresh_s if refresh_s is None else refresh_s
        self.workshop: ws.Workshop | None = None
        self.roster: ws.Roster | None = None
        self._timer: threading.Timer | None = None
        self._html = w.HTML()
        self._refresh_button = w.Button(icon="refresh", layout=w.Layout(width="auto"))
        self._refresh_button.on_click(lambda _b: shell._safe(self.reload))
        self.widget = w.VBox([self._refresh_button, self._html])

    @property
    def text(self) -> str:
        return self._html.value

    @property
    def timer_running(self) -> bool:
        return self._timer is not None

    def refresh(self, workshop: ws.Workshop | None) -> None:
        """Show ``workshop``'s room and refresh it every ``refresh_s``; None empties the panel."""
        self.stop_timer()
        self.workshop, self.roster = workshop, None
        self.reload()
        if workshop is not None:
            self._schedule()

    def reload(self) -> None:
        if self.workshop is None:
            self._render()
            return
        try:
            self.roster = services.roster(self._shell.store, self.workshop)
        except StorageError as exc:
            self._html.value = message_html(exc.message(self._shell.lang), "warning")
            return
        self._render()

    def _schedule(self) -> None:
        """A daemon timer thread (widget values set from a thread reach the page; no reload,
        no cell running)."""
        self.stop_timer()

        def tick():
            try:
                self.reload()
            except Exception:  # a failed refresh must not stop the next
                log.exception("roster refresh failed")
            if self.workshop is not None:
                self._schedule()

        self._timer = threading.Timer(self.refresh_s, tick)
        self._timer.daemon = True
        self._timer.start()

    def stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _render(self) -> None:
        r, lang = self.roster, self._shell.lang
        if r is None:
            self._html.value = ""
            return
        mark = {ws.NONE: "—", ws.STARTED: t("facilitator.roster_started", lang),
                ws.SUBMITTED: "✓ " + t("facilitator.roster_submitted", lang)}
        apps = services.ROSTER_APPS
        head = "".join(f"<th>{escape(t(f'facilitator.app.{a}', lang))}</th>" for a in apps)
        rows = "".join(
            f"<tr><td>{escape(row.name)}</td>" + "".join(f"<td>{escape(mark[row.apps[a]])}</td>" for a in apps)
            + "</tr>" for row in r.rows)
        counts = " · ".join(
            t("facilitator.roster_counts", lang, app=t(f"facilitator.app.{a}", lang),
              started=r.count(a, ws.STARTED) + r.count(a, ws.SUBMITTED), submitted=r.count(a, ws.SUBMITTED))
            for a in apps)
        self._html.value = (
            f"<p>{escape(t('facilitator.roster_joined', lang, count=len(r.rows)))} {escape(counts)}</p>"
            f"<table class='ocop-table ocop-roster'><tr><th>{escape(t('facilitator.roster_name', lang))}</th>"
            f"{head}</tr>{rows}</table>"
            f"<p class='ocop-help'>{escape(t('facilitator.roster_auto', lang, seconds=self.refresh_s))}</p>")

    def relabel(self, lang: str) -> None:
        self._refresh_button.description = t("views.drafts_refresh", lang)
        self._render()
