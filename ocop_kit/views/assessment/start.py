"""The Start tab: product details, criteria version, finding the set, samples and import."""
from __future__ import annotations

import json

import ipywidgets as w

from ... import answers as answers_io
from ...apps.assessment import INFO_FIELDS, INFO_MAX
from ...i18n import pick, t
from ...paths import samples_dir
from ...rubric.registry import default_version_id, load_version, version_ids
from ...rubric.search import search_sets
from ...text import escape, slugify
from ..common import message_html
from ..set_search import SuggestionRow, note_html, option_label
from .texts import version_status

SAMPLES_DIR = samples_dir("answers")
_HEADINGS = {"info": "assessment.section_info", "version": "assessment.section_version",
             "set": "assessment.section_set", "samples": "assessment.section_samples",
             "import": "assessment.section_import"}


def sample_files() -> list[tuple[str, str]]:
    """(label, path) of every sample answers file."""
    if not SAMPLES_DIR.is_dir():
        return []
    out = []
    for path in sorted(SAMPLES_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append((f"{data.get('product', path.stem)} — {data.get('set', '')}", str(path)))
    return out


class StartPanel:
    """``app`` gives ``lang``, ``model``, ``syncing()`` and the actions: ``start_new()``,
    ``open_sample(path)``, ``import_answers(bytes, name)``, ``shell.notify``."""

    def __init__(self, app):
        self._app = app
        self.info_inputs = {f: w.Text(layout=w.Layout(width="24em")) for f in INFO_FIELDS}
        for field, widget in self.info_inputs.items():
            widget.observe(lambda ch, f=field: self._on_info(f, ch["new"]), names="value")
        self._info_labels = {f: w.HTML() for f in INFO_FIELDS}
        self.version_picker = w.Dropdown(options=version_ids(), value=default_version_id(),
                                         layout=w.Layout(width="auto"))
        self.version_picker.observe(lambda _c: self.fill_sets(), names="value")
        self.version_note = w.HTML()
        self.set_search = w.Text(layout=w.Layout(width="24em"))
        self.set_search.observe(lambda _c: self.fill_sets(), names="value")
        self.search_note = w.HTML()
        self.search_suggestions = SuggestionRow(self.set_search)
        self.set_picker = w.Select(rows=8, layout=w.Layout(width="100%"))
        self.start_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.start_button.on_click(lambda _b: app.start_new())
        self.sample_picker = w.Dropdown(options=sample_files(), layout=w.Layout(width="auto"))
        self.sample_picker.add_class("ocop-user")  # sample products' own names
        self.sample_button = w.Button(layout=w.Layout(width="auto"))
        self.sample_button.on_click(lambda _b: app.open_sample(self.sample_picker.value))
        self.upload = w.FileUpload(accept=".json", multiple=False)
        # the page refuses larger files before sending them (a file over the websocket's
        # 10 MiB limit would close the connection instead: templates/…/connection-watch.html)
        self.upload.add_class(f"ocop-max-bytes-{answers_io.MAX_FILE_BYTES}")
        self.upload.observe(self._on_upload, names="value")
        self._headings = {k: w.HTML() for k in _HEADINGS}
        self._search_label = w.HTML()
        rows = [w.HBox([self._info_labels[f], self.info_inputs[f]]) for f in INFO_FIELDS]
        rows += [w.HBox([self._search_label, self.set_search]), w.HBox([self.sample_picker, self.sample_button])]
        for row in rows:
            row.add_class("ocop-row")
        *info_rows, search_row, sample_row = rows
        self.widget = w.VBox([
            self._headings["info"], *info_rows,
            self._headings["version"], self.version_picker, self.version_note,
            self._headings["set"], search_row, self.search_note, self.search_suggestions.root, self.set_picker,
            self.start_button,
            self._headings["samples"], sample_row,
            self._headings["import"], self.upload,
        ])

    def add(self, widget: w.Widget) -> None:
        """Something more at the end of the tab (the drafts list)."""
        self.widget.children = (*self.widget.children, widget)

    def install(self, model) -> None:
        """Show the product details of ``model`` (empty for None)."""
        with self._app.syncing():
            for field, widget in self.info_inputs.items():
                widget.value = model.info.get(field, "") if model is not None else ""

    def refresh(self, result) -> None:
        """Nothing here depends on the score."""

    def relabel(self, lang: str) -> None:
        for field in INFO_FIELDS:
            label = escape(t("assessment.info_" + field, lang))
            self._info_labels[field].value = f"<span class='ocop-row-label'>{label}</span>"
        for name, key in _HEADINGS.items():
            self._headings[name].value = f"<h4>{escape(t(key, lang))}</h4>"
        self._search_label.value = f"<span>{escape(t('assessment.search', lang))}</span>"
        self.set_search.placeholder = t("assessment.search_placeholder", lang)
        self.start_button.description = t("assessment.start", lang)
        self.sample_button.description = t("assessment.open_sample", lang)
        self.upload.description = t("assessment.upload", lang)
        with self._app.syncing():
            keep = self.version_picker.value
            self.version_picker.options = [(load_version(v).title_label(lang), v) for v in version_ids()]
            self.version_picker.value = keep
        self.fill_sets()

    def fill_sets(self) -> None:
        lang = self._app.lang
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
        keep = self.set_picker.value
        with self._app.syncing():
            self.set_picker.options = options
            if keep in [o[1] for o in options] and not found.query:
                self.set_picker.value = keep
            elif found.query and options:
                self.set_picker.value = options[0][1]  # the best fit is chosen; one tap on Start
            elif len(options) == 1:
                self.set_picker.value = options[0][1]
        self.start_button.disabled = not options
        # after the list, so that "1 bộ tiêu chí phù hợp" never describes the list before it
        self.search_note.value = note_html(found, lang)
        self.search_suggestions.show(found, lang)

    def _on_info(self, field: str, text: str) -> None:
        app = self._app
        if app.is_syncing or app.model is None:
            return
        if app.model.set_info(field, text):
            with app.syncing():
                self.info_inputs[field].value = app.model.info[field]
            app.shell.notify(t("views.text_cut", app.lang, limit=INFO_MAX), "warning")

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        content = bytes(item["content"]) if not isinstance(item, dict) or "content" in item else b""
        name = item.get("name", "") if isinstance(item, dict) else ""
        self._app.shell._safe(self._app.import_answers, content, answers_io.clean_text(name, 120))
        with self._app.syncing():
            self.upload.value = ()  # the same file can be chosen again after a fix
