"""Pieces shared by the product-idea and business-plan views: form panels generated from the
form definitions, download links, and the draft/autosave controller. ipywidgets only."""
from __future__ import annotations

import logging
from functools import partial

import ipywidgets as w

from ..apps.business_plan import SAMPLES, PlanState
from ..drafts import DraftSession
from ..i18n import pick, t
from ..money import format_number, format_vnd, parse_number, parse_vnd
from ..storage import StorageError
from ..text import escape
from .common import AppShell, ConflictBanner, DraftList, message_html

log = logging.getLogger(__name__)

TABLE_CSS = """<style>
.ocop-app .ocop-tables table { border-collapse: collapse; margin: 4px 0 10px; font-size: 90%; }
.ocop-app .ocop-tables th, .ocop-app .ocop-tables td { border: 1px solid #bbb; padding: 2px 6px; }
.ocop-app .ocop-tables td.num, .ocop-app .ocop-tables th.num { text-align: right; white-space: nowrap; }
.ocop-app .ocop-tables tr.strong td { font-weight: 600; }
.ocop-app .ocop-tables { overflow-x: auto; max-width: 100%; }
.ocop-app .ocop-parsed { color: #2f6b2f; font-size: 90%; }
.ocop-app .lm-TabBar-content { flex-wrap: wrap; }
.ocop-app .lm-TabBar-tab { flex: 0 1 auto !important; min-width: 0 !important; max-width: none !important; }
</style>"""


_LAYOUTS: dict = {}
_STYLES: dict = {}


def layout(**kwargs) -> w.Layout:
    """A shared Layout per set of properties: hundreds of inputs need few layout models,
    which keeps building fast and the page light."""
    key = tuple(sorted(kwargs.items()))
    if key not in _LAYOUTS:
        _LAYOUTS[key] = w.Layout(**kwargs)
    return _LAYOUTS[key]


def _style(cls):
    if cls not in _STYLES:
        _STYLES[cls] = cls()
    return _STYLES[cls]


def html(value: str = "") -> w.HTML:
    from ipywidgets.widgets.widget_string import HTMLStyle

    return w.HTML(value, layout=layout(), style=_style(HTMLStyle))


def text_input(value: str = "", width: str = "100%", continuous: bool = True) -> w.Text:
    from ipywidgets.widgets.widget_string import TextStyle

    return w.Text(value=value, layout=layout(width=width), style=_style(TextStyle),
                  continuous_update=continuous)


def vbox(children, **kw) -> w.VBox:
    return w.VBox(children, layout=layout(**kw))


def hbox(children, **kw) -> w.HBox:
    return w.HBox(children, layout=layout(flex_flow="row wrap", **kw))


def close_tree(widget, keep=()) -> None:
    """Close a widget and everything inside it (not the shared layouts), except ``keep``:
    a re-render must not leave hundreds of dead widgets in the kernel."""
    if widget is None or any(widget is k for k in keep):
        return
    for child in getattr(widget, "children", ()) or ():
        close_tree(child, keep)
    shared = list(_LAYOUTS.values()) + list(_STYLES.values())
    for name in ("layout", "style"):
        part = getattr(widget, name, None)
        if isinstance(part, w.Widget) and not any(part is x for x in shared):
            part.close()
    widget.close()


# the form's number kinds, read as forms_check reads them: (parse, echo)
NUMBER_PARSERS = {
    "money": (parse_vnd, lambda value, lang, _text: format_vnd(value, lang)),
    "integer": (lambda text: parse_number(text, allow_decimals=False),
                lambda value, lang, _text: format_number(value, 0, lang)),
}


def _help(text: str) -> str:
    return f'<span class="ocop-help">{escape(text)}</span>' if text else ""


def messages_html(messages, kind="warning") -> str:
    return "".join(message_html(m, kind) for m in messages or [])


