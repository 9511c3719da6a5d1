"""The self-assessment app: a thin ipywidgets view over ``ocop_kit.apps.assessment.Assessment``.

Start-up imports neither pandas nor matplotlib: the chart imports matplotlib when its tab
opens, the PDF imports fpdf2 when asked for. An answer updates the summary, the badges of
the criteria whose status changed and (when open) the chart and the plan, in place; no
widget is rebuilt on a change.
"""
from __future__ import annotations

import logging
from pathlib import Path

import ipywidgets as w

from .. import answers as answers_io
from ..apps.assessment import APP_ID, INFO_FIELDS, INFO_MAX, EVIDENCE_MAX, Assessment
from ..autosave import Autosaver
from ..errors import InputError
from ..i18n import pick, t, tn
from ..rubric.registry import default_version_id, load_version, version_ids
from ..rubric.rules import in_words
from ..rubric.search import search_sets
from ..scoring import COUNTED, format_points
from ..storage import StorageError, new_draft_id
from ..text import escape, slugify, star_string
from .common import AppShell, DraftList, busy, current_lang, message_html
from .dossier_panel import DossierPanel
from .downloads import download_link
from .set_search import SuggestionRow, note_html, option_label
from ..paths import samples_dir

log = logging.getLogger(__name__)
FACT_ANSWERS = {"yes": True, "no": False, "unknown": None}

SAMPLES_DIR = samples_dir("answers")
NOT_ANSWERED = -1
TAB_FORM, TAB_PLAN, TAB_CHART, TAB_EXPORT, TAB_DOSSIER = 0, 1, 2, 3, 4


def level_label(criterion, level, lang: str) -> str:
    points = t("assessment.points", lang, points=format_points(level.points, lang))
    mark = f" [{t('assessment.level_minimum', lang, stars=level.min_stars)}]" if level.min_stars else ""
    if len(criterion.cases) > 1:
        return t("assessment.case_level", lang, case=level.case, points=points, text=level.text) + mark
    return f"{points} — {level.text}{mark}"


def version_status(version, lang: str) -> str:
    """Why an old version is not the one in force (shown whenever it is chosen)."""
    current = load_version(default_version_id())
    return t("score.not_in_force", lang, version=version.title_label(lang), current=current.title_label(lang),
             note=pick(version.status_note, lang))


def held_back_markup(model: Assessment, result, lang: str) -> str:
    """The criteria that hold the star back (or block the next one): where they are, what they need."""
    if result.excluded:
        return ""
    star = result.band_stars if result.held_back else result.stars + 1
    blocking = result.minimums_unmet if result.held_back else result.holding_back(star)
    if not blocking:
        return ""
    by_code = model.cset.by_code()
    key = "assessment.held_back_by" if result.held_back else "assessment.next_star_needs"
    items = []
    for m in blocking:
        criterion = by_code[m.code]
        answered = result.row(m.code).answered is not None
        has, needs = criterion.level_for(m.has) if answered else None, criterion.level_for(m.needs)
        now = (tn('assessment.minimum_has', m.has, lang, points=format_points(m.has, lang)) if answered
               else t('assessment.not_answered', lang))
        items.append(
            f"<li><b>{escape(m.code)}</b> {escape(criterion.label(lang))}: {escape(now)}"
            + (f" <span class='ocop-help'>({escape(has.text)})</span>" if has else "")
            + f" → {escape(tn('assessment.minimum_needs', m.needs, lang, star=m.star, points=format_points(m.needs, lang)))}"
            + (f" <span class='ocop-help'>({escape(needs.text)})</span>" if needs else "") + "</li>")
    head = escape(t(key, lang, stars=star, band=result.band_stars))
    return f"<div class='ocop-held-back'><b>{head}</b><ul>{''.join(items)}</ul></div>"


def rules_in_words(model: Assessment, criterion, lang: str) -> list[str]:
    out = in_words(criterion, model.version.facts, lang)
    for star, _ in criterion.minimums:
        out.append(t("assessment.rule_minimum", lang, star=star, needs=format_points(criterion.minimum(star), lang)))
    return out


