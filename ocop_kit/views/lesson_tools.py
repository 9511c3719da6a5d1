"""The exercises inside the lessons: what-if (lesson 2), story check (3), dossier checklist (4).

Thin views over ``ocop_kit.lessons`` (examples, story, checklist). Each has ``root``,
``relabel()`` for a language change and ``plain()`` for the notebook's text twin.
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Protocol

import ipywidgets as w

from ..i18n import pick, t
from ..lessons import examples, story
from ..lessons.checklist import GROUPS, KINDS, NAME_MAX, Checklist, kind_label
from ..scoring import format_points
from ..text import escape, star_string
from .common import message_html

STORY_MAX = story.MAX_STORY


class WhatIfView:
    """Change one criterion of the example product and see the total, the band and the star."""

    def __init__(self, page):
        self.page = page
        self.sample = examples.example()
        base = self.sample.score()
        first = base.minimums_unmet[0].code if base.minimums_unmet else self.sample.cset.criteria[0].code
        self.criterion = w.Dropdown(options=[], layout=w.Layout(width="auto"))
        self.level = w.Dropdown(options=[], layout=w.Layout(width="auto"))
        self.reset_button = w.Button(icon="undo", layout=w.Layout(width="auto"))
        self.result_html = w.HTML()
        self._code = first
        self._points = self.sample.doc.answers.get(first)
        self.criterion.observe(self._on_criterion, names="value")
        self.level.observe(self._on_level, names="value")
        self.reset_button.on_click(lambda _b: page.shell._safe(self.reset))
        self.root = w.VBox([w.HBox([self.criterion, self.level, self.reset_button]), self.result_html])
        self._quiet = False
        self.relabel()

    @property
    def lang(self) -> str:
        return self.page.lang

    def choose(self, code: str, points=None) -> None:
        self._code = code
        self._points = self.sample.doc.answers.get(code) if points is None else points
        self.relabel()

    def reset(self) -> None:
        self._points = self.sample.doc.answers.get(self._code)
        self.relabel()

    def result(self):
        return self.sample.score({self._code: self._points} if self._points is not None else {})

    def _on_criterion(self, change) -> None:
        if not self._quiet and change["new"]:
            self.page.shell._safe(self.choose, change["new"])

    def _on_level(self, change) -> None:
        if not self._quiet and change["new"] is not None:
            self._points = change["new"]
            self.page.shell._safe(self._render)

    def relabel(self) -> None:
        lang, cset = self.lang, self.sample.cset
        criterion = cset.by_code()[self._code]
        self._quiet = True
        try:
            self.criterion.description = t("lessons.whatif.criterion", lang)
            self.criterion.options = [(f"{c.code} {c.label(lang)}"[:90], c.code) for c in cset.criteria]
            self.criterion.value = self._code
            self.level.description = t("lessons.whatif.level", lang)
            self.level.options = [(f"{format_points(lv.points, lang)} — {lv.text_for(lang)}"[:90], lv.points)
                                  for lv in criterion.levels]
            self.level.value = self._points if self._points in criterion.points else None
        finally:
            self._quiet = False
        self.reset_button.description = t("lessons.whatif.reset", lang)
        self._render()

    def summary(self, lang: str) -> str:
        r = self.result()
        return t("lessons.whatif.summary", lang, code=self._code,
                 points=format_points(self._points or 0, lang), total=format_points(r.total, lang),
                 band=r.band_stars, stars=r.stars)

    def _render(self) -> None:
        lang, r = self.lang, self.result()
        base = self.sample.score()
        names = self.sample.cset.by_code()
        product = escape(self.sample.doc.info.get("product", ""))
        lines = [f"<p><b class='ocop-user'>{product}</b> — {escape(self.sample.cset.label(lang))}</p>",
                 f"<p style='font-size:1.15em'>{escape(self.summary(lang))} {star_string(r.stars)}</p>"]
        if r.total != base.total or r.stars != base.stars:
            before = t("lessons.whatif.before", lang, total=format_points(base.total, lang), stars=base.stars)
            lines.append(f"<p class='ocop-help'>{escape(before)}</p>")
        if r.held_back:
            items = "".join(f"<li>{escape(m.code)} {escape(names[m.code].label(lang))}: "
                            + escape(t("lessons.whatif.needs", lang, has=format_points(m.has, lang),
                                       needs=format_points(m.needs, lang), star=m.star)) + "</li>"
                            for m in r.minimums_unmet)
            lines.append(message_html(t("lessons.whatif.held_back", lang, band=r.band_stars, stars=r.stars), "warning"))
            lines.append(f"<ul>{items}</ul>")
        elif r.stars >= 3:
            lines.append(message_html(t("lessons.whatif.not_held", lang, stars=r.stars), "success"))
        if r.central_candidate:
            lines.append(message_html(t("score.central_candidate", lang), "info"))
        self.result_html.value = "".join(lines)

    def plain(self) -> str:
        return self.summary(self.lang)


class StoryCheckView:
    """Type (or paste) a product story; see which of the eight elements it seems to cover."""

    def __init__(self, page):
        self.page = page
        self.name_input = w.Text(layout=w.Layout(width="24em"))
        self.story_input = w.Textarea(layout=w.Layout(width="100%", height="12em"))
        self.check_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.check_button.on_click(lambda _b: page.shell._safe(self.check))
        self.example_buttons = {}
        for ex in story.examples():
            button = w.Button(layout=w.Layout(width="auto"))
            button.on_click(lambda _b, e=ex: page.shell._safe(self.load_example, e["id"]))
            self.example_buttons[ex["id"]] = button
        self.labels = {k: w.HTML() for k in ("name", "story")}
        self.result_html = w.HTML()
        self.last = None
        self.root = w.VBox([self.labels["name"], self.name_input, self.labels["story"], self.story_input,
                            w.HBox([self.check_button, *self.example_buttons.values()]), self.result_html])
        self.relabel()

    @property
    def lang(self) -> str:
        return self.page.lang

    def load_example(self, example_id: str) -> None:
        ex = next(e for e in story.examples() if e["id"] == example_id)
        self.name_input.value = pick(ex["product"], self.lang)
        self.story_input.value = pick(ex["text"], self.lang)
        self.check()

    def check(self):
        text = self.story_input.value or ""
        self.last = story.check(text[:STORY_MAX], (self.name_input.value or "")[:NAME_MAX])
        self._render(cut=len(text) > STORY_MAX)
        return self.last

    def _render(self, cut: bool = False) -> None:
        lang, r = self.lang, self.last
        if r is None:
            self.result_html.value = ""
            return
        if not (self.story_input.value or "").strip():
            self.result_html.value = message_html(t("lessons.story.empty", lang), "info")
            return
        rows = []
        for element, words in r.covered:
            rows.append(f"<li>✓ <b>{escape(pick(element.name, lang))}</b> "
                        "<span class='ocop-help'>("
                        + escape(t("lessons.story.found", lang, words=", ".join(words[:4]))) + ")</span></li>")
        for element in r.missing:
            rows.append(f"<li>✗ <b>{escape(pick(element.name, lang))}</b> — {escape(pick(element.hint, lang))}</li>")
        kind = "success" if not r.missing else ("warning" if r.count < r.total / 2 else "info")
        parts = [message_html(t("lessons.story.result", lang, count=r.count, total=r.total), kind),
                 f"<ul style='list-style:none;padding-left:0'>{''.join(rows)}</ul>",
                 f"<p class='ocop-help'>{escape(t('lessons.story.heuristic', lang))}</p>"]
        if cut:
            parts.insert(0, message_html(t("lessons.story.cut", lang, limit=STORY_MAX), "warning"))
        self.result_html.value = "".join(parts)

    def relabel(self) -> None:
        lang = self.lang
        self.labels["name"].value = f"<b>{escape(t('lessons.story.name_label', lang))}</b>"
        self.labels["story"].value = f"<b>{escape(t('lessons.story.story_label', lang))}</b>"
        self.story_input.placeholder = t("lessons.story.placeholder", lang)
        self.check_button.description = t("lessons.story.check", lang)
        for example_id, button in self.example_buttons.items():
            button.description = t(f"lessons.story.load_{example_id}", lang)
        self._render()

    def plain(self) -> str:
        return t("lessons.story.plain", self.lang, total=len(story.elements()))


class ChecklistView:
    """The producer's dossier checklist: tick what is ready, print the list on A4."""

    def __init__(self, page):
        self.page = page
        self.model = Checklist()
        self.kind = w.ToggleButtons(options=[], style={"button_width": "auto"})
        self.kind.observe(self._on_kind, names="value")
        self.product = w.Text(layout=w.Layout(width="22em"))
        self.producer = w.Text(layout=w.Layout(width="22em"))
        self.boxes: dict[str, w.Checkbox] = {}
        self.group_titles = {g: w.HTML() for g in GROUPS}
        self.items_box = w.VBox()
        self.progress = w.HTML()
        self.print_button = w.Button(icon="print", button_style="primary",
                                      layout=w.Layout(width="auto", align_self="flex-start"))
        self.print_button.on_click(lambda _b: page.shell._safe(self.make_print))
        self.download_html = w.HTML()
        self.labels = {k: w.HTML() for k in ("kind", "product", "producer")}
        self._quiet = False
        self.root = w.VBox([self.labels["kind"], self.kind, self.labels["product"], self.product,
                            self.labels["producer"], self.producer, self.items_box, self.progress,
                            self.print_button, self.download_html])
        self.relabel()

    @property
    def lang(self) -> str:
        return self.page.lang

    def _on_kind(self, change) -> None:
        if not self._quiet and change["new"]:
            self.model.set_kind(change["new"])
            self.page.shell._safe(self._build_items)

    def tick(self, item_id: str, done: bool = True) -> None:
        self.boxes[item_id].value = done  # fires _on_tick

    def _on_tick(self, item_id: str, done: bool) -> None:
        self.model.tick(item_id, done)
        self.download_html.value = ""
        self._render_progress()

    def _build_items(self) -> None:
        lang = self.lang
        children = []
        self.boxes = {}
        for group in GROUPS:
            items = [i for i in self.model.items if i.group == group]
            if not items:
                continue
            self.group_titles[group].value = f"<b>{escape(t(f'lessons.checklist.group.{group}', lang))}</b>"
            children.append(self.group_titles[group])
            for item in items:
                box = w.Checkbox(value=item.id in self.model.ticked, indent=False, description=item.label(lang),
                                 layout=w.Layout(width="auto"))
                box.observe(lambda c, i=item.id: self.page.shell._safe(self._on_tick, i, c["new"]), names="value")
                self.boxes[item.id] = box
                detail = (f"<div class='ocop-help' style='margin-left:2em'>{escape(pick(item.detail, lang))}</div>"
                          if item.detail else "")
                children.append(w.VBox([box, w.HTML(detail)]) if detail else box)
        self.items_box.children = tuple(children)
        self.download_html.value = ""
        self._render_progress()

    def _render_progress(self) -> None:
        m, lang = self.model, self.lang
        text = t("lessons.checklist.progress", lang, done=m.done, total=m.total)
        self.progress.value = message_html(text, "success" if m.done == m.total else "info")

    def make_print(self) -> str:
        self.model.product = (self.product.value or "")[:NAME_MAX]
        self.model.producer = (self.producer.value or "")[:NAME_MAX]
        html = self.model.html(self.lang)
        b64 = base64.b64encode(html.encode("utf-8")).decode("ascii")
        name = t("lessons.checklist.file_name", self.lang)
        self.download_html.value = (f'<a class="ocop-download" download="{escape(name)}" '
                                    f'href="data:text/html;charset=utf-8;base64,{b64}" target="_blank">⬇ '
                                    f'{escape(t("lessons.checklist.download", self.lang))}</a>'
                                    f"<p class='ocop-help'>{escape(t('lessons.checklist.print_help', self.lang))}</p>")
        return html

    def relabel(self) -> None:
        lang = self.lang
        self._quiet = True
        try:
            self.kind.options = [(kind_label(k, lang), k) for k in KINDS]
            self.kind.value = self.model.kind
        finally:
            self._quiet = False
        self.labels["kind"].value = f"<b>{escape(t('lessons.checklist.kind', lang))}</b>"
        self.labels["product"].value = f"<b>{escape(t('lessons.checklist.product', lang))}</b>"
        self.labels["producer"].value = f"<b>{escape(t('lessons.checklist.producer', lang))}</b>"
        self.print_button.description = t("lessons.checklist.print", lang)
        self._build_items()

    def plain(self) -> str:
        return t("lessons.checklist.progress", self.lang, done=self.model.done, total=self.model.total)


class LessonTool(Protocol):
    """What a lesson page needs of an exercise."""

    root: w.Widget

    def plain(self) -> str: ...

    def relabel(self) -> None: ...


TOOLS: dict[str, Callable[..., LessonTool]] = {
    "whatif": WhatIfView, "story": StoryCheckView, "checklist": ChecklistView}