class FormPanel:
    """Inputs for some sections of a form definition; a field added to the JSON appears here.

    ``on_change(field_id, value)`` receives every edit; ``show_problems`` puts messages next
    to the fields. Official-use sections are shown as a note only (filled in by hand).
    """

    def __init__(self, form_def: dict, section_ids, values: dict, on_change, lang: str,
                 computed: dict | None = None):
        self.form_def, self.lang, self.on_change = form_def, lang, on_change
        self.inputs: dict[str, w.Widget] = {}
        self.messages: dict[str, w.HTML] = {}
        self.typed: dict = {}  # field id → TypedInput (money and whole numbers)
        self._computed_ids: set = set()
        children = []
        wanted = set(section_ids) if section_ids is not None else None
        for section in form_def["sections"]:
            if wanted is not None and section["id"] not in wanted:
                continue
            number = section.get("number", "")
            title = pick(section["title"], lang)
            heading = f"{number}. {title}" if number and not title.startswith(number) else title
            children.append(html(f"<h4>{escape(heading)}</h4>"))
            if section.get("official_use"):
                children.append(html(message_html(t("plan_app.official_blank", lang), "info")))
                continue
            for f in section["fields"]:
                children.append(self._field(f, values, computed or {}))
        self.root = vbox(children)

    def _field(self, f, values, computed):
        lang, fid = self.lang, f["id"]
        label = pick(f["label"], lang) + (" *" if f.get("required") and not f.get("computed_from") else "")
        helps = [pick(f["help"], lang)] if f.get("help") else []
        if f.get("prefill_from"):
            helps.append(t("forms.carried_over", lang))
        value = values.get(fid)
        if f.get("computed_from"):
            helps.append(t("forms.computed", lang))
            self._computed_ids.add(fid)
            widget = html()
            self.inputs[fid] = widget
            self._show_computed(fid, computed.get(fid))
        elif f["type"] == "choice":
            options = [(t("plan_app.choose", lang), "")] + [
                (pick(o["label"], lang), o["value"]) for o in f["options"]]
            known = {v for _l, v in options}
            widget = w.Dropdown(options=options, value=value if value in known else "",
                                layout=layout(width="auto"))
        elif f["type"] == "long_text":
            from ipywidgets.widgets.widget_string import TextStyle

            widget = w.Textarea(value=str(value or ""), layout=layout(width="100%", height="5em"),
                                style=_style(TextStyle))
        elif f["type"] in NUMBER_PARSERS:
            from .typed_input import TypedInput  # it builds on this module's helpers

            parse, shown = NUMBER_PARSERS[f["type"]]
            typed = TypedInput(parse, shown, lang, str(value or ""), width="16em", empty_ok=True,
                               on_change=partial(self._typed_changed, fid))
            self.typed[fid], self.inputs[fid], self.messages[fid] = typed, typed.box, typed.message_html
            head = f"<b>{escape(label)}</b>" + (f"<br>{_help(' · '.join(helps))}" if helps else "")
            return vbox([html(head), typed.root])
        else:
            widget = text_input(str(value or ""), "100%" if f["type"] == "text" else "16em")
        self.inputs[fid] = widget
        message = html()
        self.messages[fid] = message
        head = f"<b>{escape(label)}</b>" + (f"<br>{_help(' · '.join(helps))}" if helps else "")
        if not f.get("computed_from"):
            widget.observe(lambda change, fid=fid: self._changed(fid, change["new"]), names="value")
        return vbox([html(head), widget, message])

    def _typed_changed(self, fid, field) -> None:
        self._changed(fid, field.raw)

    def _changed(self, fid, value):
        try:
            self.on_change(fid, value)
        except Exception as exc:  # an edit must never fail silently
            log.exception("form field callback failed")
            self.messages[fid].value = message_html(
                t("views.error_generic", self.lang, detail=str(exc)[:200]), "error")

    def _show_computed(self, fid, value):
        text = format_vnd(value, self.lang) if isinstance(value, (int, float)) else "—"
        self.inputs[fid].value = f"<span class='ocop-parsed'>{escape(text)}</span>"

    def set_computed(self, values: dict) -> None:
        for fid in self._computed_ids:
            self._show_computed(fid, values.get(fid))

    def show_problems(self, problems: dict) -> None:
        for fid, html in self.messages.items():
            if fid in self.typed:  # under its own reading error, said once
                self.typed[fid].set_notes(problems.get(fid), "warning")
            else:
                html.value = messages_html(problems.get(fid), "warning")