def render_chart_png(model: Assessment, lang: str) -> bytes:
    """Parts against their maxima and the total against the star thresholds (matplotlib, Agg)."""
    from io import BytesIO

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    result = model.result()
    version = model.version
    fig = Figure(figsize=(6.4, 3.2), dpi=100)
    FigureCanvasAgg(fig)
    ax_parts, ax_total = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    parts = list(version.parts)
    maxima = [result.part_max[p] for p in parts]
    got = [result.parts[p] for p in parts]
    ax_parts.barh(parts, maxima, color="#e4e9ef", label=t("assessment.chart_max", lang))
    ax_parts.barh(parts, got, color="#3b7dbf", label=t("assessment.chart_points", lang))
    for i, (g, m) in enumerate(zip(got, maxima)):
        ax_parts.text(m, i, f" {format_points(g, lang)}/{format_points(m, lang)}", va="center", fontsize=8)
    ax_parts.invert_yaxis()
    ax_parts.set_xlim(0, max(maxima or [1]) * 1.35)
    ax_parts.set_title(t("assessment.chart_parts", lang), fontsize=9)
    ax_parts.tick_params(labelsize=8)
    total_max = sum(maxima) or version.total_max
    ax_total.bar([0], [result.total], color="#d08a00" if result.stars < 3 else "#3c8d3c", width=0.5)
    for band in version.bands:
        if band.low > 0:
            ax_total.axhline(band.low, color="#888", lw=0.8, ls="--")
            ax_total.text(0.3, band.low, f" {band.stars}★ {format_points(band.low, lang)}", va="bottom", fontsize=7)
    ax_total.set_ylim(0, total_max)
    ax_total.set_xlim(-0.5, 0.9)
    ax_total.set_xticks([])
    ax_total.set_title(t("assessment.chart_total", lang, total=format_points(result.total, lang)), fontsize=9)
    ax_total.tick_params(labelsize=8)
    fig.tight_layout()
    buf = BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class CriterionControl:
    """One criterion: level texts as choices, note and rules in plain words, evidence asked, own note."""

    def __init__(self, app: "AssessmentApp", code: str):
        self.app = app
        self.code = code
        model = app.model
        self.criterion = model.criterion(code)
        self.header = w.HTML()
        self.info = w.HTML()
        self.choice = w.RadioButtons(layout=w.Layout(width="100%"))
        self.evidence_asked = w.HTML()
        self.note = w.Textarea(value=model.evidence.get(code, ""), rows=2,
                               layout=w.Layout(width="100%"))
        self.status = w.HTML()
        self.root = w.VBox([self.header, self.info, self.choice, self.status, self.evidence_asked, self.note])
        self.root.add_class("ocop-criterion")
        self._status_key = None
        self.relabel(app.lang)
        self.choice.observe(self._on_choice, names="value")
        self.note.observe(self._on_note, names="value")

    def relabel(self, lang: str) -> None:
        c = self.criterion
        parent = f"{escape(c.parent_en if lang == 'en' and c.parent_en else c.parent)} › " if c.parent else ""
        self.header.value = (f"<b>{escape(c.code)}</b> {parent}{escape(c.label(lang))} "
                             f"<span class='ocop-help'>({escape(tn('assessment.max_points', c.max_points, lang, points=format_points(c.max_points, lang)))})</span>")
        lines = []
        if c.note:
            lines.append(escape(c.note))
        if len(c.cases) > 1:
            lines.append(escape(t("assessment.cases_hint", lang)))
        lines += [escape(text) for text in rules_in_words(self.app.model, c, lang)]
        self.info.value = "<div class='ocop-help'>" + "<br>".join(lines) + "</div>" if lines else ""
        evidence = c.evidence_label(lang)
        self.evidence_asked.value = (f"<div class='ocop-help'><b>{escape(t('assessment.evidence_asked', lang))}</b> "
                                     f"{escape(evidence)}</div>") if evidence else ""
        self.note.placeholder = t("assessment.evidence_placeholder", lang)
        with self.app.syncing():
            self.choice.options = [(t("assessment.not_answered", lang), NOT_ANSWERED)] + [
                (level_label(c, lv, lang), i) for i, lv in enumerate(c.levels)]
            self.sync_from_model()
        self._status_key = None
        self.update_status(self.app.model.result())

    def sync_from_model(self) -> None:
        index = self.app.model.level_index(self.code)
        with self.app.syncing():
            self.choice.value = NOT_ANSWERED if index is None else index
            note = self.app.model.evidence.get(self.code, "")
            if self.note.value != note:
                self.note.value = note

    def update_status(self, result) -> None:
        row = result.row(self.code)
        key = row.status
        if key == self._status_key:
            return
        self._status_key = key
        lang = self.app.lang
        if row.status == COUNTED:
            self.status.value = ""
        elif row.status == "unanswered":
            self.status.value = f"<span class='ocop-help'>{escape(t('assessment.status_unanswered', lang))}</span>"
        else:
            self.status.value = message_html(t(f"assessment.status_{row.status}", lang), "warning")

    def _on_choice(self, change) -> None:
        if self.app.is_syncing:
            return
        index = change["new"]
        if index is None or index == NOT_ANSWERED:
            self.app.model.set_answer(self.code, None)
        else:
            level = self.criterion.levels[index]
            self.app.model.set_answer(self.code, level.points, level.case)

    def _on_note(self, change) -> None:
        if self.app.is_syncing:
            return
        if self.app.model.set_evidence(self.code, change["new"]):
            with self.app.syncing():
                self.note.value = self.app.model.evidence.get(self.code, "")
            self.app.shell.notify(t("views.text_cut", self.app.lang, limit=EVIDENCE_MAX), "warning")


class _Syncing:
    def __init__(self, app):
        self.app = app

    def __enter__(self):
        self.app._sync_depth += 1

    def __exit__(self, *exc):
        self.app._sync_depth -= 1


