"""The "Nâng hạng sao" tab: the cheapest steps to a target star, each one tried as a what-if."""
from __future__ import annotations

import ipywidgets as w

from ...i18n import pick, t
from ...scoring import format_points
from ...text import escape
from ..common import message_html
from ..official_text import level_text
from .criteria_form import close_tree


class PlanPanel:
    """Drawn only while its tab is shown (``show(True)``); ``step_buttons`` maps each step's
    criterion code to its "try" button."""

    def __init__(self, app):
        self._app = app
        self.showing = False
        self.target_picker = w.Dropdown(layout=w.Layout(width="auto"), style={"description_width": "initial"})
        self.target_picker.observe(self._on_target, names="value")
        self.plan_html = w.HTML()
        self.steps_box = w.VBox()
        self.step_buttons: dict[str, w.Button] = {}
        self.what_if_html = w.HTML()
        self.undo_button = w.Button(layout=w.Layout(width="auto"))
        self.undo_button.on_click(lambda _b: app.model and app.model.undo_step())
        self.apply_all_button = w.Button(layout=w.Layout(width="auto"))
        self.apply_all_button.on_click(lambda _b: self.apply_all_steps())
        self.widget = w.VBox([self.target_picker, self.plan_html, self.steps_box,
                              w.HBox([self.apply_all_button, self.undo_button]), self.what_if_html])

    def install(self, model) -> None:
        if model is None:
            with self._app.syncing():
                self.target_picker.options = ()
            self.plan_html.value = self.what_if_html.value = ""
            self._set_steps([])

    def show(self, showing: bool) -> None:
        self.showing = showing
        if showing:
            self.refresh()

    def relabel(self, lang: str) -> None:
        model = self._app.model
        self.undo_button.description = t("assessment.undo_step", lang)
        self.apply_all_button.description = t("assessment.try_all", lang)
        self.target_picker.description = t("assessment.target_label", lang)
        if model is None:
            return
        with self._app.syncing():
            top = max(b.stars for b in model.version.bands)
            self.target_picker.options = [(t("assessment.target_next", lang), 0)] + [
                (t("assessment.target_stars", lang, stars=s), s) for s in range(2, top + 1)]
            self.target_picker.value = model.target or 0
        self.refresh()

    def refresh(self, result=None) -> None:
        model, lang = self._app.model, self._app.lang
        if model is None or not self.showing:
            return
        plan = model.plan()
        head = t("assessment.plan_head", lang, target=plan.target,
                 threshold=format_points(plan.threshold, lang), total=format_points(plan.current_total, lang))
        parts = [f"<div><b>{escape(head)}</b></div>"]
        for message in plan.messages:
            parts.append(message_html(message.text(lang), "info" if plan.reachable else "warning"))
        if plan.steps:
            after = t("assessment.plan_after", lang, total=format_points(plan.total_after, lang),
                      stars=plan.stars_after)
            parts.append(f"<div>{escape(after)}</div>")
        self.plan_html.value = "".join(parts)
        tried = {s.code for s in model.what_if}
        self._set_steps([(step, step.code in tried) for step in plan.steps])
        self.apply_all_button.disabled = not plan.steps or len(tried) == len(plan.steps)
        self.undo_button.disabled = not model.what_if
        after = model.what_if_result()
        self.what_if_html.value = "" if after is None else message_html(t(
            "assessment.what_if", lang, steps=", ".join(s.code for s in model.what_if),
            total=format_points(after.total, lang), stars=after.stars,
            meaning=pick(after.band.meaning, lang)), "success")

    def apply_all_steps(self) -> None:
        for step in self._app.model.plan().steps:
            self._app.model.apply_step(step.code)

    def _set_steps(self, steps) -> None:
        lang = self._app.lang
        rows, self.step_buttons = [], {}
        for step, tried in steps:
            d = step.as_dict(lang)
            was = (format_points(step.from_points or 0, lang) if step.from_points is not None
                   else t("assessment.not_answered", lang))
            to_level = self._app.model.criterion(step.code).level_for(step.to_points)
            to_text = level_text(to_level, lang) if to_level else step.to_text
            text = (f"<b>{escape(step.code)}</b> {escape(d['name'])}: {escape(was)}"
                    f" → <b>{escape(format_points(step.to_points, lang))}</b> "
                    f"(<b>+{escape(format_points(step.gain, lang))}</b>)<br>"
                    f"<span class='ocop-help'>{escape(to_text)}</span>"
                    + (f"<br><span class='ocop-help'><b>{escape(t('assessment.evidence_asked', lang))}</b> "
                       f"{escape(d['evidence'])}</span>" if d["evidence"] else ""))
            button = w.Button(description=t("assessment.try_step", lang), disabled=tried, layout=w.Layout(width="auto"))
            button.on_click(lambda _b, c=step.code: self._app.model.apply_step(c))
            self.step_buttons[step.code] = button
            row = w.HBox([w.HTML(text, layout=w.Layout(flex="1 1 20em")), button])
            row.add_class("ocop-row")
            rows.append(row)
        for old in self.steps_box.children:
            close_tree(old)
        self.steps_box.children = tuple(rows)

    def _on_target(self, change) -> None:
        if self._app.is_syncing or self._app.model is None:
            return
        self._app.model.set_target(change["new"] or None)
