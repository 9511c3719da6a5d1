"""Projector mode page: the live scoring demonstration in large, high-contrast text.

A thin view over ``ocop_kit.projector.Demonstration``. Every control is a button with a
known CSS class, in keyboard (Tab) order; the page template's ``projector-keys.html``
maps arrow, letter and number keys to clicks on those buttons, since widgets cannot
hear key presses on the page themselves.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import ipywidgets as w

from .. import projector as pj
from ..i18n import t, tn
from ..rubric.model import Criterion
from ..scoring import ScoreResult, format_points
from ..text import escape
from .common import AppShell, current_lang, message_html
from .official_text import official_html

MAX_LEVEL_KEYS = 9  # number keys 1–9; no criterion of the data has more levels

CSS = """<style>
.ocop-app.ocop-projector-app { max-width: none; }
.ocop-projector { color: #000; background: #fff; }
.ocop-projector .widget-html-content { font-size: 24px; line-height: 1.4; color: #000; }
.ocop-projector .ocop-pj-board .widget-html-content, .ocop-projector .ocop-pj-board {
  background: #0a2342; color: #fff; font-size: 30px; font-weight: 700; padding: 8px 16px; border-radius: 6px; }
.ocop-projector .ocop-pj-board { position: sticky; top: 0; z-index: 6; }
.ocop-projector .ocop-pj-board small { display: block; font-size: 22px; font-weight: 600; color: #ffe66b; }
.ocop-projector .ocop-pj-board .ocop-pj-trial-line { color: #9fd3ff; }
.ocop-projector .ocop-pj-position .widget-html-content { font-size: 22px; color: #333; }
.ocop-projector .ocop-pj-criterion .widget-html-content { font-size: 38px; font-weight: 700; line-height: 1.25; }
.ocop-projector .ocop-pj-levels ol { margin: 6px 0; padding-left: 1.6em; }
.ocop-projector .ocop-pj-levels li { font-size: 28px; line-height: 1.35; margin: 10px 0; padding: 4px 8px; }
.ocop-projector .ocop-pj-levels .ocop-pj-pts { font-weight: 700; color: #003a70; white-space: nowrap; }
.ocop-projector .ocop-pj-levels .ocop-pj-tag {
  font-size: 20px; border: 2px solid #000; border-radius: 4px; padding: 0 6px; margin-left: 6px; white-space: nowrap;
}
.ocop-projector .ocop-pj-levels .ocop-pj-chosen { background: #ffe66b; outline: 3px solid #000; }
.ocop-projector .ocop-pj-levels .ocop-pj-trial { background: #cde8ff; outline: 3px dashed #003a70; }
.ocop-projector .ocop-pj-hidden .widget-html-content { font-size: 26px; font-style: italic; color: #333; }
.ocop-projector .widget-button { font-size: 22px; height: auto; min-height: 52px; padding: 4px 18px; width: auto; }
.ocop-projector .widget-button.ocop-pj-on { background: #003a70; color: #fff; }
.ocop-projector .widget-button:focus { outline: 4px solid #d08a00; outline-offset: 2px; }
.ocop-projector .ocop-pj-controls { flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.ocop-projector .ocop-pj-keys .widget-html-content { font-size: 18px; color: #333; }
</style>"""


def stars_text(result: ScoreResult, lang: str) -> str:
    if result.excluded:
        return t("projector.not_rated", lang)
    return "★" * result.stars + " " + tn("projector.stars", result.stars, lang, stars=result.stars)


def unmet_text(unmet, lang: str) -> str:
    return "; ".join(t("projector.unmet_item", lang, code=m.code, needs=format_points(m.needs, lang),
                       has=format_points(m.has, lang)) for m in unmet)


class ProjectorApp:
    def __init__(self, lang: str | None = None, samples: list | None = None):
        self.shell = AppShell("projector", "projector.title", lang or current_lang())
        self.shell.hide_sign_in()
        self.shell.root.add_class("ocop-projector-app")
        self.samples = pj.sample_files() if samples is None else samples
        self.demo: pj.Demonstration | None = None
        self.trying = False  # number keys try levels instead of choosing them

        self.intro = w.HTML()
        self.sample_label = w.HTML()
        self.sample_picker = w.Dropdown(options=[(name, str(path)) for name, path in self.samples],
                                        layout=w.Layout(width="auto"))
        self.sample_picker.add_class("ocop-user")  # sample products' own names
        self.start_picker = w.Dropdown(layout=w.Layout(width="auto"))
        self.restart_button = self._button("ocop-pj-restart", lambda _demo: self.restart(), style="primary")
        self.setup = w.HBox([self.sample_label, self.sample_picker, self.start_picker, self.restart_button])
        self.setup.add_class("ocop-row")

        self.board = w.HTML()
        self.board.add_class("ocop-pj-board")
        self.board.add_class("ocop-pj")
        self.position = w.HTML()
        self.position.add_class("ocop-pj-position")
        self.criterion_html = w.HTML()
        self.criterion_html.add_class("ocop-pj-criterion")
        self.levels_html = w.HTML()
        self.levels_html.add_class("ocop-pj-levels")
        self.hidden_html = w.HTML()
        self.hidden_html.add_class("ocop-pj-hidden")
        self.end_html = w.HTML()
        self.end_html.add_class("ocop-pj-end")

        self.prev_button = self._button("ocop-pj-prev", lambda demo: self._step(demo.previous))
        self.reveal_button = self._button("ocop-pj-reveal", self.reveal)
        self.next_button = self._button("ocop-pj-next", lambda demo: self._step(demo.next), style="primary")
        self.level_buttons = [self._button(f"ocop-pj-level-{n}", partial(self.press_level, n), kind="ocop-pj-level")
                              for n in range(1, MAX_LEVEL_KEYS + 1)]
        self.what_if_button = self._button("ocop-pj-whatif", self.toggle_what_if)
        self.clear_button = self._button("ocop-pj-clear", self.clear)
        self.controls = w.HBox([self.prev_button, self.reveal_button, self.next_button])
        self.level_row = w.HBox([*self.level_buttons, self.what_if_button, self.clear_button])
        for row in (self.controls, self.level_row):
            row.add_class("ocop-pj-controls")
        self.keys_html = w.HTML()
        self.keys_html.add_class("ocop-pj-keys")
        self.message = w.HTML()

        self.stage = w.VBox([self.board, self.position, self.criterion_html, self.hidden_html, self.levels_html,
                             self.end_html, self.controls, self.level_row, self.keys_html])
        body = w.VBox([w.HTML(CSS), self.intro, self.setup, self.message, self.stage])
        body.add_class("ocop-projector")
        self.shell.set_body(body)
        self.shell.on_lang_change(lambda _lang: self.render())
        if self.samples:
            self.sample_picker.value = str(self._teaching_sample())
            self.demo = pj.from_sample(self.sample_picker.value)
        self.render()

    def _teaching_sample(self):
        """A sample whose own answers are held back by a minimum teaches the most; else the first."""
        for _name, path in self.samples:
            result = pj.from_sample(path, pj.START_ANSWERS).result()
            if result.held_back:
                return path
        return self.samples[0][1]

    @property
    def root(self) -> w.Widget:
        return self.shell.root

    @property
    def lang(self) -> str:
        return self.shell.lang

    def _button(self, css: str, action, style: str = "", kind: str = "") -> w.Button:
        button = w.Button(button_style=style)
        button.add_class("ocop-pj-button")
        button.add_class(css)
        if kind:
            button.add_class(kind)
        button.on_click(lambda _b: self.shell._safe(self._act, action))
        return button

    def _act(self, action: Callable[[pj.Demonstration], object]) -> None:
        """A button's ``action(demo)``, then the screen drawn again (nothing to act on before a sample)."""
        if self.demo is not None:
            action(self.demo)
            self.render()

    # --- actions (also what the keys click) -------------------------------------------

    def restart(self) -> None:
        path = self.sample_picker.value
        if path:
            self.demo = pj.from_sample(path, self.start_picker.value or pj.START_EMPTY)
            self.trying = False

    def _step(self, move) -> None:
        move()
        self.trying = False

    @staticmethod
    def reveal(demo: pj.Demonstration) -> None:
        demo.reveal()

    def press_level(self, number: int, demo: pj.Demonstration) -> None:
        if self.trying:
            demo.what_if(number)
        else:
            demo.choose(number)

    def toggle_what_if(self, demo: pj.Demonstration) -> None:
        self.trying = not self.trying and demo.current is not None
        if not self.trying:
            demo.end_what_if()

    @staticmethod
    def clear(demo: pj.Demonstration) -> None:
        demo.clear()

    # --- drawing ------------------------------------------------------------------------

    def render(self) -> None:
        lang = self.lang
        self.intro.value = f'<p class="ocop-help">{escape(t("projector.intro", lang))}</p>'
        self.sample_label.value = f"<b>{escape(t('projector.sample', lang))}</b>"
        start = self.start_picker.value or pj.START_EMPTY
        self.start_picker.options = [(t("projector.start_empty", lang), pj.START_EMPTY),
                                     (t("projector.start_answers", lang), pj.START_ANSWERS)]
        self.start_picker.value = start
        self.restart_button.description = t("projector.restart", lang)
        self.prev_button.description = t("projector.prev", lang)
        self.next_button.description = t("projector.next", lang)
        self.reveal_button.description = t("projector.reveal", lang)
        self.what_if_button.description = t("projector.what_if", lang)
        self.clear_button.description = t("projector.clear", lang)
        self.keys_html.value = escape(t("projector.keys", lang))
        if self.demo is None:
            self.message.value = message_html(t("projector.no_samples", lang), "warning")
            self.stage.layout.display = "none"
            return
        self.message.value = ""
        self.stage.layout.display = None
        demo = self.demo
        self._render_board(demo)
        if demo.current is None:  # past the last criterion
            self._render_end(demo)
        else:
            self._render_criterion(demo, demo.current)

    def _render_board(self, demo: pj.Demonstration) -> None:
        lang = self.lang
        result = demo.result()
        maximum = sum(result.part_max.values())
        done = sum(1 for c in demo.cset.criteria if c.code in demo.chosen)
        total = t("projector.board_total", lang, total=format_points(result.total, lang),
                  max=format_points(maximum, lang))
        lines = [f"<span class='ocop-user'>{escape(demo.product)}</span> · " + escape(total)
                 + f' · <span class="ocop-pj-stars">{escape(stars_text(result, lang))}</span>']
        if result.excluded:
            lines.append(f"<small>{escape(t('projector.excluded', lang))}</small>")
        elif result.held_back:
            lines.append('<small class="ocop-pj-held">' + escape(t(
                "projector.held_back", lang, band=result.band_stars, stars=result.stars,
                criteria=unmet_text(demo.holding_back(result), lang))) + "</small>")
        lines.append("<small>" + escape(t("projector.answered", lang, done=done, count=demo.count)) + "</small>")
        trial = demo.trial_result()
        if trial is not None and demo.trial is not None:
            code, points = demo.trial
            number = next(i for i, lv in enumerate(demo.levels(), 1) if lv.points == points)
            lines.append('<small class="ocop-pj-trial-line">' + escape(t(
                "projector.trial", lang, code=code, number=number,
                points=tn("projector.points", points, lang, points=format_points(points, lang)),
                total=format_points(trial.total, lang), stars=stars_text(trial, lang))) + "</small>")
        elif self.trying:
            lines.append('<small class="ocop-pj-trial-line">' + escape(t("projector.what_if_on", lang)) + "</small>")
        self.board.value = "".join(lines)

    def _render_criterion(self, demo: pj.Demonstration, c: Criterion) -> None:
        lang = self.lang
        levels = demo.levels()
        self.end_html.value = ""
        self.position.value = escape(t("projector.position", lang, index=demo.index + 1, count=demo.count,
                                       part=c.part, section=c.section_label(lang)))
        parent = f"{escape(c.parent_en if lang == 'en' and c.parent_en else c.parent)} — " if c.parent else ""
        self.criterion_html.value = f"{escape(c.code)} · {parent}{escape(c.label(lang))}"
        revealed = demo.is_revealed
        self.hidden_html.value = "" if revealed else escape(t("projector.hidden", lang, count=len(levels)))
        self.levels_html.value = self._levels_list(demo, c, levels) if revealed else ""
        for n, button in enumerate(self.level_buttons, 1):
            button.description = t("projector.level_button", lang, number=n)
            button.layout.display = None if n <= len(levels) else "none"
        self.level_row.layout.display = None
        self.reveal_button.disabled = revealed
        self.prev_button.disabled = demo.index == 0
        self.next_button.disabled = False
        self.clear_button.disabled = c.code not in demo.chosen
        if self.trying:
            self.what_if_button.add_class("ocop-pj-on")
        else:
            self.what_if_button.remove_class("ocop-pj-on")

    def _levels_list(self, demo: pj.Demonstration, c: Criterion, levels) -> str:
        lang = self.lang
        chosen, sample = demo.chosen_number(), demo.sample_number()
        trial = demo.trial[1] if demo.trial else None
        items = []
        for n, level in enumerate(levels, 1):
            tags = []
            stars = [star for star, points in c.minimums if points == level.points]
            tags += [t("projector.minimum_mark", lang, star=s) for s in stars]
            if n == sample:
                tags.append(t("projector.sample_mark", lang))
            if n == chosen:
                tags.append(t("projector.chosen_mark", lang))
            if trial is not None and level.points == trial:
                tags.append(t("projector.trial_mark", lang))
            css = "ocop-pj-chosen" if n == chosen else ""
            if trial is not None and level.points == trial:
                css = "ocop-pj-trial"
            points = tn("projector.points", level.points, lang, points=format_points(level.points, lang))
            tag_html = "".join(f'<span class="ocop-pj-tag">{escape(tag)}</span>' for tag in tags)
            items.append(f'<li class="{css}" data-level="{n}">{escape(level.text_for(lang))} '
                         f'<span class="ocop-pj-pts">({escape(points)})</span>{tag_html}</li>')
        return "<ol>" + "".join(items) + "</ol>" + official_html(c, lang, levels=levels)

    def _render_end(self, demo: pj.Demonstration) -> None:
        lang = self.lang
        result = demo.result()
        self.position.value = ""
        self.criterion_html.value = escape(t("projector.end_title", lang, count=demo.count))
        self.hidden_html.value = ""
        self.levels_html.value = ""
        path = demo.upgrade_path()
        summary = t("projector.end_summary", lang, total=format_points(result.total, lang),
                    max=format_points(sum(result.part_max.values()), lang), stars=stars_text(result, lang))
        parts = [f"<p>{escape(summary)}</p>"]
        if path.steps:
            gain = sum(s.gain for s in path.steps)
            parts.append("<p>" + escape(t("projector.path_intro", lang, target=path.target,
                                          threshold=format_points(path.threshold, lang),
                                          gain=format_points(gain, lang))) + "</p><ol>")
            for s in path.steps:
                frm = t("projector.not_chosen", lang) if s.from_points is None else format_points(s.from_points, lang)
                name = s.name_en if lang == "en" and s.name_en else s.name
                step = t("projector.path_step", lang, code=s.code, name=name, from_points=frm,
                         to_points=format_points(s.to_points, lang), to_text=s.to_text)
                parts.append("<li>" + escape(step) + "</li>")
            parts.append("</ol>")
        for m in path.messages:
            parts.append(f"<p>{escape(m.text(lang))}</p>")
        parts.append(f'<p class="ocop-help">{escape(t("projector.end_hint", lang))}</p>')
        self.end_html.value = "".join(parts)
        self.level_row.layout.display = "none"
        self.reveal_button.disabled = True
        self.next_button.disabled = True
        self.prev_button.disabled = False


def build_app(lang: str | None = None, samples: list | None = None) -> ProjectorApp:
    return ProjectorApp(lang=lang, samples=samples)