class UndoNotice:
    """"Đã xoá sản phẩm “Miến dong” — Hoàn tác": shown where a removed row was, until the
    row is put back or the rows change again. ``on_undo(removed)`` puts it back."""

    def __init__(self, lang: str, on_undo, run):
        """``run(callback)`` calls the button's work (the app's ``_safe``, so that a failure is
        shown, not lost in the kernel's log)."""
        self.lang, self.on_undo = lang, on_undo
        self.removed = None
        self.text = html()
        self.button = w.Button(description=t("plan_app.undo", lang), icon="undo",
                               layout=layout(width="auto"))
        self.button.add_class("ocop-undo")
        self.button.on_click(lambda _b: run(self.undo))
        self.root = hbox([self.text, self.button], align_items="center")
        self.root.add_class("ocop-undo-notice")

    @property
    def prefix(self) -> str | None:
        return self.removed.prefix if self.removed is not None else None

    def offer(self, removed) -> None:
        self.removed = removed
        name = removed.name or t("plan_app.removed_unnamed", self.lang)
        self.text.value = message_html(
            t(f"plan_app.removed.{removed.prefix}", self.lang, name=name), "info")

    def clear(self) -> None:
        self.removed = None
        self.text.value = ""

    def undo(self) -> None:
        removed, self.removed = self.removed, None
        self.text.value = ""
        if removed is not None:
            self.on_undo(removed)


