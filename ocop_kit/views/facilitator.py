"""The facilitator's page: a council scoring demonstration and a class's results.

Thin view: the council comes from ``ocop_kit.council``, the class from ``ocop_kit.cohort``.
"""
from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as w

from .. import answers as answers_io
from ..cohort import class_summary
from ..council import council
from ..errors import InputError
from ..i18n import pick, t
from ..scoring import format_points
from ..storage import StorageError
from ..text import escape
from .common import AppShell, current_lang, message_html

APP_ID = "facilitator"
SAMPLE_COUNCILS = Path(__file__).resolve().parents[2] / "data" / "samples" / "council"


def sample_council_folder() -> Path | None:
    """The sample council (one folder of member sheets) under the criteria in force."""
    from ..rubric.registry import default_version_id

    for folder in sorted(p for p in SAMPLE_COUNCILS.iterdir() if p.is_dir()):
        first = next(iter(sorted(folder.glob("*.json"))), None)
        if first and json.loads(first.read_text(encoding="utf-8")).get("rubric") == default_version_id():
            return folder
    return None
MAX_FILE_BYTES = 200_000
MAX_SHEETS = 30  # a council has at most a dozen members; a class demo a few more


def _stars(n: int) -> str:
    return "★" * n + "☆" * (5 - n)


