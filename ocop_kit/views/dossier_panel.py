"""The "Hồ sơ" tab of the self-assessment app: the fields Mẫu 01/02 need that the other tabs do
not ask, what is still missing for the star applied for, and the forms as DOCX and A4 HTML.

Inputs are generated from ``ocop_kit/forms/dossier.json`` (a field added there appears here);
every edit goes to the model (``Assessment.set_dossier``), which the app autosaves. The tab
builds its inputs the first time it opens and recomputes the missing list only while open.
"""
from __future__ import annotations

import logging
from collections import defaultdict

import ipywidgets as w

from ..apps.assessment import INFO_FIELDS, Assessment
from ..dossier import fields as defs
from ..dossier.build import field_values
from ..dossier.missing import KINDS
from ..finance.model import BusinessPlan
from ..i18n import pick, t
from ..services import plan_of
from ..storage import Draft
from ..text import clip, escape
from .common import format_when, message_html
from .downloads import download_link
from .plan_widgets import close_tree

log = logging.getLogger(__name__)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OPEN_UP_TO = 8  # criteria unanswered or without evidence: folded when more than this
FOLDABLE = ("unanswered", "evidence")  # done on the Criteria tab; the rest is done here
PLACEHOLDER_MAX = 80
# Labels above their inputs: Vietnamese labels are long, and a narrow label column cuts them.
CSS = """<style>
.ocop-app .ocop-dossier .widget-inline-hbox { flex-wrap: wrap; height: auto; }
.ocop-app .ocop-dossier .widget-dropdown > select { height: var(--jp-widgets-inline-height, 28px); }
.ocop-app .ocop-dossier .widget-text .widget-label, .ocop-app .ocop-dossier .widget-textarea .widget-label,
.ocop-app .ocop-dossier .widget-dropdown .widget-label { width: 100% !important; max-width: 100% !important;
  text-align: left; white-space: normal; overflow: visible; height: auto; line-height: 1.35; }
.ocop-app .ocop-dossier .widget-checkbox .widget-label-basic span { white-space: normal; }
.ocop-app .ocop-dossier details { margin: 2px 0 6px; }
.ocop-app .ocop-dossier .ocop-missing { max-height: 26em; overflow-y: auto; border: 1px solid #ddd; padding: 4px 8px; }
.ocop-app .ocop-dossier summary { cursor: pointer; font-weight: 600; }
</style>"""


def source_name(source: str, lang: str) -> str:
    """Where a value the producer did not type comes from, in words."""
    if source == "answers.date":  # not asked: the day the assessment was made or imported
        return t("dossier.tab.source_date", lang)
    kind = source.partition(".")[0]
    return t(f"dossier.tab.source_{kind}", lang) if kind in ("answers", "plan", "facts") else ""


def on_start_tab(field_id: str) -> bool:
    """A dossier field typed on the Start tab (product, producer, province, commune)."""
    f = defs.fields().get(field_id)
    return f is not None and not f.answer_key and any(
        s.partition(".")[0] == "answers" and s.partition(".")[2] in INFO_FIELDS
        for s in f.sources if isinstance(s, str))


def missing_markup(items, stars: int | None, lang: str) -> str:
    """The missing list, one folded block per kind, every text escaped."""
    if not items:
        text = t("dossier.tab.complete", lang, stars=stars) if stars else t("dossier.tab.complete_unrated", lang)
        return message_html(text, "success")
    head = (t("dossier.tab.missing_head", lang, stars=stars, count=len(items)) if stars
            else t("dossier.tab.missing_head_unrated", lang, count=len(items)))
    by_kind = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    blocks = []
    for kind in KINDS:
        found = by_kind.get(kind)
        if not found:
            continue
        rows = "".join(
            f"<li data-kind='{kind}' data-id='{escape(m.id)}'>{escape(m.message)}"
            + (f" <span class='ocop-help'>({escape(t('dossier.tab.source_answers', lang))})</span>"
               if kind in ("field", "format") and on_start_tab(m.id) else "") + "</li>"
            for m in found)
        opened = "" if kind in FOLDABLE and len(found) > OPEN_UP_TO else " open"
        blocks.append(f"<details{opened}><summary>{escape(t('dossier.tab.kind_' + kind, lang))} ({len(found)})"
                      f"</summary><ul>{rows}</ul></details>")
    return f"<div class='ocop-missing'><b>{escape(head)}</b>{''.join(blocks)}</div>"