class DraftController:
    """Login → the user's latest draft (or a new one); autosave of every change; drafts list;
    the conflict banner; opening a sample starts a new draft. A thin layer over
    ``DraftSession`` that turns drafts into ``PlanState`` and back. Subclasses implement
    ``render()`` (rebuild the body from ``self.state``) and may override ``new_state()``."""

    app_id = ""
    title_key = ""
    sample_choice = SAMPLES[0]

    def __init__(self, lang: str, store=None, scheduler=None, debounce_s: float | None = None):
        self.shell = AppShell(self.app_id, self.title_key, lang, store)
        self.session = DraftSession(lambda: self.shell.store, self.app_id,
                                    scheduler=scheduler, debounce_s=debounce_s)
        self.session.on_status(self.shell.show_status)
        self.state = self.new_state()
        self.drafts = DraftList(self.shell, self.app_id, self.open_draft, self.duplicate_draft,
                                summary=lambda info: info.summary, on_delete=self.delete_draft)
        self.conflict = ConflictBanner(self.shell, self.session, self.reload_draft, self.save_as_copy)
        self.shell.on_login(self._on_login)
        self.shell.on_switch(self._on_switch)
        self.shell.use_session(self.session)
        self.shell.on_lang_change(lambda _lang: self.render())

    @property
    def lang(self) -> str:
        return self.shell.lang

    @property
    def root(self) -> w.Widget:
        return self.shell.root

    @property
    def saver(self):
        return self.session.saver

    def new_state(self) -> PlanState:
        return PlanState()

    def sample_tools(self) -> w.Widget:
        """The "Mẫu: … / Mở bản mẫu / Bản mới" row. The picker keeps the sample last opened:
        opening one redraws the page, and a picker back on the first sample would say that
        another one is open (and a second tap would open it)."""
        lang = self.lang
        self.sample_pick = w.Dropdown(options=[(t(f"plan_app.sample.{s}", lang), s) for s in SAMPLES],
                                      value=self.sample_choice, layout=layout(width="auto"))
        self.sample_button = w.Button(description=t("plan_app.load_sample", lang), layout=layout(width="auto"))
        self.sample_button.on_click(lambda _b: self.shell._safe(self._open_sample))
        self.new_button = w.Button(description=t("plan_app.new_draft", lang), layout=layout(width="auto"))
        self.new_button.on_click(lambda _b: self.shell._safe(self.start_new))
        row = hbox([self.sample_pick, self.sample_button, self.new_button])
        row.add_class("ocop-row")
        return row

    def _open_sample(self) -> None:
        self.sample_choice = self.sample_pick.value
        self.load_sample(self.sample_choice)

    def load_sample(self, name: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # --- drafts ---------------------------------------------------------------------

    def _on_switch(self) -> None:
        """Another person takes the device: save, then start from an empty form."""
        self.session.sign_out()
        self.conflict.refresh()
        self.state = self.new_state()
        self.render()

    def _on_login(self, user_code: str, _name: str) -> None:
        try:
            draft = self.session.sign_in(user_code, typed=not self.state.is_blank())
        except StorageError as exc:
            self.shell.notify(exc.message(self.lang), "error")
            return
        if draft is not None:
            self._load(draft)
            return
        self.start_new(keep_current=True)
        if self.session.newest is not None:
            self.shell.notify(t("plan_app.kept_typed", self.lang), "info")

    def _load(self, draft) -> None:
        state = PlanState.from_payload(draft.payload)
        if state.load_error is not None:
            # An unreadable draft stays as it is in the database; work goes on in a new one.
            self.start_new(state)
            self.shell.notify(t("limits.draft_unreadable", self.lang,
                                error=state.load_error.message(self.lang)), "error")
            return
        self.state = state
        self.session.open(draft, title=state.title(self.lang))
        self.conflict.refresh()
        self.render()

    def open_draft(self, draft_id: str) -> None:
        draft = self.session.load(draft_id)
        if draft is None:
            self.shell.notify(t("storage.draft_not_found", self.lang), "error")
            return
        self._load(draft)

    def duplicate_draft(self, draft_id: str) -> None:
        """A copy of a draft as it is now (the open one is saved first); the copy opens, as
        in the self-assessment."""
        info = next((i for i in self.drafts.infos if i.draft_id == draft_id), None)
        title = info.title if info is not None and info.title else t("views.draft_untitled", self.lang)
        copy = self.session.duplicate(draft_id, t("views.copy_of", self.lang, title=title))
        self._load(copy)
        self.shell.notify(t("views.duplicated", self.lang, title=copy.title), "success")

    def delete_draft(self, draft_id: str) -> None:
        if self.session.delete(draft_id):
            self.start_new()  # the open draft is gone: an empty form, not a silent re-create

    def reload_draft(self) -> None:
        """After a conflict: show the version another tab saved (edits here are dropped)."""
        draft = self.session.reload()
        if draft is None:
            return
        self.state = PlanState.from_payload(draft.payload)
        self.render()
        self.shell.notify(t("views.conflict_reloaded", self.lang), "info")

    def save_as_copy(self) -> None:
        """After a conflict: keep what is on screen as a new draft; autosave goes on there."""
        name = self.state.title(self.lang) or t("views.draft_untitled", self.lang)
        title = t("views.copy_of", self.lang, title=name)
        if self.session.save_as_copy(self.state.to_payload(), title,
                                     summary=self._summary()) is None:
            return
        self.drafts.refresh()
        self.shell.notify(t("views.conflict_copied", self.lang, title=title), "success")

    def start_new(self, state: PlanState | None = None, keep_current: bool = False) -> None:
        """A new draft (from ``state``, a sample, or empty). ``keep_current`` keeps what was
        typed before login in the new draft."""
        if state is not None or not keep_current:
            self.state = state or self.new_state()
        if self.session.user_code:
            self.session.start_new(self.state.to_payload(), title=self.state.title(self.lang) or None,
                                   summary=self._summary())
            self.conflict.refresh()
            self.drafts.refresh()
        self.render()

    def _summary(self, result=None) -> str:
        try:
            return self.state.summary(self.lang, result)
        except Exception:  # noqa: BLE001 - a summary must never block saving
            return ""

    def changed(self, result=None) -> None:
        """Hand the latest state to the autosaver (only once a user code is given)."""
        self.session.changed(self.state.to_payload(), title=self.state.title(self.lang) or None,
                             summary=self._summary(result))
