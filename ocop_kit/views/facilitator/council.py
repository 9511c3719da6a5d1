"""The mock council: members' sheets (submitted work, the sample or uploads), each member's total
and star, the average, its star, and the spread limit as a setting of this session."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from ... import answers as answers_io
from ... import services
from ...council import CouncilResult
from ...errors import InputError
from ...i18n import pick, t
from ...paths import samples_dir
from ...scoring import format_points
from ...text import escape, star_string
from ..common import message_html

SAMPLE_COUNCILS = samples_dir("council")
MAX_FILE_BYTES = 200_000
MAX_SHEETS = 30  # a council has at most a dozen members; a class demo a few more


def sample_council_folder() -> Path | None:
    """The sample council (one folder of member sheets) under the criteria in force."""
    from ...rubric.registry import default_version_id

    for folder in sorted(p for p in SAMPLE_COUNCILS.iterdir() if p.is_dir()):
        first = next(iter(sorted(folder.glob("*.json"))), None)
        if first and json.loads(first.read_text(encoding="utf-8")).get("rubric") == default_version_id():
            return folder
    return None


def read_upload(shell, name: str, content: bytes) -> tuple[str, dict] | None:
    """(clean name, decoded answers document) of an uploaded file, or None after saying what is
    wrong. The file is content, never a path: a ``"sheet"`` field is refused (answers.parse)."""
    name = answers_io.clean_text(name, 120)
    if len(content) > MAX_FILE_BYTES:
        shell.notify(t("facilitator.file_too_big", shell.lang, name=name), "error")
        return None
    try:
        data = answers_io.decode(content, name, limit=MAX_FILE_BYTES)
        answers_io.parse(data, name)
    except InputError as exc:
        shell.notify(exc.message(shell.lang), "error")
        return None
    return name, data


def upload_box(on_file: Callable[[str, bytes], None], shell, multiple: bool) -> w.FileUpload:
    """A JSON upload whose files go to ``on_file`` one by one, then empties itself."""
    box = w.FileUpload(accept=".json", multiple=multiple, layout=w.Layout(width="auto"))
    # the page refuses larger files before sending them (templates/…/connection-watch.html):
    # a file over the websocket's 10 MiB limit would close the connection instead
    box.add_class(f"ocop-max-bytes-{MAX_FILE_BYTES}")

    def changed(change):
        for item in change["new"] or ():
            shell._safe(on_file, str(item.get("name", "")), bytes(item.get("content", b"")))
        if change["new"]:
            box.value = ()

    box.observe(changed, names="value")
    return box


def minimums_text(unmet, lang: str) -> str:
    """ "A.1.4: 1,33 < 2 (4★)" for each criterion below the minimum a star needs."""
    return "; ".join(f"{m.code}: {format_points(m.has, lang)} < {format_points(m.needs, lang)} ({m.star}★)"
                     for m in unmet)


class CouncilPanel:
    def __init__(self, shell, on_result: Callable[[CouncilResult | None], None]):
        self._shell = shell
        self._on_result = on_result
        self.workshop = None
        self.sheets: list[tuple[str, dict]] = []  # (file name, decoded answers document)
        self.result: CouncilResult | None = None
        self.spread_limit: float | None = None  # None: the version's own limit
        self._rendering = False
        self._intro = w.HTML()
        self._submitted_button = w.Button(icon="users", layout=w.Layout(width="auto"))
        self._submitted_button.on_click(lambda _b: shell._safe(self.load_submitted))
        self._sample_button = w.Button(icon="book", layout=w.Layout(width="auto"))
        self._sample_button.on_click(lambda _b: shell._safe(self.load_sample))
        self._upload = upload_box(self.add_file, shell, multiple=True)
        self._clear_button = w.Button(icon="trash", layout=w.Layout(width="auto"))
        self._clear_button.on_click(lambda _b: self.clear())
        self._spread_label = w.HTML()
        self._spread_input = w.BoundedFloatText(min=0, max=100, step=1, layout=w.Layout(width="7em"))
        self._spread_input.observe(self._on_spread, names="value")
        self._spread_row = w.HBox([self._spread_label, self._spread_input])
        self._html = w.HTML()
        self.widget = w.VBox([
            self._intro, w.HBox([self._submitted_button, self._sample_button, self._upload, self._clear_button]),
            self._spread_row, self._html])

    @property
    def text(self) -> str:
        return self._html.value

    @property
    def _lang(self) -> str:
        return self._shell.lang

    def refresh(self, workshop) -> None:
        """A new room (None: locked): nothing of the last one's council stays."""
        self.workshop = workshop
        self.sheets, self.result, self.spread_limit = [], None, None
        self._render()

    # --- sheets --------------------------------------------------------------------------

    def load_submitted(self) -> None:
        """The trainees' submitted self-assessments of the most common criteria set."""
        if self.workshop is None:
            return
        self.sheets = services.submitted_council(self._shell.store, self.workshop, MAX_SHEETS)
        if not self.sheets:
            self.result = None
            self._shell.notify(t("facilitator.council_none_submitted", self._lang), "warning")
            self._on_result(None)
            self._render()
            return
        self._score()

    def load_sample(self) -> None:
        folder = sample_council_folder()
        self.sheets = ([(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.json"))]
                       if folder else [])
        self._score()

    def add_file(self, name: str, content: bytes) -> None:
        """One uploaded answers file; a bad file gets a message and the others stay."""
        if len(self.sheets) >= MAX_SHEETS and len(content) <= MAX_FILE_BYTES:
            self._shell.notify(t("limits.too_many_files", self._lang, max=MAX_SHEETS), "error")
            return
        upload = read_upload(self._shell, name, content)
        if upload is not None:
            self.sheets.append(upload)
            self._score()

    def clear(self) -> None:
        self.sheets, self.result = [], None
        self._shell.clear_notice()
        self._on_result(None)
        self._render()

    def _score(self) -> None:
        """Score the loaded sheets; a sheet that does not fit the others is dropped with a message."""
        self.result, error = None, None
        while self.sheets and self.result is None:
            try:
                docs = [(name, answers_io.parse(data, name)) for name, data in self.sheets]
                self.result = services.council_from_documents(docs)
            except InputError as exc:
                self.sheets.pop()  # the file just added: keep the ones that fit together
                error = exc
        if error is not None:
            self._shell.notify(error.message(self._lang), "error")
        else:
            self._shell.clear_notice()
        self._on_result(self.result)
        self._render()

    # --- the spread rule -----------------------------------------------------------------

    def current_spread_limit(self) -> float:
        """The session's spread limit: the facilitator's number, else the version's."""
        if self.spread_limit is not None:
            return self.spread_limit
        return self.result.version.spread_limit if self.result else 10.0

    def set_spread_limit(self, value: float | None) -> None:
        self.spread_limit = None if value is None else max(0.0, float(value))
        self._render()

    def _on_spread(self, change) -> None:
        if self._rendering:
            return
        version_limit = self.result.version.spread_limit if self.result else None
        self.set_spread_limit(None if change["new"] == version_limit else change["new"])

    # --- drawing ---------------------------------------------------------------------------

    def _render(self) -> None:
        self._rendering = True
        try:
            lang, r = self._lang, self.result
            self._html.value = (self._table(r) if r else
                                f"<p class='ocop-help'>{escape(t('facilitator.no_sheets', lang))}</p>")
            help_ = (t("facilitator.spread_setting_help", lang, limit=format_points(r.version.spread_limit, lang))
                     if r else "")
            self._spread_label.value = f"<b>{escape(t('facilitator.spread_setting', lang))}</b>" + (
                f" <span class='ocop-help'>{escape(help_)}</span>" if help_ else "")
            self._spread_input.value = self.current_spread_limit()
            self._spread_row.layout.display = None if r else "none"
        finally:
            self._rendering = False

    def _table(self, r: CouncilResult) -> str:
        lang = self._lang
        names = r.cset.by_code()
        rows = "".join(
            f"<tr><td>{escape(name)}</td><td style='text-align:right'>{format_points(res.total, lang)}</td>"
            f"<td>{star_string(res.stars)}</td><td>{escape(minimums_text(res.minimums_unmet, lang))}</td></tr>"
            for name, res in zip(r.names, r.raters, strict=True))
        parts = " · ".join(f"{p}: {format_points(v, lang)}" for p, v in r.parts.items())
        lines = [
            f"<p><b>{escape(r.cset.label(lang))}</b> — {escape(r.version.title_label(lang))}</p>",
            f"<table class='ocop-table'><tr><th>{escape(t('facilitator.rater', lang))}</th>"
            f"<th>{escape(t('facilitator.total', lang))}</th><th></th>"
            f"<th>{escape(t('facilitator.minimums_unmet', lang))}</th></tr>{rows}</table>",
            f"<p>{escape(t('facilitator.average_parts', lang, parts=parts))}</p>",
            f"<h3>{escape(t('facilitator.average', lang, average=format_points(r.average, lang)))} "
            f"{star_string(r.stars)}</h3>",
            f"<p>{escape(pick(r.band.meaning, lang))} {escape(pick(r.band.certified_by, lang))}</p>",
        ]
        if r.minimums_unmet:
            lines.append(message_html(t("facilitator.council_held_back", lang, band=r.band_stars, stars=r.stars,
                                        criteria=minimums_text(r.minimums_unmet, lang)), "warning"))
        limit = self.current_spread_limit()
        if r.spread > limit:
            lines.append(message_html(t("facilitator.spread", lang, spread=format_points(r.spread, lang),
                                        limit=format_points(limit, lang)), "warning"))
        else:
            lines.append(message_html(t("facilitator.spread_ok", lang, spread=format_points(r.spread, lang)),
                                      "success"))
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

    def relabel(self, lang: str) -> None:
        self._intro.value = f"<p>{escape(t('facilitator.council_intro', lang))}</p>"
        self._submitted_button.description = t("facilitator.council_from_submitted", lang)
        self._sample_button.description = t("facilitator.load_sample", lang)
        self._upload.description = t("facilitator.upload", lang)
        self._clear_button.description = t("facilitator.clear", lang)
        self._render()
