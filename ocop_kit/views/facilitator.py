"""The facilitator's page: a workshop's room (roster), council scoring, the class's results.

Nothing shows before the facilitator opens a workshop with its passphrase (or creates one).
There is no list of individual trainees' results: class figures come from submitted work
only, from ``cohort.MIN_GROUP`` trainees on. Thin view: the council comes from
``ocop_kit.council``, the class from ``ocop_kit.cohort``, the room from ``ocop_kit.workshop``.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import ipywidgets as w

from .. import answers as answers_io
from .. import workshop as ws
from ..apps.assessment import APP_ID as ASSESSMENT_APP, Assessment
from ..cohort import class_summary, workshop_summary
from ..council import council
from ..errors import InputError
from ..i18n import pick, t
from ..scoring import format_points
from ..storage import StorageError
from ..text import escape
from .common import AppShell, current_lang, message_html

APP_ID = "facilitator"
ROSTER_REFRESH_S = 30
log = logging.getLogger(__name__)
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
        self.shell.hide_sign_in()  # the facilitator needs no trainee code
        self.workshop: ws.Workshop | None = None
        self.roster: ws.Roster | None = None
        self._timer: threading.Timer | None = None
        self._build_gate()
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
        self.class_intro = w.HTML()
        self.class_html = w.HTML()
        self.workshop_class_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.workshop_class_button.on_click(lambda _b: self.shell._safe(self.show_workshop_class))
        self.submitted_council_button = w.Button(icon="users", layout=w.Layout(width="auto"))
        self.submitted_council_button.on_click(lambda _b: self.shell._safe(self.load_submitted_council))
        self.roster_html = w.HTML()
        self.roster_refresh = w.Button(icon="refresh", layout=w.Layout(width="auto"))
        self.roster_refresh.on_click(lambda _b: self.shell._safe(self.refresh_roster))
        self.room_html = w.HTML()
        self.lock_button = w.Button(icon="lock", layout=w.Layout(width="auto"))
        self.lock_button.on_click(lambda _b: self.lock())

        self.tabs = w.Tab(children=[
            w.VBox([self.roster_refresh, self.roster_html]),
            w.VBox([self.council_intro, w.HBox([self.submitted_council_button, self.sample_button,
                                                self.upload, self.clear_button]),
                    self.council_html]),
            w.VBox([self.class_intro, self.workshop_class_button,
                    w.HBox([self.group_input, self.group_button]), self.class_html]),
        ])
        self.room_box = w.VBox([w.HBox([self.room_html, self.lock_button]), self.tabs])
        self.shell.set_body(self.gate)
        self.shell.on_lang_change(lambda _lang: self.render())
        self.root = self.shell.root
        self.render()

    @property
    def lang(self) -> str:
        return self.shell.lang

    # --- the gate ------------------------------------------------------------------

    def _build_gate(self) -> None:
        self.open_code = w.Text(layout=w.Layout(width="9em"))
        self.open_pass = w.Password(layout=w.Layout(width="16em"))
        self.open_button = w.Button(button_style="primary")
        self.open_button.on_click(lambda _b: self.open(self.open_code.value, self.open_pass.value))
        self.new_inputs = {k: w.Text(layout=w.Layout(width="18em")) for k in ("name", "place", "starts", "ends")}
        self.new_pass = w.Password(layout=w.Layout(width="16em"))
        self.new_repeat = w.Password(layout=w.Layout(width="16em"))
        self.create_button = w.Button(button_style="success")
        self.create_button.on_click(lambda _b: self.create())
        self.gate_labels = {k: w.HTML() for k in ("open", "open_code", "open_pass", "new", "name", "place",
                                                  "starts", "ends", "new_pass", "new_repeat")}
        L = self.gate_labels

        def row(*items):
            box = w.HBox(list(items))
            box.add_class("ocop-row")
            return box

        self.gate = w.VBox([
            L["open"], row(L["open_code"], self.open_code, L["open_pass"], self.open_pass, self.open_button),
            L["new"], *(row(L[k], self.new_inputs[k]) for k in ("name", "place", "starts", "ends")),
            row(L["new_pass"], self.new_pass, L["new_repeat"], self.new_repeat), self.create_button,
        ])

    def open(self, join_code: str, passphrase: str) -> bool:
        """Show the workshop's pages when the passphrase is right."""
        self.open_pass.value = ""
        try:
            workshop = ws.open_workshop(self.shell.store, join_code, passphrase)
        except (ws.WorkshopError, StorageError) as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return False
        self._unlock(workshop)
        return True

    def create(self) -> ws.Workshop | None:
        values = {k: box.value for k, box in self.new_inputs.items()}
        try:
            workshop = ws.create_workshop(self.shell.store, values.pop("name"), self.new_pass.value,
                                          repeat=self.new_repeat.value, **values)
        except (ws.WorkshopError, StorageError) as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return None
        finally:
            self.new_pass.value = self.new_repeat.value = ""
        for box in self.new_inputs.values():
            box.value = ""
        self._unlock(workshop)
        self.shell.notify(t("facilitator.created", self.lang, code=workshop.join_code), "success")
        return workshop

    def _unlock(self, workshop: ws.Workshop) -> None:
        self.workshop = workshop
        self.shell.clear_notice()
        self.shell.set_body(self.room_box)
        self.tabs.selected_index = 0
        self.refresh_roster()
        self.render()
        self._schedule_roster()

    def lock(self) -> None:
        """Back to the gate; nothing of the workshop stays on the page."""
        self._stop_roster()
        self.workshop, self.roster, self.summary = None, None, None
        self.sheets, self.council_result = [], None
        self.roster_html.value = self.class_html.value = self.room_html.value = ""
        self.shell.set_body(self.gate)
        self.render()

    # --- roster ----------------------------------------------------------------------

    def refresh_roster(self) -> None:
        if self.workshop is None:
            return
        try:
            self.roster = ws.roster(self.shell.store, self.workshop)
        except StorageError as exc:
            self.roster_html.value = message_html(exc.message(self.lang), "warning")
            return
        self._render_roster()

    def _schedule_roster(self) -> None:
        """Refresh the roster every ROSTER_REFRESH_S on a daemon timer thread (widget values
        set from a thread reach the page; no reload, no cell running)."""
        self._stop_roster()

        def tick():
            try:
                self.refresh_roster()
            except Exception:  # noqa: BLE001 - a failed refresh must not stop the next
                log.exception("roster refresh failed")
            if self.workshop is not None:
                self._schedule_roster()

        self._timer = threading.Timer(ROSTER_REFRESH_S, tick)
        self._timer.daemon = True
        self._timer.start()

    def _stop_roster(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _render_roster(self) -> None:
        r, lang = self.roster, self.lang
        if r is None:
            self.roster_html.value = ""
            return
        mark = {ws.NONE: "—", ws.STARTED: t("facilitator.roster_started", lang),
                ws.SUBMITTED: "✓ " + t("facilitator.roster_submitted", lang)}
        apps = ws.ROSTER_APPS
        head = "".join(f"<th>{escape(t(f'facilitator.app.{a}', lang))}</th>" for a in apps)
        rows = "".join(
            f"<tr><td>{escape(row.name)}</td>" + "".join(f"<td>{escape(mark[row.apps[a]])}</td>" for a in apps)
            + "</tr>" for row in r.rows)
        counts = " · ".join(
            t("facilitator.roster_counts", lang, app=t(f"facilitator.app.{a}", lang),
              started=r.count(a, ws.STARTED) + r.count(a, ws.SUBMITTED), submitted=r.count(a, ws.SUBMITTED))
            for a in apps)
        self.roster_html.value = (
            f"<p>{escape(t('facilitator.roster_joined', lang, count=len(r.rows)))} {escape(counts)}</p>"
            f"<table class='ocop-table ocop-roster'><tr><th>{escape(t('facilitator.roster_name', lang))}</th>"
            f"{head}</tr>{rows}</table>"
            f"<p class='ocop-help'>{escape(t('facilitator.roster_auto', lang, seconds=ROSTER_REFRESH_S))}</p>")

    # --- council ---------------------------------------------------------------------

    def load_submitted_council(self) -> None:
        """The trainees' submitted self-assessments of the most common product set as a mock council."""
        if self.workshop is None:
            return
        names = ws.names_by_owner(self.shell.store, self.workshop)
        groups: dict[tuple[str, str], list[tuple[str, dict]]] = {}
        for draft in self.shell.store.workshop_drafts(self.workshop.join_code, ASSESSMENT_APP):
            try:
                model = Assessment.from_payload(draft.payload, user_code=draft.user_code)
            except Exception:  # noqa: BLE001 - an unreadable draft is left out
                continue
            sheet = {"rubric": model.version.id, "set": model.cset.name, "rater": names.get(draft.user_code, "?"),
                     "answers": model.answers, "facts": model.facts}
            groups.setdefault((model.version.id, model.cset.name), []).append((names.get(draft.user_code, "?"), sheet))
        if not groups:
            self.sheets, self.council_result = [], None
            self.shell.notify(t("facilitator.council_none_submitted", self.lang), "warning")
            self.render()
            return
        self.sheets = max(groups.values(), key=len)[:MAX_SHEETS]
        self._score_council()

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

    def show_workshop_class(self) -> None:
        if self.workshop is None:
            return
        try:
            self.summary = workshop_summary(self.shell.store, self.workshop.join_code)
            self.shell.clear_notice()
        except StorageError as exc:
            self.summary = None
            self.shell.notify(exc.message(self.lang), "error")
        self._render_class()

    def show_class(self, group: str) -> None:
        if self.workshop is None:
            return
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
        if s.not_counted:
            parts.append(message_html(t("facilitator.class_not_counted", lang, count=s.not_counted), "info"))
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
        self.class_html.value = "".join(parts)

    # --- labels ----------------------------------------------------------------------

    def render(self) -> None:
        lang = self.lang
        self.tabs.set_title(0, t("facilitator.tab_roster", lang))
        self.tabs.set_title(1, t("facilitator.tab_council", lang))
        self.tabs.set_title(2, t("facilitator.tab_class", lang))
        L = self.gate_labels
        for key in ("open", "new"):
            L[key].value = f"<h3>{escape(t(f'facilitator.gate_{key}', lang))}</h3>"
        for key in ("open_code", "open_pass", "name", "place", "starts", "ends", "new_pass", "new_repeat"):
            L[key].value = f"<b>{escape(t(f'facilitator.gate_{key}', lang))}</b>"
        self.open_button.description = t("facilitator.gate_open_button", lang)
        self.create_button.description = t("facilitator.gate_create_button", lang)
        self.lock_button.description = t("facilitator.lock", lang)
        self.roster_refresh.description = t("views.drafts_refresh", lang)
        self.submitted_council_button.description = t("facilitator.council_from_submitted", lang)
        self.workshop_class_button.description = t("facilitator.show_workshop_class", lang)
        w_ = self.workshop
        self.room_html.value = ("" if w_ is None else message_html(t(
            "facilitator.room", lang, name=w_.name, code=w_.join_code,
            when=" – ".join(x for x in (w_.starts, w_.ends) if x), place=w_.place), "success"))
        self._render_roster()
        self.council_intro.value = f"<p>{escape(t('facilitator.council_intro', lang))}</p>"
        self.sample_button.description = t("facilitator.load_sample", lang)
        self.upload.description = t("facilitator.upload", lang)
        self.clear_button.description = t("facilitator.clear", lang)
        self.class_intro.value = f"<p>{escape(t('facilitator.class_intro', lang))}</p>"
        self.group_input.placeholder = t("facilitator.group_placeholder", lang)
        self.group_button.description = t("facilitator.show_class", lang)
        self.council_html.value = (self._council_table() if self.council_result else
                                   f"<p class='ocop-help'>{escape(t('facilitator.no_sheets', lang))}</p>")
        self._render_class()


def build_app(lang: str | None = None, store=None) -> FacilitatorApp:
    return FacilitatorApp(lang=lang, store=store)


def _minimums(unmet, lang: str) -> str:
    """ "A.1.4: 1,33 < 2 (4★)" for each criterion below the minimum a star needs."""
    return "; ".join(f"{m.code}: {format_points(m.has, lang)} < {format_points(m.needs, lang)} ({m.star}★)" for m in unmet)
