"""What every app page shares: the shell (title, language, login, status), drafts list, helpers.

Widgets only; no pandas, no matplotlib. Every text a user typed is escaped before it
reaches an ``HTML`` widget.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Callable
from urllib.parse import parse_qs

import ipywidgets as w

from ..i18n import LANGUAGES, normalize_lang, t
from ..request_info import when_request
from ..storage import StorageError, normalize_user_code
from ..text import escape

log = logging.getLogger(__name__)

NAME_MAX = 120
KINDS = ("info", "warning", "error", "success")

# Phone width (~360 px): every control full width, rows wrap instead of overflowing.
CSS = """<style>
.ocop-app { max-width: 960px; }
.ocop-app .ocop-msg { padding: 6px 10px; border-radius: 4px; margin: 4px 0; line-height: 1.4; }
.ocop-app .ocop-msg-info { background: #eef5fb; border-left: 4px solid #3b7dbf; }
.ocop-app .ocop-msg-success { background: #eef8ee; border-left: 4px solid #3c8d3c; }
.ocop-app .ocop-msg-warning { background: #fff6e0; border-left: 4px solid #d08a00; }
.ocop-app .ocop-msg-error { background: #fdecec; border-left: 4px solid #c0392b; }
.ocop-app .ocop-row { flex-wrap: wrap; align-items: center; gap: 4px 8px; }
.ocop-app .ocop-row-label { min-width: 12em; font-weight: 600; }
.ocop-app .ocop-help { color: #555; font-size: 90%; }
.ocop-app .ocop-status { color: #555; font-size: 90%; min-height: 1.4em; }
.ocop-app .ocop-header h2 { margin: 4px 0; }
.ocop-app .ocop-sticky { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid #ddd; padding: 2px 0; }
.ocop-app .widget-hbox { flex-wrap: wrap; }
.ocop-app .widget-radio-box label { white-space: normal; height: auto; line-height: 1.35; margin: 2px 0; }
.ocop-app .widget-radio-box { height: auto; }
@media (max-width: 600px) {
  .ocop-app .jupyter-widgets:not(.widget-label):not(.widget-button):not(.widget-checkbox) { width: 100% !important; max-width: 100% !important; }
  .ocop-app .widget-inline-hbox { flex-wrap: wrap; }
  .ocop-app .widget-inline-hbox .widget-label { width: 100% !important; max-width: 100% !important; text-align: left; }
  .ocop-app .ocop-row-label { min-width: 0; width: 100%; }
  .ocop-app .widget-button { min-height: 36px; }
}
@media print { .ocop-noprint { display: none !important; } }
</style>"""


def _lang_in(query: str) -> str | None:
    values = parse_qs((query or "").lstrip("?")).get("lang")
    if values:
        lang = values[0].strip().lower()[:2]
        if lang in LANGUAGES:
            return lang
    return None


def current_lang(default: str = "vi") -> str:
    """"en" when the page URL says ``?lang=en`` (Voila passes the query string), else ``default``.

    Never blocks: a preheated kernel has no request yet and builds the app in ``default``;
    its notebook's last cell calls ``AppShell.follow_url_language()`` once the request is known.
    """
    return _lang_in(os.environ.get("QUERY_STRING", "")) or normalize_lang(default)


def message_html(text: str, kind: str = "info") -> str:
    """An escaped message box as an HTML fragment (for an ``ipywidgets.HTML`` value)."""
    if not text:
        return ""
    kind = kind if kind in KINDS else "info"
    body = escape(text).replace("\n", "<br>")
    return f'<div class="ocop-msg ocop-msg-{kind}" role="status">{body}</div>'


def format_when(moment, lang: str = "vi") -> str:
    """dd/mm/yyyy HH:MM in local time (the workshop's clock)."""
    try:
        moment = moment.astimezone()
    except (ValueError, AttributeError):
        pass
    return moment.strftime("%d/%m/%Y %H:%M")


class AppShell:
    """Header with the title, language toggle, login row, status line, notices, then the body."""

    def __init__(self, app_id: str, title_key: str, lang: str, store=None):
        self.app_id = app_id
        self.title_key = title_key
        self.lang = normalize_lang(lang)
        self.user_code: str | None = None
        self.user_name: str = ""
        self._store = store
        self._lang_callbacks: list[Callable[[str], object]] = []
        self._login_callbacks: list[Callable[[str, str], object]] = []
        self._status: tuple[str, str] | None = None
        self._saved_at: float | None = None  # when the autosave last reported "saved"
        self._notice: tuple[str, str] | None = None

        self.title_html = w.HTML()
        self.title_html.add_class("ocop-header")
        self.lang_toggle = w.ToggleButtons(
            options=[(t("views.lang_vi", self.lang), "vi"), (t("views.lang_en", self.lang), "en")],
            value=self.lang, style={"button_width": "auto"})
        self.lang_toggle.add_class("ocop-noprint")
        self.lang_toggle.observe(self._on_toggle, names="value")
        self.code_input = w.Text(layout=w.Layout(width="12em"))
        self.name_input = w.Text(layout=w.Layout(width="18em"))
        self.start_button = w.Button(button_style="primary", icon="")
        self.start_button.on_click(lambda _b: self.login(self.code_input.value, self.name_input.value))
        self._code_label = w.HTML()
        self._name_label = w.HTML()
        self.login_help = w.HTML()
        self.login_row = w.HBox([self._code_label, self.code_input, self._name_label,
                                 self.name_input, self.start_button])
        self.login_row.add_class("ocop-row")
        self.who_html = w.HTML()
        self.status_html = w.HTML()
        self.status_html.add_class("ocop-status")
        self.notice_html = w.HTML()
        self.body = w.VBox()
        self.root = w.VBox([w.HTML(CSS), self.title_html, self.lang_toggle, self.login_row,
                            self.login_help, self.who_html, self.status_html, self.notice_html,
                            self.body])
        self.root.add_class("ocop-app")
        self._render_labels()

    # --- what apps use ---------------------------------------------------------------

    @property
    def store(self):
        if self._store is None:
            from ..storage import open_store

            self._store = open_store()
        return self._store

    def set_body(self, widget: w.Widget) -> None:
        self.body.children = (widget,)

    def on_lang_change(self, callback: Callable[[str], object]) -> None:
        self._lang_callbacks.append(callback)

    def on_login(self, callback: Callable[[str, str], object]) -> None:
        self._login_callbacks.append(callback)

    def set_lang(self, lang: str) -> None:
        self.lang_toggle.value = normalize_lang(lang)  # fires _on_toggle

    def login(self, code: str, name: str = "") -> bool:
        """Validate the code; on success remember it and tell the app. Inputs are never cleared."""
        try:
            user_code = normalize_user_code(code)
        except StorageError as exc:
            self.notify(exc.message(self.lang), "error")
            return False
        name = " ".join((name or "").split())
        if len(name) > NAME_MAX:
            name = name[:NAME_MAX]
            self.name_input.value = name
            self.notify(t("views.text_cut", self.lang, limit=NAME_MAX), "warning")
        else:
            self.clear_notice()
        self.user_code, self.user_name = user_code, name
        self._render_who()
        for callback in list(self._login_callbacks):
            self._safe(callback, user_code, name)
        return True

    def follow_url_language(self) -> None:
        """Switch to the page URL's ``?lang=`` (last cell of every app notebook); never waits.

        A kernel started for a request has the query string already. A preheated kernel
        built the app before anyone asked for the page: the switch happens when Voila hands
        the request over (``request_info.when_request``), on the kernel's event loop, with
        no cell waiting for it, so no execution timeout can cut it however long the pool waits.
        """
        self._follow_query(os.environ.get("QUERY_STRING", ""))
        when_request(lambda info: self._follow_query(info.get("QUERY_STRING", "")))

    def _follow_query(self, query: str) -> None:
        lang = _lang_in(query)
        if lang and lang != self.lang:
            self._safe(self.set_lang, lang)

    def show_status(self, state: str, message_key: str) -> None:
        """The autosave status line (``Autosaver`` states and ``storage.*`` keys)."""
        self._status = (state, message_key)
        if state == "saved":
            self._saved_at = time.time()
        self._render_status()

    def notify(self, text: str, kind: str = "info") -> None:
        self._notice = (text, kind)
        self.notice_html.value = message_html(text, kind)

    def clear_notice(self) -> None:
        self._notice = None
        self.notice_html.value = ""

    # --- machinery -----------------------------------------------------------------

    def _safe(self, callback, *args) -> None:
        try:
            callback(*args)
        except Exception as exc:  # noqa: BLE001 - show it, keep the page and the typing
            log.exception("app callback failed")
            self.notify(t("views.error_generic", self.lang, detail=str(exc)), "error")

    def _on_toggle(self, change) -> None:
        lang = normalize_lang(change["new"])
        if lang == self.lang:
            return
        self.lang = lang
        self._render_labels()
        for callback in list(self._lang_callbacks):
            self._safe(callback, lang)

    def _render_labels(self) -> None:
        lang = self.lang
        self.title_html.value = f"<h2>{escape(t(self.title_key, lang))}</h2>"
        self.lang_toggle.options = [(t("views.lang_vi", lang), "vi"), (t("views.lang_en", lang), "en")]
        self.lang_toggle.value = lang
        self._code_label.value = f"<b>{escape(t('views.login_code', lang))}</b>"
        self._name_label.value = f"<b>{escape(t('views.login_name', lang))}</b>"
        self.code_input.placeholder = t("views.login_code_placeholder", lang)
        self.start_button.description = t("views.login_button", lang)
        self.login_help.value = f'<span class="ocop-help">{escape(t("views.login_help", lang))}</span>'
        self._render_who()
        self._render_status()

    def _render_who(self) -> None:
        if self.user_code:
            name = f" — {self.user_name}" if self.user_name else ""
            self.who_html.value = message_html(
                t("views.logged_in", self.lang, code=self.user_code, name=name), "success")
        else:
            self.who_html.value = message_html(t("views.login_first", self.lang), "info")

    def _connection_marker(self) -> str:
        """A hidden element the page's connection watch reads (templates/…/connection-watch.html):
        the language, and when the draft was last saved (ms since the epoch; the browser shows
        it in its own clock)."""
        saved = f' data-ocop-saved="{int(self._saved_at * 1000)}"' if self._saved_at else ""
        return f'<span class="ocop-conn" data-ocop-lang="{escape(self.lang)}"{saved} hidden></span>'

    def _render_status(self) -> None:
        if self._status is None:
            self.status_html.value = self._connection_marker()
            return
        state, key = self._status
        try:
            text = t(key, self.lang) if key else t("views.status_idle", self.lang)
        except KeyError:
            text = key
        mark = {"saved": "✓", "saving": "…", "pending": "⏳", "error": "⚠", "conflict": "⚠"}.get(state, "")
        self.status_html.value = (f'<span class="ocop-status ocop-status-{escape(state)}">'
                                  f"{escape(mark)} {escape(text)}</span>" + self._connection_marker())


class DraftList:
    """The signed-in user's drafts for one app: Open / Duplicate / Delete, newest first."""

    def __init__(self, shell: AppShell, app_id: str, on_open: Callable[[str], object],
                 on_duplicate: Callable[[str], object],
                 summary: Callable[[object], str] = lambda info: info.summary):
        self.shell = shell
        self.app_id = app_id
        self.on_open = on_open
        self.on_duplicate = on_duplicate
        self.summary = summary
        self.infos: list = []
        self._armed_delete: str | None = None
        self.title_html = w.HTML()
        self.refresh_button = w.Button(icon="refresh", layout=w.Layout(width="auto"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.rows = w.VBox()
        self.root = w.VBox([w.HBox([self.title_html, self.refresh_button]), self.rows])
        self.root.add_class("ocop-drafts")
        shell.on_lang_change(lambda _lang: self.refresh())
        shell.on_login(lambda _code, _name: self.refresh())
        self.refresh()

    @property
    def lang(self) -> str:
        return self.shell.lang

    def refresh(self) -> None:
        lang = self.lang
        self.title_html.value = f"<b>{escape(t('views.drafts_title', lang))}</b>"
        self.refresh_button.description = t("views.drafts_refresh", lang)
        if not self.shell.user_code:
            self.infos = []
            self.rows.children = (w.HTML(f'<span class="ocop-help">{escape(t("views.drafts_need_login", lang))}</span>'),)
            return
        try:
            self.infos = self.shell.store.list_drafts(self.shell.user_code, self.app_id)
        except StorageError as exc:
            self.infos = []
            self.rows.children = (w.HTML(message_html(exc.message(lang), "warning")),)
            return
        if not self.infos:
            self.rows.children = (w.HTML(f'<span class="ocop-help">{escape(t("views.drafts_empty", lang))}</span>'),)
            return
        self.rows.children = tuple(self._row(info) for info in self.infos)

    def _row(self, info) -> w.Widget:
        lang = self.lang
        title = info.title or t("views.draft_untitled", lang)
        try:
            extra = self.summary(info) or ""
        except Exception:  # noqa: BLE001 - a summary must not hide the list
            extra = info.summary
        when = t("views.draft_updated", lang, date=format_when(info.updated_at, lang))
        text = (f"<b>{escape(title)}</b> · <span class='ocop-help'>{escape(when)}</span>"
                + (f"<br><span class='ocop-help'>{escape(extra)}</span>" if extra else ""))
        open_b = w.Button(description=t("views.draft_open", lang), layout=w.Layout(width="auto"))
        dup_b = w.Button(description=t("views.draft_duplicate", lang), layout=w.Layout(width="auto"))
        armed = self._armed_delete == info.draft_id
        del_b = w.Button(description=t("views.draft_delete_confirm" if armed else "views.draft_delete", lang),
                         button_style="danger" if armed else "", layout=w.Layout(width="auto"))
        open_b.on_click(lambda _b, d=info.draft_id: self.shell._safe(self.on_open, d))
        dup_b.on_click(lambda _b, d=info.draft_id: self._duplicate(d))
        del_b.on_click(lambda _b, i=info: self._delete(i))
        row = w.HBox([w.HTML(text, layout=w.Layout(flex="1 1 16em")), open_b, dup_b, del_b])
        row.add_class("ocop-row")
        row.draft_id = info.draft_id
        row.buttons = {"open": open_b, "duplicate": dup_b, "delete": del_b}
        return row

    def _duplicate(self, draft_id: str) -> None:
        self._armed_delete = None
        self.shell._safe(self.on_duplicate, draft_id)
        self.refresh()

    def _delete(self, info) -> None:
        if self._armed_delete != info.draft_id:  # first click arms, second click deletes
            self._armed_delete = info.draft_id
            self.refresh()
            return
        self._armed_delete = None
        try:
            self.shell.store.delete_draft(info.user_code, self.app_id, info.draft_id)
            self.shell.notify(t("views.draft_deleted", self.lang,
                                title=info.title or t("views.draft_untitled", self.lang)), "info")
        except StorageError as exc:
            self.shell.notify(exc.message(self.lang), "error")
        self.refresh()