class FacilitatorApp:
    def __init__(self, lang: str | None = None, store=None):
        self.shell = AppShell(APP_ID, "facilitator.title", lang or current_lang(), store=store)
        for part in (self.shell.login_row, self.shell.login_help, self.shell.who_html):
            part.layout.display = "none"  # the facilitator needs no trainee code
        self.sheets: list[tuple[str, dict]] = []  # (file name, decoded answers document)
        self.council_result = None
        self.summary = None

        self.sample_button = w.Button(icon="users", layout=w.Layout(width="auto"))
        self.sample_button.on_click(lambda _b: self.load_sample())
        self.upload = w.FileUpload(accept=".json", multiple=True, layout=w.Layout(width="auto"))
        # the page refuses larger files before sending them (templates/…/connection-watch.html):
        # a file over the websocket's 10 MiB limit would close the connection instead
        self.upload.add_class(f"ocop-max-bytes-{MAX_FILE_BYTES}")
        self.upload.observe(self._on_upload, names="value")
        self.clear_button = w.Button(layout=w.Layout(width="auto"))
        self.clear_button.on_click(lambda _b: self.clear())
        self.council_html = w.HTML()
        self.council_intro = w.HTML()

        self.group_input = w.Text(layout=w.Layout(width="12em"))
        self.group_button = w.Button(button_style="primary")
        self.group_button.on_click(lambda _b: self.shell._safe(self.show_class, self.group_input.value))
        self.show_names = w.Checkbox(value=False, indent=False)
        self.show_names.observe(lambda _c: self._render_class(), names="value")
        self.class_intro = w.HTML()
        self.class_html = w.HTML()

        self.tabs = w.Tab(children=[
            w.VBox([self.council_intro, w.HBox([self.sample_button, self.upload, self.clear_button]),
                    self.council_html]),
            w.VBox([self.class_intro, w.HBox([self.group_input, self.group_button]), self.show_names,
                    self.class_html]),
        ])
        self.shell.set_body(self.tabs)
        self.shell.on_lang_change(lambda _lang: self.render())
        self.root = self.shell.root
        self.render()

    @property
    def lang(self) -> str:
        return self.shell.lang

    # --- council ---------------------------------------------------------------------

    def load_sample(self) -> None:
        folder = sample_council_folder()
        self.sheets = [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.json"))] if folder else []
        self._score_council()

    def add_file(self, name: str, content: bytes) -> None:
        """One uploaded answers file; a bad file gets a message and the others stay.

        The file is content, never a path: a ``"sheet"`` field is refused (answers.parse).
        """
        name = answers_io.clean_text(name, 120)
        if len(content) > MAX_FILE_BYTES:
            self.shell.notify(t("facilitator.file_too_big", self.lang, name=name), "error")
            return
        if len(self.sheets) >= MAX_SHEETS:
            self.shell.notify(t("limits.too_many_files", self.lang, max=MAX_SHEETS), "error")
            return
        try:
            data = answers_io.decode(content, name, limit=MAX_FILE_BYTES)
            answers_io.parse(data, name)
        except InputError as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return
        self.sheets.append((name, data))
        self._score_council()

    def clear(self) -> None:
        self.sheets, self.council_result = [], None
        self.shell.clear_notice()
        self.render()

    def _on_upload(self, change) -> None:
        for item in change["new"] or ():
            self.shell._safe(self.add_file, str(item.get("name", "")), bytes(item.get("content", b"")))
        if change["new"]:
            self.upload.value = ()

    def _score_council(self) -> None:
        """Score the loaded sheets; a sheet that does not fit the others is dropped with a message."""
        self.council_result, error = None, None
        while self.sheets and self.council_result is None:
            try:
                self.council_result = self._council_of(self.sheets)
            except InputError as exc:
                self.sheets.pop()  # the file just added: keep the ones that fit together
                error = exc
        if error is not None:
            self.shell.notify(error.message(self.lang), "error")
        else:
            self.shell.clear_notice()
        self.render()

    @staticmethod
    def _council_of(sheets):
        docs = [(name, answers_io.parse(data, name)) for name, data in sheets]
        first_name, first = docs[0]
        version, cset = answers_io.resolve(first, first_name)
        for name, doc in docs[1:]:
            other_version, other = answers_io.resolve(doc, name)
            if (other_version.id, other.name) != (version.id, cset.name):
                raise InputError("input.mixed_sets", name, first=cset.name, other=other.name)
        raters = [(doc.info.get("rater") or Path(name).stem, doc.answers, doc.facts) for name, doc in docs]
        return council(version, cset, raters)

    def _council_table(self) -> str:  # noqa: C901 - one table, read top to bottom
        r, lang = self.council_result, self.lang
        names = r.cset.by_code()
        rows = "".join(
            f"<tr><td>{escape(name)}</td><td style='text-align:right'>{format_points(res.total, lang)}</td>"
            f"<td>{_stars(res.stars)}</td><td>{escape(_minimums(res.minimums_unmet, lang))}</td></tr>"
            for name, res in zip(r.names, r.raters))
        parts = " · ".join(f"{p}: {format_points(v, lang)}" for p, v in r.parts.items())
        lines = [
            f"<p><b>{escape(r.cset.label(lang))}</b> — {escape(r.version.title_label(lang))}</p>",
            f"<table class='ocop-table'><tr><th>{escape(t('facilitator.rater', lang))}</th>"
            f"<th>{escape(t('facilitator.total', lang))}</th><th></th>"
            f"<th>{escape(t('facilitator.minimums_unmet', lang))}</th></tr>{rows}</table>",
            f"<p>{escape(t('facilitator.average_parts', lang, parts=parts))}</p>",
            f"<h3>{escape(t('facilitator.average', lang, average=format_points(r.average, lang)))} "
            f"{_stars(r.stars)}</h3>",
            f"<p>{escape(pick(r.band.meaning, lang))} {escape(pick(r.band.certified_by, lang))}</p>",
        ]
        if r.minimums_unmet:
            lines.append(message_html(t("facilitator.council_held_back", lang, band=r.band_stars, stars=r.stars,
                                        criteria=_minimums(r.minimums_unmet, lang)), "warning"))
        if r.spread_exceeded:
            lines.append(message_html(t("facilitator.spread", lang, spread=format_points(r.spread, lang),
                                        limit=format_points(r.version.spread_limit, lang)), "warning"))
        else:
            lines.append(message_html(t("facilitator.spread_ok", lang, spread=format_points(r.spread, lang)), "success"))
        if r.version.spread_source:
            lines.append(f"<p class='ocop-help'>{escape(pick(r.version.spread_source, lang))}</p>")
        if r.central_candidate:
            lines.append(message_html(t("cli.central_candidate", lang), "info"))
        if r.widest:
            items = "".join(
                f"<li>{escape(d.code)} {escape(names[d.code].label(lang))}: "
                f"{format_points(d.low, lang)}–{format_points(d.high, lang)}</li>" for d in r.widest)
            lines.append(f"<p><b>{escape(t('facilitator.widest', lang))}</b></p><ul>{items}</ul>")
        return "".join(lines)

    # --- class -----------------------------------------------------------------------

    def show_class(self, group: str) -> None:
        try:
            self.summary = class_summary(self.shell.store, group)
            self.shell.clear_notice()
        except StorageError as exc:
            self.summary = None
            self.shell.notify(exc.message(self.lang), "error")
        self._render_class()

    def _render_class(self) -> None:
        s, lang = self.summary, self.lang
        if s is None:
            self.class_html.value = ""
            return
        parts = [message_html(t("facilitator.class_size", lang, group=s.group, size=s.size), "info")]
        if s.skipped:
            parts.append(message_html(t("facilitator.class_skipped", lang, count=s.skipped), "warning"))
        if not s.shown:
            parts.append(message_html(t("facilitator.class_too_small", lang, min=s.min_group), "warning"))
        else:
            bars = "".join(
                f"<tr><td>{_stars(n) if n else escape(t('facilitator.excluded', lang))}</td>"
                f"<td style='text-align:right'>{count}</td><td>{'▇' * count}</td></tr>"
                for n, count in sorted(s.stars.items(), reverse=True) if count or n)
            parts.append(f"<table class='ocop-table'>{bars}</table>")
            parts.append(f"<p>{escape(t('facilitator.class_stats', lang, mean=format_points(s.mean_total, lang), median=format_points(s.median_total, lang), certified=s.certified, size=s.size))}</p>")
            if s.weakest:
                items = "".join(f"<li>{escape(code)} {escape(name)}: {format_points(share * 100, lang)} %</li>"
                                for code, name, share in s.weakest)
                parts.append(f"<p><b>{escape(t('facilitator.weakest', lang))}</b></p><ul>{items}</ul>")
        if self.show_names.value and s.trainees:
            rows = "".join(
                f"<tr><td>{escape(r.user_code)}</td><td>{escape(r.product)}</td><td>{escape(r.set_name)}</td>"
                f"<td style='text-align:right'>{format_points(r.total, lang)}</td><td>{_stars(r.stars)}</td>"
                f"<td>{r.answered}/{r.criteria}</td></tr>" for r in s.trainees)
            head = "".join(f"<th>{escape(t(k, lang))}</th>" for k in (
                "facilitator.col_code", "facilitator.col_product", "facilitator.col_set", "facilitator.total",
                "facilitator.col_stars", "facilitator.col_answered"))
            parts.append(f"<table class='ocop-table'><tr>{head}</tr>{rows}</table>")
        self.class_html.value = "".join(parts)

    # --- labels ----------------------------------------------------------------------

    def render(self) -> None:
        lang = self.lang
        self.tabs.set_title(0, t("facilitator.tab_council", lang))
        self.tabs.set_title(1, t("facilitator.tab_class", lang))
        self.council_intro.value = f"<p>{escape(t('facilitator.council_intro', lang))}</p>"
        self.sample_button.description = t("facilitator.load_sample", lang)
        self.upload.description = t("facilitator.upload", lang)
        self.clear_button.description = t("facilitator.clear", lang)
        self.class_intro.value = f"<p>{escape(t('facilitator.class_intro', lang))}</p>"
        self.group_input.placeholder = t("facilitator.group_placeholder", lang)
        self.group_button.description = t("facilitator.show_class", lang)
        self.show_names.description = t("facilitator.show_names", lang)
        self.council_html.value = (self._council_table() if self.council_result else
                                   f"<p class='ocop-help'>{escape(t('facilitator.no_sheets', lang))}</p>")
        self._render_class()


def build_app(lang: str | None = None, store=None) -> FacilitatorApp:
    return FacilitatorApp(lang=lang, store=store)


def _minimums(unmet, lang: str) -> str:
    """ "A.1.4: 1,33 < 2 (4★)" for each criterion below the minimum a star needs."""
    return "; ".join(f"{m.code}: {format_points(m.has, lang)} < {format_points(m.needs, lang)} ({m.star}★)" for m in unmet)