class DossierPanel:
    """Build once per app; ``install(model)`` for each assessment, ``show(bool)`` when the tab
    is chosen or left, ``model_changed(kind)`` after every edit."""

    def __init__(self, app):
        self.app = app
        self.model: Assessment | None = None
        self.showing = False
        self.plan: BusinessPlan | None = None  # the business plan used for Parts II and IV
        self.plan_draft: Draft | None = None
        self.target = 0  # 0: as self-assessed (the rating, or the band's star when held back)
        self.inputs: dict[str, w.Widget] = {}  # field id, or "attachments.<topic>" → input
        self.headings: list[tuple[w.HTML, dict]] = []
        self._built = False
        self._links: dict[str, str] = {}

        self.intro = w.HTML()
        self.target_label = w.HTML()
        self.target_picker = w.Dropdown(layout=w.Layout(width="auto"))
        self.target_picker.observe(self._on_target, names="value")
        self.plan_html = w.HTML()
        self.missing_html = w.HTML()
        self.docx_button = w.Button(button_style="primary", layout=w.Layout(width="auto"))
        self.html_button = w.Button(layout=w.Layout(width="auto"))
        self.docx_button.on_click(lambda _b: self.make("docx"))
        self.html_button.on_click(lambda _b: self.make("html"))
        self.links_html = w.HTML()
        self.fields_box = w.VBox()
        target_row = w.HBox([self.target_label, self.target_picker])
        target_row.add_class("ocop-row")
        buttons = w.HBox([self.docx_button, self.html_button])
        buttons.add_class("ocop-row")
        self.root = w.VBox([w.HTML(CSS), self.intro, target_row, self.plan_html, self.missing_html,
                            buttons, self.links_html, self.fields_box])
        self.root.add_class("ocop-dossier")

    @property
    def lang(self) -> str:
        return self.app.lang

    # --- life cycle ---------------------------------------------------------------------

    def install(self, model: Assessment | None) -> None:
        """A new assessment: forget the inputs of the last one (built again when shown)."""
        self.model = model
        self.target = 0
        self.plan = self.plan_draft = None
        self._links = {}
        self.links_html.value = ""
        for widget in [*self.inputs.values(), *(h for h, _ in self.headings)]:
            close_tree(widget)  # with its layout and style: nothing left behind in the kernel
        self.inputs, self.headings = {}, []
        self.fields_box.children = ()
        self._built = False
        with self.app.syncing():
            self.target_picker.value = None if not self.target_picker.options else 0
        if self.showing:
            self.show(True)

    def show(self, showing: bool) -> None:
        """The tab was chosen (look for the business plan again, refresh) or left."""
        self.showing = showing
        if not showing or self.model is None:
            return
        self.load_plan()
        if not self._built:
            self._build_fields()
        self.refresh()

    def model_changed(self, kind: str, key: str = "") -> None:
        if self.model is None:
            return
        if self._links:  # the files no longer match what was entered
            self._links = {}
            self.links_html.value = ""
        if not self.showing:
            return
        if kind == "login":
            self.load_plan()
        self.refresh()

    def load_plan(self) -> None:
        """The business plan of the same trainee code, if the store holds one."""
        found = plan_of(self.app.shell.store, self.app.shell.user_code or "") \
            if self.app.shell.user_code else None
        self.plan, self.plan_draft = found if found else (None, None)
        self._say_plan()

    # --- inputs -------------------------------------------------------------------------

    def _build_fields(self) -> None:
        children = []
        all_fields = defs.fields()
        for head, ids in defs.entry_groups():
            heading = w.HTML()
            self.headings.append((heading, head))
            children.append(heading)
            for field_id in ids:
                if field_id == defs.ATTACHMENTS:
                    sub = w.HTML()
                    self.headings.append((sub, {"key": "dossier.tab.attachments"}))
                    children.append(sub)
                    for topic in defs.evidence_topics():
                        key = f"{defs.ATTACHMENTS}.{topic['id']}"
                        widget = w.Text(layout=w.Layout(width="100%"), style={"description_width": "initial"})
                        widget.observe(lambda ch, k=topic["id"]: self._on_attachment(k, ch["new"]), names="value")
                        self.inputs[key] = widget
                        children.append(widget)
                    continue
                widget = self._input(all_fields[field_id])
                self.inputs[field_id] = widget
                children.append(widget)
        self.fields_box.children = tuple(children)
        self._built = True
        self.relabel()
        self.sync_from_model()

    def _input(self, f: defs.DossierField) -> w.Widget:
        style = {"description_width": "initial"}
        if f.kind == "checkbox":
            widget = w.Checkbox(indent=False, layout=w.Layout(width="100%"))
        elif f.kind == "choice":
            widget = w.Dropdown(layout=w.Layout(width="100%", max_width="40em"), style=style)
        elif f.kind == "long_text":
            widget = w.Textarea(rows=3, layout=w.Layout(width="100%"), style=style)
        else:
            widget = w.Text(layout=w.Layout(width="100%", max_width="40em"), style=style)
        widget.observe(lambda ch, i=f.id: self._on_field(i, ch["new"]), names="value")
        return widget

    def _choice_options(self, f: defs.DossierField, empty_label: str) -> list[tuple[str, str]]:
        options = [(empty_label, "")] + [(pick(label, self.lang), value) for value, label in f.options]
        stored = (self.model.dossier.get(f.id) if self.model else None) or ""
        if stored and stored not in [v for _, v in options]:  # kept as typed in an answers file
            options.append((t("dossier.tab.unknown_choice", self.lang, value=stored), stored))
        return options

    def sync_from_model(self) -> None:
        """Show what the model holds (after building, reopening a draft or importing a file)."""
        if not self._built or self.model is None:
            return
        dossier = self.model.dossier
        attached = dossier.get(defs.ATTACHMENTS, {})
        with self.app.syncing():
            for key, widget in self.inputs.items():
                if key.startswith(defs.ATTACHMENTS + "."):
                    widget.value = attached.get(key.split(".", 1)[1], "")
                elif isinstance(widget, w.Checkbox):
                    widget.value = bool(dossier.get(key))
                else:
                    widget.value = dossier.get(key, "")

    def _on_field(self, field_id: str, value) -> None:
        if self.app.is_syncing or self.model is None:
            return
        if self.model.set_dossier(field_id, value if value != "" else None):
            self._cut(self.inputs[field_id], self.model.dossier.get(field_id, ""))

    def _on_attachment(self, topic: str, value: str) -> None:
        if self.app.is_syncing or self.model is None:
            return
        if self.model.set_attachment(topic, value):
            self._cut(self.inputs[f"{defs.ATTACHMENTS}.{topic}"],
                      self.model.dossier.get(defs.ATTACHMENTS, {}).get(topic, ""))

    def _cut(self, widget, value: str) -> None:
        with self.app.syncing():
            widget.value = value
        self.app.shell.notify(t("views.text_cut", self.lang, limit=len(value)), "warning")

    # --- what is missing ------------------------------------------------------------------

    def refresh(self) -> None:
        """The missing list and the hints of values the forms take from elsewhere."""
        model = self.model
        if model is None or not self._built:
            return
        lang = self.lang
        stars = self.target or model.dossier_target()
        try:
            items = model.dossier_missing(self.plan, lang, target=stars)
        except Exception as exc:  # the list is a help; never break the form
            log.exception("missing list failed")
            self.missing_html.value = message_html(t("views.error_generic", lang, detail=str(exc)), "warning")
            return
        self.missing_html.value = missing_markup(items, stars, lang)
        self._show_fallbacks(model)

    def _show_fallbacks(self, model: Assessment) -> None:
        """An empty input says what the forms print instead (from the Start tab, the plan…);
        a box implied by another (a kind of IP ticks "IP registered") is ticked and locked."""
        lang = self.lang
        values = field_values(model.answers_doc(), model.cset, self.plan, lang)
        all_fields = defs.fields()
        with self.app.syncing():
            for field_id, widget in self.inputs.items():
                f = all_fields.get(field_id)
                if f is None:
                    continue
                value = values[f.id]
                own = value.source == f"dossier.{f.id}"
                where = source_name(value.source, lang)
                if f.kind == "checkbox":
                    implied = value.source == "implied_by"
                    widget.disabled = implied
                    if implied or (not own and f.id not in model.dossier):
                        widget.value = bool(value.checked)
                elif f.kind == "choice":
                    shown = f.option_label(value.text, lang) or value.text
                    empty = (t("dossier.tab.choice_from_source", lang, value=shown, source=where)
                             if value.text and not own and where else t("dossier.tab.not_chosen", lang))
                    options = self._choice_options(f, empty)
                    if list(widget.options) != options:
                        keep = model.dossier.get(f.id, "")
                        widget.options = options
                        widget.value = keep
                else:
                    hint = pick(f.help, lang) if f.help else ""  # the format asked (product code)
                    if value.text and not own and where:
                        text = clip(" ".join(value.text.split()), PLACEHOLDER_MAX)[0]
                        hint = t("dossier.tab.from_source", lang, value=text, source=where)
                    widget.placeholder = hint

    def _say_plan(self) -> None:
        lang, code = self.lang, self.app.shell.user_code
        if not code:
            self.plan_html.value = message_html(t("dossier.tab.plan_login", lang), "info")
        elif self.plan is None:
            self.plan_html.value = message_html(t("dossier.tab.plan_none", lang, code=code), "info")
        elif (draft := self.plan_draft) is not None:
            self.plan_html.value = message_html(t(
                "dossier.tab.plan_used", lang, title=draft.title or "…", code=code,
                when=format_when(draft.updated_at, lang)), "success")

    def _on_target(self, change) -> None:
        if self.app.is_syncing or self.model is None:
            return
        self.target = change["new"] or 0
        self.refresh()

    # --- files ----------------------------------------------------------------------------

    def file_name(self, kind: str) -> str:
        return f"mau-01-02-{self.app.file_stem()}.{kind}"

    def make(self, kind: str) -> str | None:
        """Render Mẫu 01 + 02 (``docx`` or ``html``) and offer the download link; the button
        says it is working and cannot be pressed twice meanwhile."""
        model = self.model
        if model is None:
            return None
        lang = self.lang
        button = self.docx_button if kind == "docx" else self.html_button
        button.description, button.disabled = t("dossier.tab.making", lang), True
        try:
            document = model.dossier_document(self.plan, lang)
            if kind == "docx":
                from ..reports.dossier_docx import render_docx

                data, mime = render_docx(document), DOCX_MIME
            else:
                from ..reports.dossier_html import render_html

                data, mime = render_html(document).encode("utf-8"), "text/html"
            self._links[kind] = download_link(data, self.file_name(kind), mime, t(f"dossier.tab.link_{kind}", lang))
            notice = ""
        except Exception as exc:  # say so; the entries are all kept
            log.exception("dossier %s failed", kind)
            notice = message_html(t("dossier.tab.failed", lang, error=str(exc)), "warning")
        finally:
            button.description, button.disabled = t(f"dossier.tab.make_{kind}", lang), False
        links = [self._links[k] for k in ("docx", "html") if k in self._links]
        self.links_html.value = notice + ("<div class='ocop-downloads'>" + "<br>".join(links)
                                          + "<div class='ocop-help'>" + escape(t("dossier.tab.print_hint", lang))
                                          + "</div></div>"
                                          if links else "")
        return self._links.get(kind)

    # --- language -------------------------------------------------------------------------

    def relabel(self) -> None:
        lang = self.lang
        self.intro.value = (f"<div class='ocop-help'>{escape(t('dossier.tab.intro', lang))} "
                            f"{escape(t('dossier.tab.required_note', lang))}</div>")
        self.target_label.value = f"<b>{escape(t('dossier.tab.target', lang))}</b>"
        top = max((b.stars for b in self.model.version.bands), default=5) if self.model else 5
        with self.app.syncing():
            self.target_picker.options = [(t("dossier.tab.target_auto", lang), 0)] + [
                (t("dossier.tab.target_stars", lang, stars=s), s) for s in range(1, top + 1)]
            self.target_picker.value = self.target
        self.docx_button.description = t("dossier.tab.make_docx", lang)
        self.html_button.description = t("dossier.tab.make_html", lang)
        self._links = {}
        self.links_html.value = ""
        if self.model is not None:
            self._say_plan()
        if not self._built:
            return
        for heading, head in self.headings:
            text = t(head["key"], lang) if "key" in head else pick(head, lang)
            tag = "b" if "key" in head else "h4"
            heading.value = f"<{tag}>{escape(text)}</{tag}>"
        all_fields = defs.fields()
        topics = {x["id"]: x for x in defs.evidence_topics()}
        with self.app.syncing():
            for key, widget in self.inputs.items():
                if key.startswith(defs.ATTACHMENTS + "."):
                    topic = topics[key.split(".", 1)[1]]
                    widget.description = pick(topic["topic"], lang)
                    widget.placeholder = clip(pick(topic["requirement"], lang), PLACEHOLDER_MAX * 2)[0]
                    continue
                f = all_fields[key]
                widget.description = f.label_for(lang) + (" *" if f.required and f.kind != "checkbox" else "")
                if f.kind == "choice":
                    widget.options = self._choice_options(f, t("dossier.tab.not_chosen", lang))
                    widget.value = self.model.dossier.get(key, "") if self.model else ""
        if self.showing:
            self.refresh()
