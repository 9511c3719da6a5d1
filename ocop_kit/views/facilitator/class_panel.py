"""The class's results: submitted work only, figures from the minimum group size on, no list
of trainees; plans with negative cash or below break-even in year 3."""
from __future__ import annotations

import ipywidgets as w

from ... import services
from ...cohort import CohortSummary, PlanViability
from ...i18n import t
from ...scoring import format_points
from ...storage import StorageError
from ...text import escape, star_string
from ..common import message_html


class ClassPanel:
    def __init__(self, shell):
        self._shell = shell
        self.workshop = None
        self.summary: CohortSummary | None = None
        self.plans: PlanViability | None = None
        self._intro = w.HTML()
        self._workshop_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self._workshop_button.on_click(lambda _b: shell._safe(self.show_workshop))
        self._group = w.Text(layout=w.Layout(width="12em"))
        self._group_button = w.Button(button_style="primary")
        self._group_button.on_click(lambda _b: shell._safe(self.show_group, self._group.value))
        self._html = w.HTML()
        self.widget = w.VBox([self._intro, self._workshop_button, w.HBox([self._group, self._group_button]),
                              self._html])

    @property
    def text(self) -> str:
        return self._html.value

    def refresh(self, workshop) -> None:
        """A new room (None: locked): the last class's figures go."""
        self.workshop, self.summary, self.plans = workshop, None, None
        self._render()

    def show_workshop(self) -> None:
        """The workshop's submitted self-assessments and business plans."""
        if self.workshop is None:
            return
        store = self._shell.store
        try:
            self.summary = services.workshop_summary(store, self.workshop)
            self.plans = services.workshop_plan_viability(store, self.workshop)
            self._shell.clear_notice()
        except StorageError as exc:
            self.summary, self.plans = None, None
            self._shell.notify(exc.message(self._shell.lang), "error")
        self._render()

    def show_group(self, group: str) -> None:
        """A class of trainee codes ``GROUP-NN`` (a kit used without workshops)."""
        if self.workshop is None:
            return
        self.plans = None  # a class of trainee codes has no plan figures here
        try:
            self.summary = services.class_summary(self._shell.store, group)
            self._shell.clear_notice()
        except StorageError as exc:
            self.summary = None
            self._shell.notify(exc.message(self._shell.lang), "error")
        self._render()

    def _render(self) -> None:
        s, lang = self.summary, self._shell.lang
        if s is None:
            self._html.value = ""
            return
        parts = [message_html(t("facilitator.class_size", lang, group=s.group, size=s.size), "info")]
        if s.not_counted:
            parts.append(message_html(t("facilitator.class_not_counted", lang, count=s.not_counted), "info"))
        if s.skipped:
            parts.append(message_html(t("facilitator.class_skipped", lang, count=s.skipped), "warning"))
        if not s.shown:
            parts.append(message_html(t("facilitator.class_too_small", lang, min=s.min_group), "warning"))
        else:
            parts.append(self._figures(s, lang))
        parts.append(self._plans_html())
        self._html.value = "".join(parts)

    @staticmethod
    def _figures(s: CohortSummary, lang: str) -> str:
        bars = "".join(
            f"<tr><td>{star_string(n) if n else escape(t('facilitator.excluded', lang))}</td>"
            f"<td style='text-align:right'>{count}</td><td>{'▇' * count}</td></tr>"
            for n, count in sorted(s.stars.items(), reverse=True) if count or n)
        stats = t("facilitator.class_stats", lang, mean=format_points(s.mean_total, lang),
                  median=format_points(s.median_total, lang), certified=s.certified, size=s.size)
        out = [f"<table class='ocop-table'>{bars}</table>", f"<p>{escape(stats)}</p>"]
        for key, rows in (("weakest", s.weakest), ("lowest", s.lowest)):
            if rows:
                items = "".join(f"<li>{escape(code)} {escape(name)}: {format_points(share * 100, lang)} %</li>"
                                for code, name, share in rows)
                out.append(f"<p><b>{escape(t(f'facilitator.{key}', lang))}</b></p><ul>{items}</ul>")
        return "".join(out)

    def _plans_html(self) -> str:
        p, lang = self.plans, self._shell.lang
        if p is None:
            return ""
        out = [f"<h4>{escape(t('facilitator.plans_title', lang))}</h4>",
               message_html(t("facilitator.plans_size", lang, readable=p.readable, submitted=p.submitted), "info")]
        if p.not_counted:
            out.append(message_html(t("facilitator.plans_not_counted", lang, count=p.not_counted), "info"))
        if not p.shown:
            out.append(message_html(t("facilitator.plans_too_small", lang, min=p.min_group), "warning"))
        else:
            cash = t("facilitator.plans_negative_cash", lang, count=p.negative_cash, size=p.readable)
            late = t("facilitator.plans_breakeven", lang, count=p.breakeven_beyond_y3, size=p.readable)
            out.append(f"<ul><li>{escape(cash)}</li><li>{escape(late)}</li></ul>")
        return "".join(out)

    def relabel(self, lang: str) -> None:
        self._intro.value = f"<p>{escape(t('facilitator.class_intro', lang))}</p>"
        self._workshop_button.description = t("facilitator.show_workshop_class", lang)
        self._group.placeholder = t("facilitator.group_placeholder", lang)
        self._group_button.description = t("facilitator.show_class", lang)
        self._render()