class AssessmentApp:
    """Build with ``AssessmentApp()`` and display ``.root``; tests pass a store and a scheduler."""

    def __init__(self, lang: str | None = None, store=None, *, scheduler=None, debounce_s: float = 0.8):
        self.shell = AppShell(APP_ID, "assessment.title", lang or current_lang(), store)
        self.model: Assessment | None = None
        self.saver: Autosaver | None = None
        self.controls: dict[str, CriterionControl] = {}
        self._scheduler = scheduler
        self._debounce_s = debounce_s
        self._sync_depth = 0
        self._set_slugs: list[str] = []
        self._build_start()
        self._build_work()
        self.drafts = DraftList(self.shell, APP_ID, self.open_draft, self.duplicate_draft,
                                summary=lambda info: info.summary)
        self.tabs = w.Tab(children=[self.start_box, self.work_box])
        self.tabs.selected_index = 0
        self.start_box.children = tuple(self.start_box.children) + (self.drafts.root,)
        self.shell.set_body(w.VBox([self.sticky_html, self.summary_html, self.conflict_box, self.tabs]))
        self.shell.on_lang_change(lambda _lang: self.relabel())
        self.shell.on_login(self._on_login)
        self.shell.on_switch(self._on_switch)
        self.shell.set_submitter(self._submittable)
        self.relabel()

    # --- conveniences ---------------------------------------------------------------

    @property
    def root(self) -> w.VBox:
        return self.shell.root

    @property
    def lang(self) -> str:
        return self.shell.lang

    def syncing(self) -> _Syncing:
        return _Syncing(self)

    @property
    def is_syncing(self) -> bool:
        return self._sync_depth > 0

    # --- start panel ----------------------------------------------------------------

    def _build_start(self) -> None:
        self.info_inputs = {f: w.Text(layout=w.Layout(width="24em")) for f in INFO_FIELDS}
        for field, widget in self.info_inputs.items():
            widget.observe(lambda ch, f=field: self._on_info(f, ch["new"]), names="value")
        self._info_labels = {f: w.HTML() for f in INFO_FIELDS}
        info_rows = [w.HBox([self._info_labels[f], self.info_inputs[f]]) for f in INFO_FIELDS]
        for row in info_rows:
            row.add_class("ocop-row")
        self.version_picker = w.Dropdown(options=version_ids(), value=self._default_version(),
                                         layout=w.Layout(width="auto"))
        self.version_picker.observe(lambda _c: self._fill_sets(), names="value")
        self.version_note = w.HTML()
        self.set_search = w.Text(layout=w.Layout(width="24em"))
        self.set_search.observe(lambda _c: self._fill_sets(), names="value")
        self.search_note = w.HTML()
        self.search_suggestions = SuggestionRow(self.set_search)
        self.set_picker = w.Select(rows=8, layout=w.Layout(width="100%"))
        self.start_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.start_button.on_click(lambda _b: self.start_new())
        self.sample_picker = w.Dropdown(options=self._samples(), layout=w.Layout(width="auto"))
        self.sample_button = w.Button(layout=w.Layout(width="auto"))
        self.sample_button.on_click(lambda _b: self.open_sample(self.sample_picker.value))
        self.upload = w.FileUpload(accept=".json", multiple=False)
        # the page refuses larger files before sending them (a file over the websocket's
        # 10 MiB limit would close the connection instead: templates/…/connection-watch.html)
        self.upload.add_class(f"ocop-max-bytes-{answers_io.MAX_FILE_BYTES}")
        self.upload.observe(self._on_upload, names="value")
        self._labels = {k: w.HTML() for k in ("info", "version", "search", "set", "samples", "import")}
        self.start_box = w.VBox([
            self._labels["info"], *info_rows,
            self._labels["version"], self.version_picker, self.version_note,
            self._labels["set"], w.HBox([self._labels["search"], self.set_search]),
            self.search_note, self.search_suggestions.root, self.set_picker,
            self.start_button,
            self._labels["samples"], w.HBox([self.sample_picker, self.sample_button]),
            self._labels["import"], self.upload,
        ])
        for child in self.start_box.children:
            if isinstance(child, w.HBox):
                child.add_class("ocop-row")

    @staticmethod
    def _default_version() -> str:
        return default_version_id()

    @staticmethod
    def _samples() -> list[tuple[str, str]]:
        if not SAMPLES_DIR.is_dir():
            return []
        out = []
        for path in sorted(SAMPLES_DIR.glob("*.json")):
            try:
                import json

                data = json.loads(path.read_text(encoding="utf-8"))
                out.append((f"{data.get('product', path.stem)} — {data.get('set', '')}", str(path)))
            except (OSError, ValueError):
                continue
        return out

    def _fill_sets(self) -> None:
        lang = self.lang
        version = load_version(self.version_picker.value)
        notes = [] if version.current else [message_html(version_status(version, lang), "warning")]
        if not version.sets:
            notes.append(message_html(t("assessment.needs_sheet", lang, version=version.title_label(lang)), "warning"))
        for missing in version.unavailable:
            notes.append(message_html(f"{missing['set']}: {pick(missing['note'], lang)}", "info"))
        notes.append(f"<div class='ocop-help'>{escape(pick(version.legal_basis, lang))}</div>")
        self.version_note.value = "".join(notes)
        found = search_sets(version, self.set_search.value or "")
        by_slug = {cset.slug: cset for cset in version.sets.values()}
        options = []
        for hit in found.hits:
            cset = by_slug[hit.slug]
            sector, group = pick(cset.sector, lang) or "—", pick(cset.group, lang) or "—"
            names = [sector] + [n for n in (group, cset.label(lang)) if n != sector]
            label = " › ".join(n for i, n in enumerate(names) if i == 0 or n != names[i - 1])
            if not cset.complete:
                label += " ⚠"
            options.append((option_label(label, hit.via), cset.slug))
        if not found.query:
            options.sort(key=lambda o: slugify(o[0]))  # the whole list: by sector and group; a search: best first
        self.search_note.value = note_html(found, lang)
        self.search_suggestions.show(found, lang)
        keep = self.set_picker.value
        with self.syncing():
            self.set_picker.options = options
            if keep in [o[1] for o in options] and not found.query:
                self.set_picker.value = keep
            elif found.query and options:
                self.set_picker.value = options[0][1]  # the best fit is chosen; one tap on Start
            elif len(options) == 1:
                self.set_picker.value = options[0][1]
        self.start_button.disabled = not options

    def _on_info(self, field: str, text: str) -> None:
        if self.is_syncing or self.model is None:
            return
        if self.model.set_info(field, text):
            with self.syncing():
                self.info_inputs[field].value = self.model.info[field]
            self.shell.notify(t("views.text_cut", self.lang, limit=INFO_MAX), "warning")

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        content = bytes(item["content"]) if not isinstance(item, dict) or "content" in item else b""
        name = item.get("name", "") if isinstance(item, dict) else ""
        self.shell._safe(self.import_answers, content, answers_io.clean_text(name, 120))
        with self.syncing():
            self.upload.value = ()  # the same file can be chosen again after a fix

    # --- starting and opening -------------------------------------------------------

    def start_new(self, set_slug: str | None = None, version_id: str | None = None) -> Assessment:
        """A fresh assessment of the chosen set; the product details typed so far are kept."""
        version_id = version_id or self.version_picker.value
        slug = set_slug or self.set_picker.value
        if not slug:
            self.shell.notify(t("assessment.pick_set", self.lang), "warning")
            return None
        model = Assessment.new(version_id, slug, user_code=self.shell.user_code or "",
                               user_name=self.shell.user_name)
        for field, widget in self.info_inputs.items():
            model.set_info(field, widget.value)
        self._install(model, draft=None)
        return model

    def open_sample(self, path: str | None) -> Assessment | None:
        if not path:
            return None
        return self.import_answers(Path(path).read_bytes(), Path(path).name)

    def import_answers(self, content: bytes | dict, name: str = "") -> Assessment | None:
        """Load an answers file; a misfit is reported (naming the criterion) and nothing changes.

        Uploaded bytes are content, never a path: size, encoding and nesting are checked, and
        a ``"sheet"`` naming a file on the server is refused (``answers.decode``/``parse``).
        """
        try:
            if not isinstance(content, dict):
                content = answers_io.decode(content, name)
            model = Assessment.from_answers_file(content, where=name, user_code=self.shell.user_code or "")
        except InputError as exc:
            self.shell.notify(t("assessment.import_failed", self.lang, error=exc.message(self.lang)), "error")
            return None
        if self.shell.user_name and not model.user_name:
            model.user_name = self.shell.user_name
        self._install(model, draft=None)
        self.shell.notify(t("assessment.imported", self.lang, product=model.title()), "success")
        return model

    def open_draft(self, draft_id: str) -> Assessment | None:
        try:
            draft = self.shell.store.load_draft(self.shell.user_code, APP_ID, draft_id)
        except StorageError as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return None
        if draft is None:
            self.shell.notify(t("storage.draft_not_found", self.lang), "error")
            return None
        return self._open_stored(draft)

    def duplicate_draft(self, draft_id: str) -> Assessment | None:
        self._flush()
        try:
            store = self.shell.store
            original = store.load_draft(self.shell.user_code, APP_ID, draft_id)
            title = t("views.copy_of", self.lang, title=(original.title if original else "") or "…")
            copy = store.duplicate_draft(self.shell.user_code, APP_ID, draft_id, title)
        except StorageError as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return None
        model = self._open_stored(copy)
        if model is not None:
            model.label = copy.title
        self.shell.notify(t("assessment.duplicated", self.lang, title=copy.title), "success")
        return model

    def _open_stored(self, draft) -> Assessment | None:
        try:
            model = Assessment.from_payload(draft.payload, user_code=draft.user_code, draft_id=draft.draft_id)
        except (InputError, KeyError, ValueError, TypeError) as exc:
            message = exc.message(self.lang) if isinstance(exc, InputError) else str(exc)
            self.shell.notify(t("assessment.draft_unreadable", self.lang, error=message), "error")
            return None
        self._install(model, draft=draft)
        return model

    def _on_login(self, code: str, name: str) -> None:
        model = self.model
        if model is not None and (model.answers or model.evidence or model.info.get("product")):
            if model.user_code != code or self.saver is None:
                model.user_code, model.user_name = code, name or model.user_name
                model.draft_id = ""
                self._attach_saver(None)
                self._model_changed("login", "")
            return
        try:
            latest = self.shell.store.latest_draft(code, APP_ID)
        except StorageError as exc:
            self.shell.notify(exc.message(self.lang), "warning")
            return
        if latest is not None:
            if self._open_stored(latest) is not None:  # else the notice says why it did not open
                self.shell.notify(t("assessment.draft_restored", self.lang, title=latest.title), "success")
        elif model is not None:
            model.user_code, model.user_name = code, name
            self._attach_saver(None)

    def _on_switch(self) -> None:
        """Another person takes the device: save, then nothing of this assessment stays on screen."""
        if self.saver is not None:
            self.saver.close()
            self.saver = None
        self.model = None
        for control in self.controls.values():
            _close_tree(control.root)
        self.controls, self._part_codes, self._part_built, self._part_boxes = {}, [], set(), {}
        with self.syncing():
            for widget in self.info_inputs.values():
                widget.value = ""
            self.parts.children = ()
            self.target_picker.options = ()
        self.facts_box.children = ()
        for html in (self.summary_html, self.sticky_html, self.plan_html, self.what_if_html,
                     self.export_html, self.pdf_html, self.chart_note):
            html.value = ""
        self.steps_box.children = ()
        self.chart_image.value = b""
        self.chart_image.layout.display = "none"
        self.dossier.install(None)
        self.work_box.children = (self.empty_html,)
        self._close_conflict()
        self.tabs.selected_index = 0

    def _submittable(self) -> str | None:
        if self.model is None or self.saver is None:
            return None
        if not self.saver.flush():
            raise StorageError("storage.unavailable")
        return self.model.draft_id

    def _install(self, model: Assessment, draft) -> None:
        """Make ``model`` the current assessment and build its form (once per model)."""
        self._flush()
        self.model = model
        model.on_change(self._model_changed)
        with self.syncing():
            for field, widget in self.info_inputs.items():
                widget.value = model.info.get(field, "")
        self.dossier.install(model)
        self._build_form()
        self._close_conflict()
        if self.shell.user_code:
            if model.user_code != self.shell.user_code:
                model.user_code = self.shell.user_code
            self._attach_saver(draft)
            if draft is None:
                self._save_soon()
        self.tabs.selected_index = 1
        self._refresh_results()

    # --- autosave -------------------------------------------------------------------

    def _attach_saver(self, draft) -> None:
        if self.saver is not None:
            self.saver.close()
        model = self.model
        if draft is None:
            model.draft_id = model.draft_id or new_draft_id()
            revision = 0
        else:
            model.draft_id, revision = draft.draft_id, draft.revision
        kwargs = {"scheduler": self._scheduler} if self._scheduler is not None else {}
        self.saver = Autosaver(self.shell.store, self.shell.user_code, APP_ID, model.draft_id,
                               debounce_s=self._debounce_s, on_status=self._on_status,
                               title=model.title(), summary=model.summary(self.lang),
                               revision=revision, **kwargs)
        if draft is not None:
            self.shell.show_status("saved", "storage.saved")

    def _save_soon(self) -> None:
        if self.saver is None or self.model is None:
            return
        try:
            self.saver.changed(self.model.to_payload(), title=self.model.title(),
                               summary=self.model.summary(self.lang))
        except StorageError as exc:
            self.shell.notify(exc.message(self.lang), "error")

    def _flush(self) -> None:
        if self.saver is not None:
            self.saver.flush()

    def save_now(self) -> bool:
        """Flush the pending edits (tests, and before leaving)."""
        return self.saver.flush() if self.saver is not None else False

    def _on_status(self, state: str, key: str) -> None:
        self.shell.show_status(state, key)
        self._render_sticky()
        if state == "conflict":
            self._show_conflict(key)
        elif state == "saved":
            self.drafts.refresh()

    def _show_conflict(self, key: str) -> None:
        lang = self.lang
        self.conflict_text.value = message_html(t(key, lang), "error")
        self.reload_button.description = t("assessment.conflict_reload", lang)
        self.copy_button.description = t("assessment.conflict_copy", lang)
        self.reload_button.disabled = key == "storage.draft_gone"
        self.conflict_box.layout.display = ""

    def _close_conflict(self) -> None:
        self.conflict_box.layout.display = "none"

    def reload_draft(self) -> Assessment | None:
        """After a conflict: take the stored version (edits here are dropped)."""
        if self.saver is None:
            return None
        draft = self.saver.reload()
        if draft is None:
            return None
        saver, self.saver = self.saver, None
        model = self._open_stored(draft)
        saver.close()
        return model

    def save_as_copy(self) -> str | None:
        """After a conflict: keep the edits here as a new draft."""
        if self.saver is None or self.model is None:
            return None
        title = t("views.copy_of", self.lang, title=self.model.title())
        self.model.label = title
        self.saver.changed(self.model.to_payload(), title=title, summary=self.model.summary(self.lang))
        new_id = self.saver.save_as_copy(title)
        self.model.draft_id = new_id
        self._close_conflict()
        self.drafts.refresh()
        return new_id

    # --- the work area --------------------------------------------------------------

    def _build_work(self) -> None:
        self.summary_html = w.HTML()
        self.sticky_html = w.HTML()  # one line that stays in view while scrolling the criteria
        self.sticky_html.add_class("ocop-sticky")
        self.conflict_text = w.HTML()
        self.reload_button = w.Button(button_style="warning", layout=w.Layout(width="auto"))
        self.copy_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.reload_button.on_click(lambda _b: self.reload_draft())
        self.copy_button.on_click(lambda _b: self.save_as_copy())
        self.conflict_box = w.VBox([self.conflict_text, w.HBox([self.reload_button, self.copy_button])],
                                   layout=w.Layout(display="none"))
        self.form_box = w.VBox()
        self.facts_box = w.VBox()
        self.parts = w.Accordion()
        self.parts.observe(self._on_part_open, names="selected_index")
        self._part_codes: list[str] = []
        self._part_built: set[str] = set()
        self._part_boxes: dict[str, w.VBox] = {}
        self.form_box.children = (self.facts_box, self.parts)
        # upgrade planner
        self.target_picker = w.Dropdown(layout=w.Layout(width="auto"))
        self.target_picker.observe(self._on_target, names="value")
        self.plan_html = w.HTML()
        self.steps_box = w.VBox()
        self.what_if_html = w.HTML()
        self.undo_button = w.Button(layout=w.Layout(width="auto"))
        self.undo_button.on_click(lambda _b: self.model and self.model.undo_step())
        self.apply_all_button = w.Button(layout=w.Layout(width="auto"))
        self.apply_all_button.on_click(lambda _b: self.apply_all_steps())
        self.plan_box = w.VBox([self.target_picker, self.plan_html, self.steps_box,
                                w.HBox([self.apply_all_button, self.undo_button]), self.what_if_html])
        # chart
        # hidden until drawn: an empty Image shows the browser's broken-image icon
        self.chart_image = w.Image(format="png", layout=w.Layout(max_width="100%", width="640px", display="none"))
        self.chart_note = w.HTML()
        self.chart_box = w.VBox([self.chart_note, self.chart_image])
        self._chart_open = False
        # export
        self.export_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.export_button.on_click(lambda _b: self.prepare_downloads())
        self.pdf_button = w.Button(layout=w.Layout(width="auto"))
        self.pdf_button.on_click(lambda _b: self.prepare_pdf())
        self.export_html = w.HTML()
        self.pdf_html = w.HTML()
        self.export_box = w.VBox([w.HBox([self.export_button, self.pdf_button]), self.export_html, self.pdf_html])
        self.dossier = DossierPanel(self)  # builds its inputs when its tab first opens
        self.work_tabs = w.Tab(children=[self.form_box, self.plan_box, self.chart_box, self.export_box,
                                         self.dossier.root])
        self.work_tabs.observe(self._on_work_tab, names="selected_index")
        self.empty_html = w.HTML()
        self.work_box = w.VBox([self.empty_html])

    def _build_form(self) -> None:
        model = self.model
        for control in self.controls.values():
            _close_tree(control.root)
        self.controls = {}
        self._part_codes = [p for p in model.version.parts if model.cset.in_part(p)]
        self._part_built = set()
        self._part_boxes = {p: w.VBox() for p in self._part_codes}
        # Yes / no / not sure: an unanswered gate is assumed held (as the data says) and the
        # summary says so; a checkbox could not show "not answered yet".
        self.facts_checks, self.facts_labels = {}, {}
        for fact_id in model.relevant_facts():
            answer = {True: "yes", False: "no"}.get(model.facts.get(fact_id), "unknown")
            toggle = w.ToggleButtons(options=self._fact_options(), value=answer,
                                     style={"button_width": "auto"})
            toggle.observe(lambda ch, f=fact_id: None if self.is_syncing else self.model.set_fact(
                f, FACT_ANSWERS[ch["new"]]), names="value")
            self.facts_checks[fact_id] = toggle
            self.facts_labels[fact_id] = w.HTML()
        self.facts_title = w.HTML()
        self.facts_box.children = (self.facts_title, *(
            child for f in self.facts_checks for child in (self.facts_labels[f], self.facts_checks[f])))
        with self.syncing():
            self.parts.children = tuple(self._part_boxes[p] for p in self._part_codes)
            self.parts.selected_index = None
        self.parts.selected_index = 0  # builds part A
        self.work_box.children = (self.work_tabs,)
        self._relabel_work()

    def _on_part_open(self, change) -> None:
        index = change["new"]
        if index is None or self.model is None or index >= len(self._part_codes):
            return
        self.build_part(self._part_codes[index])

    def build_part(self, part: str) -> None:
        """Build the controls of one part (done when its section opens: the page stays light)."""
        if part in self._part_built:
            return
        self._part_built.add(part)
        children, section = [], None
        for criterion in self.model.cset.in_part(part):
            # a one-criterion section (part C) needs no heading repeating its name
            if criterion.section != section and criterion.section != criterion.name:
                heading = w.HTML()
                heading.section_of = criterion.code
                children.append(heading)
            section = criterion.section
            control = CriterionControl(self, criterion.code)
            self.controls[criterion.code] = control
            children.append(control.root)
        self._part_boxes[part].children = tuple(children)
        self._relabel_sections(part)

    def _fact_options(self) -> list[tuple[str, str]]:
        return [(t(f"assessment.fact_{key}", self.lang), key) for key in FACT_ANSWERS]

    def control(self, code: str) -> CriterionControl:
        """The control of one criterion, building its part if needed."""
        if code not in self.controls:
            self.build_part(self.model.criterion(code).part)
        return self.controls[code]

    def answer(self, code: str, points: float, case: int | None = None) -> None:
        """Choose a level through the widget, as a user would."""
        control = self.control(code)
        for i, level in enumerate(control.criterion.levels):
            if level.points == points and (case is None or level.case == case):
                control.choice.value = i
                return
        raise ValueError(f"{code}: no level with {points} points")

    def _relabel_sections(self, part: str) -> None:
        lang = self.lang
        by_code = self.model.cset.by_code()
        for child in self._part_boxes[part].children:
            code = getattr(child, "section_of", None)
            if code:
                child.value = f"<h4>{escape(by_code[code].section_label(lang))}</h4>"

    def _on_work_tab(self, change) -> None:
        if change["new"] == TAB_CHART:
            self._chart_open = True
            self.update_chart()
        elif change["new"] == TAB_PLAN:
            self.update_plan()
        self.dossier.show(change["new"] == TAB_DOSSIER)

    # --- reacting to the model --------------------------------------------------------

    def _model_changed(self, kind: str, key: str) -> None:
        if kind in ("answer", "fact", "login"):
            self._refresh_results()
        elif kind in ("target", "what_if"):
            self.update_plan()
        if kind in ("answer", "fact", "evidence", "info", "dossier"):
            self.export_html.value = self.pdf_html.value = ""
        self.dossier.model_changed(kind, key)
        self._save_soon()

    def _refresh_results(self) -> None:
        if self.model is None:
            return
        result = self.model.result()
        self.summary_html.value = self.summary_markup(result)
        lang = self.lang
        self._sticky_score = (
            f"<b>{escape(t('assessment.total', lang))}: {escape(format_points(result.total, lang))}</b> · "
            + (escape(t("assessment.excluded", lang)) if result.excluded else
               f"<span style='color:#d08a00'>{star_string(result.stars)}</span> {escape(tn('assessment.stars', result.stars, lang, stars=result.stars))}")
            + (f" · {escape(t('assessment.unanswered', lang, count=len(result.unanswered)))}" if result.unanswered else ""))
        self._render_sticky()
        for control in self.controls.values():
            control.update_status(result)
        if self._chart_open and self.work_tabs.selected_index == TAB_CHART:
            self.update_chart()
        if self.work_tabs.selected_index == TAB_PLAN:
            self.update_plan()

    def _render_sticky(self) -> None:
        """Score, star and autosave state: the line that stays on screen while scrolling."""
        score = getattr(self, "_sticky_score", "") if self.model is not None else ""
        status = self.shell.status_fragment() if self.model is not None else ""
        self.sticky_html.value = (f"<div class='ocop-sticky-line'><span>{score}</span> {status}</div>"
                                  if score or status else "")

    def summary_markup(self, result=None) -> str:
        model, lang = self.model, self.lang
        result = result or model.result()
        part_cells = " · ".join(
            f"{escape(p)}: <b>{escape(format_points(result.parts[p], lang))}</b>/{escape(format_points(result.part_max[p], lang))}"
            for p in model.version.parts)
        title = escape(model.info.get("product") or t("assessment.unnamed_product", lang))
        head = (f"<div class='ocop-summary'><div><b>{title}</b> — {escape(model.cset.label(lang))}</div>"
                f"<div>{part_cells} · {escape(t('assessment.total', lang))}: "
                f"<b class='ocop-total'>{escape(format_points(result.total, lang))}</b>/"
                f"{escape(format_points(sum(result.part_max.values()), lang))}</div>")
        if result.excluded:
            star = f"<div class='ocop-stars'><b>{escape(t('assessment.excluded', lang))}</b></div>"
        else:
            star = (f"<div class='ocop-stars' style='font-size:130%'><span style='color:#d08a00'>{star_string(result.stars)}</span> "
                    f"<b>{escape(tn('assessment.stars', result.stars, lang, stars=result.stars))}</b></div>"
                    f"<div>{escape(pick(result.band.meaning, lang))}</div>"
                    f"<div class='ocop-help'>{escape(pick(result.band.certified_by, lang))}</div>")
        lines = [held_back_markup(model, result, lang)]
        if result.central_candidate:
            lines.append(message_html(t("score.central_candidate", lang), "success"))
        if not model.version.current:
            lines.append(message_html(version_status(model.version, lang), "warning"))
        unanswered = len(result.unanswered)
        if unanswered:
            lines.append(message_html(t("assessment.unanswered", lang, count=unanswered), "info"))
        for message in result.rules:
            lines.append(message_html(message.text(lang), "warning"))
        for message in result.warnings:
            lines.append(message_html(message.text(lang), "info"))
        disclaimer = f"<div class='ocop-help'>{escape(t('assessment.disclaimer', lang))}</div>"
        return head + star + "".join(lines) + disclaimer + "</div>"

    def update_chart(self) -> None:
        if self.model is None:
            return
        drawn = bool(self.chart_image.value)
        if not drawn:
            self.chart_note.value = f"<div class='ocop-help' role='status'>{escape(t('assessment.chart_drawing', self.lang))}</div>"
        try:
            self.chart_image.value = render_chart_png(self.model, self.lang)
            self.chart_image.layout.display = ""
            if not drawn:
                self.chart_note.value = ""
        except Exception as exc:  # noqa: BLE001 - the chart is an extra; never break the form
            log.exception("chart failed")
            self.chart_note.value = message_html(t("assessment.chart_failed", self.lang, error=str(exc)), "warning")

    def _on_target(self, change) -> None:
        if self.is_syncing or self.model is None:
            return
        self.model.set_target(change["new"] or None)

    def update_plan(self) -> None:
        model, lang = self.model, self.lang
        if model is None:
            return
        plan = model.plan()
        head = t("assessment.plan_head", lang, target=plan.target,
                 threshold=format_points(plan.threshold, lang), total=format_points(plan.current_total, lang))
        parts = [f"<div><b>{escape(head)}</b></div>"]
        for message in plan.messages:
            parts.append(message_html(message.text(lang), "info" if plan.reachable else "warning"))
        if plan.steps:
            parts.append(f"<div>{escape(t('assessment.plan_after', lang, total=format_points(plan.total_after, lang), stars=plan.stars_after))}</div>")
        self.plan_html.value = "".join(parts)
        tried = {s.code for s in model.what_if}
        rows = []
        for step in plan.steps:
            d = step.as_dict(lang)
            text = (f"<b>{escape(step.code)}</b> {escape(d['name'])}: "
                    f"{escape(format_points(step.from_points or 0, lang) if step.from_points is not None else t('assessment.not_answered', lang))}"
                    f" → <b>{escape(format_points(step.to_points, lang))}</b> "
                    f"(<b>+{escape(format_points(step.gain, lang))}</b>)<br>"
                    f"<span class='ocop-help'>{escape(step.to_text)}</span>"
                    + (f"<br><span class='ocop-help'><b>{escape(t('assessment.evidence_asked', lang))}</b> {escape(d['evidence'])}</span>" if d["evidence"] else ""))
            button = w.Button(description=t("assessment.try_step", lang), disabled=step.code in tried,
                              layout=w.Layout(width="auto"))
            button.on_click(lambda _b, c=step.code: self.model.apply_step(c))
            row = w.HBox([w.HTML(text, layout=w.Layout(flex="1 1 20em")), button])
            row.add_class("ocop-row")
            row.step_code = step.code
            row.button = button
            rows.append(row)
        for old in self.steps_box.children:
            _close_tree(old)
        self.steps_box.children = tuple(rows)
        self.apply_all_button.disabled = not plan.steps or len(tried) == len(plan.steps)
        self.undo_button.disabled = not model.what_if
        after = model.what_if_result()
        if after is None:
            self.what_if_html.value = ""
        else:
            self.what_if_html.value = message_html(t(
                "assessment.what_if", lang, steps=", ".join(s.code for s in model.what_if),
                total=format_points(after.total, lang), stars=after.stars,
                meaning=pick(after.band.meaning, lang)), "success")

    def apply_all_steps(self) -> None:
        for step in self.model.plan().steps:
            self.model.apply_step(step.code)

    # --- export ---------------------------------------------------------------------

    def file_stem(self) -> str:
        return slugify(self.model.title())[:60] or "ocop"

    def prepare_downloads(self) -> None:
        if self.model is None:
            return
        lang = self.lang
        with busy(self.export_button, lang):
            self.export_html.value = self._downloads_markup(lang)

    def _downloads_markup(self, lang: str) -> str:
        from ..reports.assessment_html import render_html

        stem = self.file_stem()
        links = [
            download_link(self.model.answers_json().encode("utf-8"), f"{stem}-answers.json",
                          "application/json", t("assessment.download_answers", lang)),
            download_link(render_html(self.model, lang).encode("utf-8"), f"{stem}-report.html",
                          "text/html", t("assessment.download_report", lang)),
        ]
        return ("<div class='ocop-downloads'>" + "<br>".join(links)
                + f"<div class='ocop-help'>{escape(t('assessment.print_hint', lang))}</div></div>")

    def prepare_pdf(self) -> None:
        if self.model is None:
            return
        with busy(self.pdf_button, self.lang):
            self._make_pdf(self.lang)

    def _make_pdf(self, lang: str) -> None:
        try:
            from ..reports.assessment_pdf import render_pdf

            data = render_pdf(self.model, lang)
        except Exception as exc:  # noqa: BLE001 - the HTML report stays available
            log.exception("pdf failed")
            self.pdf_html.value = message_html(t("assessment.pdf_failed", lang, error=str(exc)), "warning")
            return
        self.pdf_html.value = download_link(data, f"{self.file_stem()}-report.pdf", "application/pdf",
                                            t("assessment.download_pdf", lang))

    # --- language -------------------------------------------------------------------

    def relabel(self) -> None:
        """Say everything again in the current language; the model (all state) is untouched."""
        lang = self.lang
        self.tabs.titles = (t("assessment.tab_start", lang), t("assessment.tab_work", lang))
        for field in INFO_FIELDS:
            self._info_labels[field].value = f"<span class='ocop-row-label'>{escape(t('assessment.info_' + field, lang))}</span>"
        texts = {"info": "assessment.section_info", "version": "assessment.section_version",
                 "set": "assessment.section_set", "search": "assessment.search",
                 "samples": "assessment.section_samples", "import": "assessment.section_import"}
        for name, key in texts.items():
            tag = "span" if name == "search" else "h4"
            self._labels[name].value = f"<{tag}>{escape(t(key, lang))}</{tag}>"
        self.set_search.placeholder = t("assessment.search_placeholder", lang)
        self.start_button.description = t("assessment.start", lang)
        self.sample_button.description = t("assessment.open_sample", lang)
        self.upload.description = t("assessment.upload", lang)
        with self.syncing():
            keep = self.version_picker.value
            self.version_picker.options = [(load_version(v).title_label(lang), v) for v in version_ids()]
            self.version_picker.value = keep
        self._fill_sets()
        self.empty_html.value = message_html(t("assessment.empty", lang), "info")
        if self.model is not None:
            self._relabel_work()
            self._refresh_results()
        else:
            self.summary_html.value = self.sticky_html.value = ""
        if self.saver is not None and self.saver.state == "conflict":
            self._show_conflict(self.saver.message_key)

    def _relabel_work(self) -> None:
        lang, model = self.lang, self.model
        self.work_tabs.titles = tuple(t(k, lang) for k in (
            "assessment.tab_form", "assessment.tab_plan", "assessment.tab_chart", "assessment.tab_export",
            "dossier.tab.tab"))
        self.parts.titles = tuple(
            f"{p}. {pick(model.version.parts[p].name, lang)} ({tn('assessment.max_points', model.cset.part_sum(p), lang, points=format_points(model.cset.part_sum(p), lang))})"
            for p in self._part_codes)
        self.facts_title.value = (f"<h4>{escape(t('assessment.facts_title', lang))}</h4>"
                                  f"<div class='ocop-help'>{escape(t('assessment.facts_help', lang))}</div>") if self.facts_checks else ""
        for fact_id, toggle in self.facts_checks.items():
            self.facts_labels[fact_id].value = f"<b>{escape(pick(model.version.facts[fact_id].question, lang))}</b>"
            with self.syncing():
                value = toggle.value
                toggle.options = self._fact_options()
                toggle.value = value
        for part in self._part_built:
            self._relabel_sections(part)
        for control in self.controls.values():
            control.relabel(lang)
        with self.syncing():
            top = max(b.stars for b in model.version.bands)
            self.target_picker.options = [(t("assessment.target_next", lang), 0)] + [
                (t("assessment.target_stars", lang, stars=s), s) for s in range(2, top + 1)]
            self.target_picker.value = model.target or 0
        self.target_picker.description = ""
        self.undo_button.description = t("assessment.undo_step", lang)
        self.apply_all_button.description = t("assessment.try_all", lang)
        self.chart_note.value = f"<div class='ocop-help'>{escape(t('assessment.chart_help', lang))}</div>"
        self.export_button.description = t("assessment.prepare_downloads", lang)
        self.pdf_button.description = t("assessment.prepare_pdf", lang)
        self.export_html.value = self.pdf_html.value = ""
        self.dossier.relabel()
        if self.work_tabs.selected_index == TAB_PLAN:
            self.update_plan()
        if self._chart_open and self.work_tabs.selected_index == TAB_CHART:
            self.update_chart()


def _close_tree(widget) -> None:
    """Close a widget and its children so that their comms are freed in the kernel."""
    for child in getattr(widget, "children", ()) or ():
        _close_tree(child)
    widget.close()


def build_app(lang: str | None = None, store=None, **kwargs) -> AssessmentApp:
    """What the notebook calls: ``display(build_app().root)``."""
    return AssessmentApp(lang=lang, store=store, **kwargs)
