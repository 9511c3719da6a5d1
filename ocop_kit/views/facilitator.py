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
from .. import hub
from .. import workshop as ws
from ..apps.assessment import APP_ID as ASSESSMENT_APP, Assessment
from ..calibration import against_reference
from ..cohort import class_summary, workshop_plan_viability, workshop_summary
from ..council import council
from ..reports import class_export
from ..errors import InputError
from ..i18n import pick, t
from ..scoring import format_points
from ..storage import StorageError
from ..text import escape, star_string
from .common import AppShell, current_lang, message_html
from .downloads import download_link
from ..paths import samples_dir

APP_ID = "facilitator"
ROSTER_REFRESH_S = 30
log = logging.getLogger(__name__)
SAMPLE_COUNCILS = samples_dir("council")
SAMPLE_ANSWERS = samples_dir("answers")


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


class FacilitatorApp:
    def __init__(self, lang: str | None = None, store=None):
        self._rendering = False
        self.shell = AppShell(APP_ID, "facilitator.title", lang or current_lang(), store=store)
        self.shell.hide_sign_in()  # the facilitator needs no trainee code
        self.workshop: ws.Workshop | None = None
        self.roster: ws.Roster | None = None
        self._timer: threading.Timer | None = None
        self._build_gate()
        self.sheets: list[tuple[str, dict]] = []  # (file name, decoded answers document)
        self.council_result = None
        self.summary = None
        self.plans = None  # cohort.PlanViability of the workshop
        self.reference: tuple[str, dict] | None = None  # (file name, answers document)
        self.calibration = None
        self.spread_limit: float | None = None  # None: the version's own limit
        self.export_entries = None

        self.spread_input = w.BoundedFloatText(min=0, max=100, step=1, layout=w.Layout(width="7em"))
        self.spread_input.observe(self._on_spread, names="value")
        self.spread_label = w.HTML()
        self.reference_pick = w.Dropdown(layout=w.Layout(width="auto"))
        self.reference_pick.observe(self._on_reference_pick, names="value")
        self.reference_upload = w.FileUpload(accept=".json", multiple=False, layout=w.Layout(width="auto"))
        self.reference_upload.add_class(f"ocop-max-bytes-{MAX_FILE_BYTES}")
        self.reference_upload.observe(self._on_reference_upload, names="value")
        self.reference_label = w.HTML()
        self.reference_html = w.HTML()
        self.export_intro = w.HTML()
        self.export_button = w.Button(icon="download", button_style="primary", layout=w.Layout(width="auto"))
        self.export_button.on_click(lambda _b: self.shell._safe(self.prepare_exports))
        self.export_html = w.HTML()

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
                    w.HBox([self.spread_label, self.spread_input]), self.council_html,
                    self.reference_label, w.HBox([self.reference_pick, self.reference_upload]),
                    self.reference_html]),
            w.VBox([self.class_intro, self.workshop_class_button,
                    w.HBox([self.group_input, self.group_button]), self.class_html]),
            w.VBox([self.export_intro, self.export_button, self.export_html]),
        ])
        self.room_box = w.VBox([w.HBox([self.room_html, self.lock_button]), self.tabs])
        self.shell.set_body(self.gate)
        self.shell.on_lang_change(lambda _lang: self.render())
        self.root = self.shell.root
        self.render()
        self._use_hub_gate()  # under JupyterHub the hub decides who facilitates (ocop_kit.hub)

    @property
    def lang(self) -> str:
        return self.shell.lang

    # --- under JupyterHub: the hub's facilitator group instead of a passphrase ----------

    def _use_hub_gate(self) -> None:
        """The gate becomes the facilitator's workshops (their hub groups), or why not."""
        decision = hub.facilitator_gate(self.shell.store)
        if decision is None:
            return
        intro = w.HTML()
        buttons = [w.Button(button_style="primary", layout=w.Layout(width="auto")) for _ in decision.workshops]
        for button, workshop in zip(buttons, decision.workshops):
            button.on_click(lambda _b, chosen=workshop: self._unlock(chosen))

        def label(lang):
            intro.value = message_html(decision.message(lang), "info" if decision.allowed else "error")
            for button, workshop in zip(buttons, decision.workshops):
                button.description = t("hub.open_workshop", lang, group=workshop.name)

        label(self.lang)
        self.shell.on_lang_change(label)
        self.gate = w.VBox([intro, *buttons])
        self.shell.set_body(self.gate)
        if len(decision.workshops) == 1:
            self._unlock(decision.workshops[0])

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
        self.workshop, self.roster, self.summary, self.plans = None, None, None, None
        self.sheets, self.council_result, self.export_entries = [], None, None
        self.reference, self.calibration, self.spread_limit = None, None, None
        self.roster_html.value = self.class_html.value = self.room_html.value = ""
        self.export_html.value = self.reference_html.value = ""
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
        if len(self.sheets) >= MAX_SHEETS and len(content) <= MAX_FILE_BYTES:
            self.shell.notify(t("limits.too_many_files", self.lang, max=MAX_SHEETS), "error")
            return
        upload = self._read_upload(name, content)
        if upload is not None:
            self.sheets.append(upload)
            self._score_council()

    def _read_upload(self, name: str, content: bytes) -> tuple[str, dict] | None:
        """(clean name, decoded answers document) of an uploaded file, or None after saying what is wrong."""
        name = answers_io.clean_text(name, 120)
        if len(content) > MAX_FILE_BYTES:
            self.shell.notify(t("facilitator.file_too_big", self.lang, name=name), "error")
            return None
        try:
            data = answers_io.decode(content, name, limit=MAX_FILE_BYTES)
            answers_io.parse(data, name)
        except InputError as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return None
        return name, data

    def clear(self) -> None:
        self.sheets, self.council_result, self.calibration = [], None, None
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
        self._calibrate()
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
            f"<td>{star_string(res.stars)}</td><td>{escape(_minimums(res.minimums_unmet, lang))}</td></tr>"
            for name, res in zip(r.names, r.raters))
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
                                        criteria=_minimums(r.minimums_unmet, lang)), "warning"))
        limit = self.current_spread_limit()
        if r.spread > limit:
            lines.append(message_html(t("facilitator.spread", lang, spread=format_points(r.spread, lang),
                                        limit=format_points(limit, lang)), "warning"))
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

    # --- spread rule and reference sheet ---------------------------------------------

    def current_spread_limit(self) -> float:
        """The session's spread limit: the facilitator's number, else the version's."""
        if self.spread_limit is not None:
            return self.spread_limit
        return self.council_result.version.spread_limit if self.council_result else 10.0

    def set_spread_limit(self, value: float | None) -> None:
        self.spread_limit = None if value is None else max(0.0, float(value))
        self.render()

    def _on_spread(self, change) -> None:
        if self._rendering:
            return
        version_limit = self.council_result.version.spread_limit if self.council_result else None
        self.set_spread_limit(None if change["new"] == version_limit else change["new"])

    def reference_options(self) -> list[tuple[str, str]]:
        """(label, file name) of the sample answers files that score the council's set."""
        r = self.council_result
        if r is None or not SAMPLE_ANSWERS.is_dir():
            return []
        out = []
        for path in sorted(SAMPLE_ANSWERS.glob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if doc.get("rubric") == r.version.id and doc.get("set") == r.cset.name:
                out.append((f"{doc.get('product') or path.stem} ({path.name})", path.name))
        return out

    def pick_reference(self, file_name: str | None) -> None:
        """A sample answers file (by name, from SAMPLE_ANSWERS only) as the reference."""
        if self.reference is not None and file_name == self.reference[0]:
            return  # the uploaded reference, chosen again
        if file_name not in [v for _label, v in self.reference_options()]:
            self.reference = None
        else:
            path = SAMPLE_ANSWERS / file_name
            self.reference = (path.name, json.loads(path.read_text(encoding="utf-8")))
        self._calibrate()
        self.render()

    def add_reference(self, name: str, content: bytes) -> None:
        """An uploaded answers file as the reference (content, never a path)."""
        upload = self._read_upload(name, content)
        if upload is not None:
            self.reference = upload
            self._calibrate()
            self.render()

    def _on_reference_pick(self, change) -> None:
        if not self._rendering:
            self.shell._safe(self.pick_reference, change["new"])

    def _on_reference_upload(self, change) -> None:
        for item in change["new"] or ():
            self.shell._safe(self.add_reference, str(item.get("name", "")), bytes(item.get("content", b"")))
        if change["new"]:
            self.reference_upload.value = ()

    def _calibrate(self) -> None:
        self.calibration = None
        if self.council_result is None or self.reference is None:
            return
        name, data = self.reference
        r = self.council_result
        try:
            doc = answers_io.parse(data, name)
            version, cset = answers_io.resolve(doc, name)
        except InputError as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return
        if (version.id, cset.name) != (r.version.id, r.cset.name):
            self.reference = None  # said once; the next council starts without it
            self.shell.notify(t("facilitator.reference_mismatch", self.lang, name=name, first=r.cset.name,
                                other=cset.name), "error")
            return
        self.calibration = against_reference(r, name, doc.answers, doc.facts)

    def _reference_table(self) -> str:
        c, lang = self.calibration, self.lang
        if c is None:
            return ""

        def signed(x: float) -> str:
            return ("+" if x > 0 else "") + format_points(x, lang)

        rows = "".join(
            f"<tr><td>{escape(rc.name)}</td><td style='text-align:right'>{format_points(rc.total, lang)}</td>"
            f"<td style='text-align:right'>{signed(rc.total_diff)}</td><td>"
            + (escape("; ".join(f"{d.code}: {signed(d.diff)}" for d in rc.criteria)) if rc.criteria
               else escape(t("facilitator.reference_same", lang)))
            + "</td></tr>" for rc in c.raters)
        return (f"<p>{escape(t('facilitator.reference_total', lang, name=c.reference_name, total=format_points(c.reference.total, lang), stars=star_string(c.reference.stars)))}</p>"
                f"<table class='ocop-table ocop-calibration'><tr><th>{escape(t('facilitator.rater', lang))}</th>"
                f"<th>{escape(t('facilitator.total', lang))}</th>"
                f"<th>{escape(t('facilitator.reference_col_diff', lang))}</th>"
                f"<th>{escape(t('facilitator.reference_col_criteria', lang))}</th></tr>{rows}</table>")

    # --- exports ---------------------------------------------------------------------

    def prepare_exports(self) -> None:
        """XLSX, CSV and a zip of A4 reports of the workshop's submitted work, as links."""
        if self.workshop is None:
            return
        lang = self.lang
        try:
            entries, skipped = class_export.submitted_entries(self.shell.store, self.workshop)
        except StorageError as exc:
            self.export_html.value = message_html(exc.message(lang), "error")
            return
        self.export_entries = entries
        parts = []
        if skipped:
            parts.append(message_html(t("facilitator.export_skipped", lang, count=skipped), "warning"))
        if not entries:
            self.export_html.value = "".join(parts) + message_html(t("facilitator.export_none", lang), "info")
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
        self.export_html.value = "".join(parts) + "<div class='ocop-downloads'>" + "<br>".join(links) + "</div>"

    # --- class -----------------------------------------------------------------------

    def show_workshop_class(self) -> None:
        if self.workshop is None:
            return
        try:
            self.summary = workshop_summary(self.shell.store, self.workshop.join_code)
            self.plans = workshop_plan_viability(self.shell.store, self.workshop.join_code)
            self.shell.clear_notice()
        except StorageError as exc:
            self.summary, self.plans = None, None
            self.shell.notify(exc.message(self.lang), "error")
        self._render_class()

    def show_class(self, group: str) -> None:
        if self.workshop is None:
            return
        self.plans = None  # a class of trainee codes has no plan figures here
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
                f"<tr><td>{star_string(n) if n else escape(t('facilitator.excluded', lang))}</td>"
                f"<td style='text-align:right'>{count}</td><td>{'▇' * count}</td></tr>"
                for n, count in sorted(s.stars.items(), reverse=True) if count or n)
            parts.append(f"<table class='ocop-table'>{bars}</table>")
            parts.append(f"<p>{escape(t('facilitator.class_stats', lang, mean=format_points(s.mean_total, lang), median=format_points(s.median_total, lang), certified=s.certified, size=s.size))}</p>")
            if s.weakest:
                items = "".join(f"<li>{escape(code)} {escape(name)}: {format_points(share * 100, lang)} %</li>"
                                for code, name, share in s.weakest)
                parts.append(f"<p><b>{escape(t('facilitator.weakest', lang))}</b></p><ul>{items}</ul>")
            if s.lowest:
                items = "".join(f"<li>{escape(code)} {escape(name)}: {format_points(share * 100, lang)} %</li>"
                                for code, name, share in s.lowest)
                parts.append(f"<p><b>{escape(t('facilitator.lowest', lang))}</b></p><ul>{items}</ul>")
        parts.append(self._plans_html())
        self.class_html.value = "".join(parts)

    def _plans_html(self) -> str:
        p, lang = self.plans, self.lang
        if p is None:
            return ""
        out = [f"<h4>{escape(t('facilitator.plans_title', lang))}</h4>",
               message_html(t("facilitator.plans_size", lang, readable=p.readable, submitted=p.submitted), "info")]
        if p.not_counted:
            out.append(message_html(t("facilitator.plans_not_counted", lang, count=p.not_counted), "info"))
        if not p.shown:
            out.append(message_html(t("facilitator.plans_too_small", lang, min=p.min_group), "warning"))
        else:
            out.append(f"<ul><li>{escape(t('facilitator.plans_negative_cash', lang, count=p.negative_cash, size=p.readable))}</li>"
                       f"<li>{escape(t('facilitator.plans_breakeven', lang, count=p.breakeven_beyond_y3, size=p.readable))}</li></ul>")
        return "".join(out)

    # --- labels ----------------------------------------------------------------------

    def render(self) -> None:
        self._rendering = True
        try:
            self._render()
        finally:
            self._rendering = False

    def _render(self) -> None:
        lang = self.lang
        self.tabs.set_title(0, t("facilitator.tab_roster", lang))
        self.tabs.set_title(1, t("facilitator.tab_council", lang))
        self.tabs.set_title(2, t("facilitator.tab_class", lang))
        self.tabs.set_title(3, t("facilitator.tab_export", lang))
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
        r = self.council_result
        self.spread_label.value = f"<b>{escape(t('facilitator.spread_setting', lang))}</b>" + (
            f" <span class='ocop-help'>{escape(t('facilitator.spread_setting_help', lang, limit=format_points(r.version.spread_limit, lang)))}</span>"
            if r else "")
        self.spread_input.value = self.current_spread_limit()
        self.reference_label.value = f"<h4>{escape(t('facilitator.reference_title', lang))}</h4>"
        options = [(t("facilitator.reference_none", lang), None)] + self.reference_options()
        chosen = self.reference[0] if self.reference else None
        if chosen is not None and chosen not in [v for _l, v in options]:
            options.append((chosen, chosen))  # an uploaded reference
        self.reference_pick.options = options
        self.reference_pick.value = chosen
        self.reference_pick.description = t("facilitator.reference_pick", lang)
        self.reference_upload.description = t("facilitator.reference_upload", lang)
        for box in (self.spread_label, self.spread_input, self.reference_label, self.reference_pick,
                    self.reference_upload, self.reference_html):
            box.layout.display = None if r else "none"
        self.reference_html.value = self._reference_table()
        self.export_intro.value = f"<p>{escape(t('facilitator.export_intro', lang))}</p>"
        self.export_button.description = t("facilitator.export_prepare", lang)
        self._render_class()


def build_app(lang: str | None = None, store=None) -> FacilitatorApp:
    return FacilitatorApp(lang=lang, store=store)


def _minimums(unmet, lang: str) -> str:
    """ "A.1.4: 1,33 < 2 (4★)" for each criterion below the minimum a star needs."""
    return "; ".join(f"{m.code}: {format_points(m.has, lang)} < {format_points(m.needs, lang)} ({m.star}★)" for m in unmet)
