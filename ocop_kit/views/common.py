"""What every app page shares: the shell (title, language, login, status), drafts list, helpers.

Widgets only; no pandas, no matplotlib. Every text a user typed is escaped before it
reaches an ``HTML`` widget.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as w
from traitlets import Unicode

from .. import hub
from .. import workshop as ws
from ..i18n import LANGUAGES, normalize_lang, t
from ..request_info import when_request
from ..states import SaveState
from ..storage import StorageError, normalize_user_code
from ..text import escape
from .iopub import keep_every_message

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
.ocop-app .ocop-sticky { position: sticky; top: 0; z-index: 5; background: #fff;
                          border-bottom: 1px solid #ddd; padding: 2px 0; }
.ocop-app .widget-hbox { flex-wrap: wrap; }
.ocop-app .widget-radio-box label { white-space: normal; height: auto; line-height: 1.35; margin: 2px 0; }
.ocop-app .widget-radio-box { height: auto; }
@media (max-width: 600px) {
  .ocop-app .jupyter-widgets:not(.widget-label):not(.widget-button):not(.widget-checkbox) {
    width: 100% !important; max-width: 100% !important; margin-left: 0 !important; margin-right: 0 !important;
  }
  .ocop-app .widget-html-content { min-width: 0; max-width: 100%; }
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


class ChartImage(w.Image):
    """An image whose ``tooltip`` is its text alternative (the img's title). ipywidgets 8.1
    sets the title only when the model has a ``description`` (it reads its length, and
    throws in the browser for an Image, which has none)."""
    description = Unicode("").tag(sync=True)


@contextmanager
def busy(button: w.Button, lang: str):
    """The button says "Đang tạo…" and cannot be pressed again until the work inside is done.

    Its new label reaches the page while the kernel works: widget updates are sent as they
    happen, not when the click handler returns.
    """
    label, disabled = button.description, button.disabled
    button.description, button.disabled = t("views.busy_making", lang), True
    button.add_class("ocop-busy")
    try:
        yield
    finally:
        button.description, button.disabled = label, disabled
        button.remove_class("ocop-busy")


def format_when(moment, lang: str = "vi") -> str:
    """dd/mm/yyyy HH:MM in local time (the workshop's clock)."""
    with suppress(ValueError, AttributeError):
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


class AppShell:
    """Header with the title, language toggle, login row, status line, notices, then the body.

    Sign-in: when the kit has workshops, a trainee joins with the workshop's join code, their
    name and a 4-digit PIN (``ocop_kit.workshop``) and works under an owner key no one can
    type; without workshops, a trainee code as before. Either way a different person
    ("Đổi người dùng", or a new code typed over the old one) starts from an empty page: the
    shell calls every ``on_switch`` callback, and apps drop what is on screen.
    """

    def __init__(self, app_id: str, title_key: str, lang: str, store=None):
        keep_every_message()
        self.app_id = app_id
        self.title_key = title_key
        self.lang = normalize_lang(lang)
        self.user_code: str | None = None
        self.user_name: str = ""
        self._store = store
        self._lang_callbacks: list[Callable[[str], object]] = []
        self._login_callbacks: list[Callable[[str, str], object]] = []
        self._switch_callbacks: list[Callable[[], object]] = []
        self._session = None  # the app's DraftSession: "Nộp bài" saves and submits through it
        self.workshop: ws.Workshop | None = None
        self._sign_in_hidden = False
        # Under JupyterHub the hub user is the user: no code, no PIN, no switching (ocop_kit.hub).
        self.from_hub = hub.under_hub()
        self._status: tuple[str, str] | None = None
        self._saved_at: float | None = None  # when the autosave last reported "saved"
        self._notice: tuple[str, str] | None = None

        self.title_html = w.HTML()
        self.title_html.add_class("ocop-header")
        self.lang_toggle = w.ToggleButtons(
            options=[(t("views.lang_vi", self.lang), "vi"), (t("views.lang_en", self.lang), "en")],
            value=self.lang, style={"button_width": "auto"})
        self.lang_toggle.add_class("ocop-noprint")
        self.lang_toggle.add_class("ocop-lang-toggle")  # the template remembers the choice (lang-memory.html)
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
        self.join_input = w.Text(layout=w.Layout(width="9em"))
        self.wname_input = w.Text(layout=w.Layout(width="16em"))
        self.pin_input = w.Password(layout=w.Layout(width="6em"))
        self.join_button = w.Button(button_style="primary")
        self.join_button.on_click(lambda _b: self.join(self.join_input.value, self.wname_input.value,
                                                       self.pin_input.value))
        self._join_labels = [w.HTML() for _ in range(3)]
        self.join_row = w.HBox([self._join_labels[0], self.join_input, self._join_labels[1],
                                self.wname_input, self._join_labels[2], self.pin_input, self.join_button])
        self.join_row.add_class("ocop-row")
        self.switch_button = w.Button(icon="user", layout=w.Layout(width="auto", display="none"))
        self.switch_button.on_click(lambda _b: self.switch_user())
        self.submit_button = w.Button(button_style="success", icon="check",
                                      layout=w.Layout(width="auto", display="none"))
        self.submit_button.on_click(lambda _b: self.submit())
        self.user_row = w.HBox([self.switch_button, self.submit_button])
        self.user_row.add_class("ocop-row")
        self.user_row.add_class("ocop-noprint")
        self.workshop_mode = self._kit_has_workshops()
        self.who_html = w.HTML()
        self.status_html = w.HTML()
        self.status_html.add_class("ocop-status")
        # One bar that stays in view while the page scrolls: the app's own summary (score and
        # star, or the plan's cash low point) beside the autosave state.
        self.summary_html = w.HTML()
        self.status_bar = w.HBox([self.summary_html, self.status_html])
        self.status_bar.add_class("ocop-sticky")
        self.status_bar.add_class("ocop-status-bar")
        self.notice_html = w.HTML()
        self.banner_box = w.VBox()  # the conflict banner, right under the autosave status
        self.body = w.VBox()
        self.root = w.VBox([w.HTML(CSS), self.title_html, self.lang_toggle, self.login_row,
                            self.join_row, self.login_help, self.who_html, self.user_row,
                            self.status_bar, self.banner_box, self.notice_html, self.body])
        self.root.add_class("ocop-app")
        self._render_labels()

    # --- what apps use ---------------------------------------------------------------

    @property
    def store(self):
        if self._store is None:
            from ..storage import open_store

            self._store = open_store()
        return self._store

    def set_summary(self, html_fragment: str) -> None:
        """The app's part of the sticky status bar (already-escaped HTML; "" clears it)."""
        self.summary_html.value = html_fragment

    def set_body(self, widget: w.Widget) -> None:
        self.body.children = (widget,)

    def on_lang_change(self, callback: Callable[[str], object]) -> None:
        self._lang_callbacks.append(callback)

    def on_login(self, callback: Callable[[str, str], object]) -> None:
        self._login_callbacks.append(callback)

    def on_switch(self, callback: Callable[[], object]) -> None:
        """``callback()`` when the person changes: save what is pending, then empty the page."""
        self._switch_callbacks.append(callback)

    def use_session(self, session) -> None:
        """Show "Nộp bài" and let ``session.submit()`` save and mark the open draft."""
        self._session = session
        self._render_who()

    def set_lang(self, lang: str) -> None:
        self.lang_toggle.value = normalize_lang(lang)  # fires _on_toggle

    def login(self, code: str, name: str = "") -> bool:
        """Sign in by trainee code (a kit without workshops). A code other than the one signed
        in is another person: the page is emptied first."""
        if self.from_hub:
            return False
        if self.workshop_mode or self._kit_has_workshops():
            self._set_mode(True)
            self.notify(t("views.use_workshop_join", self.lang), "warning")
            return False
        try:
            user_code = normalize_user_code(code)
        except StorageError as exc:
            self.notify(exc.message(self.lang), "error")
            return False
        if self.user_code and user_code != self.user_code:
            self.switch_user(keep_inputs=True)
        name = " ".join((name or "").split())
        if len(name) > NAME_MAX:
            name = name[:NAME_MAX]
            self.name_input.value = name
            self.notify(t("views.text_cut", self.lang, limit=NAME_MAX), "warning")
        else:
            self.clear_notice()
        self._signed_in(user_code, name)
        return True

    def join(self, join_code: str, name: str, pin: str) -> bool:
        """Sign a workshop trainee in by join code, name and PIN (chosen on first join)."""
        if self.from_hub:
            return False
        try:
            trainee = ws.join(self.store, join_code, name, pin)
        except (ws.WorkshopError, StorageError) as exc:
            self.pin_input.value = ""
            self.notify(exc.message(self.lang), "error")
            return False
        self.pin_input.value = ""
        if self.user_code and trainee.owner != self.user_code:
            self.switch_user(keep_inputs=True)
        self.workshop = trainee.workshop
        self.clear_notice()
        if trainee.new:
            self.notify(t("views.joined_new", self.lang, workshop=trainee.workshop.name), "success")
        self._signed_in(trainee.owner, trainee.name)
        return True

    def switch_user(self, keep_inputs: bool = False) -> None:
        """Another person: the apps save what is pending and empty the page; sign-in is cleared."""
        for callback in list(self._switch_callbacks):
            self._safe(callback)
        self.user_code, self.user_name, self.workshop = None, "", None
        self._status, self._saved_at = None, None
        if not keep_inputs:
            for box in (self.code_input, self.name_input, self.wname_input, self.pin_input):
                box.value = ""
        self.clear_notice()
        self._render_who()
        self._render_status()

    def submit(self) -> bool:
        """Mark the open draft as submitted (the facilitator counts submitted work only)."""
        if not self.user_code or self._session is None:
            return False
        try:
            if not self._session.submit():
                self.notify(t("views.submit_nothing", self.lang), "warning")
                return False
        except StorageError as exc:
            self.notify(exc.message(self.lang), "error")
            return False
        self.notify(t("views.submitted", self.lang), "success")
        return True

    def _signed_in(self, user_code: str, name: str) -> None:
        self.user_code, self.user_name = user_code, name
        self._render_who()
        for callback in list(self._login_callbacks):
            self._safe(callback, user_code, name)

    def _kit_has_workshops(self) -> bool:
        try:
            return ws.has_workshops(self.store)
        except StorageError:
            return False

    def _set_mode(self, workshop_mode: bool) -> None:
        self.workshop_mode = workshop_mode
        self._render_labels()

    def follow_url_language(self) -> None:
        """Switch to the page URL's ``?lang=`` (last cell of every app notebook); never waits.

        A kernel started for a request has the query string already. A preheated kernel
        built the app before anyone asked for the page: the switch happens when Voila hands
        the request over (``request_info.when_request``), on the kernel's event loop, with
        no cell waiting for it, so no execution timeout can cut it however long the pool waits.
        """
        self.sign_in_from_hub()
        self._follow_query(os.environ.get("QUERY_STRING", ""))
        when_request(lambda info: self._follow_query(info.get("QUERY_STRING", "")))

    def sign_in_from_hub(self) -> bool:
        """Under JupyterHub: sign in as the hub user, in the workshop of their hub group."""
        if not self.from_hub or self.user_code or self._sign_in_hidden:
            return False
        try:
            trainee = hub.sign_in(self.store)
        except (hub.HubError, ws.WorkshopError, StorageError) as exc:
            self.notify(exc.message(self.lang), "error")
            return False
        self.workshop = trainee.workshop
        self._signed_in(trainee.owner, trainee.name)
        return True

    def _follow_query(self, query: str) -> None:
        # A preheated kernel built the page before the request; a workshop may exist since.
        if not self.user_code and not self._sign_in_hidden:
            mode = self._kit_has_workshops()
            if mode != self.workshop_mode:
                self._safe(self._set_mode, mode)
        lang = _lang_in(query)
        if lang and lang != self.lang:
            self._safe(self.set_lang, lang)

    def show_status(self, state: str, message_key: str) -> None:
        """The autosave status line (``Autosaver`` states and ``storage.*`` keys)."""
        self._status = (state, message_key)
        if state == SaveState.SAVED:
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
        except StorageError as exc:  # the database said no: its own message, in the user's language
            self.notify(exc.message(self.lang), "error")
        except Exception as exc:  # show it, keep the page and the typing
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
        for label, key in zip(self._join_labels, ("views.join_code", "views.join_name", "views.join_pin"), strict=True):
            label.value = f"<b>{escape(t(key, lang))}</b>"
        self.join_input.placeholder = t("views.join_code_placeholder", lang)
        self.wname_input.placeholder = t("views.join_name", lang)
        self.pin_input.placeholder = "0000"
        self.join_button.description = t("views.join_button", lang)
        self.switch_button.description = t("views.switch_user", lang)
        self.submit_button.description = t("views.submit", lang)
        if self.workshop_mode:
            self.login_help.value = f'<span class="ocop-help">{escape(t("views.join_help", lang))}</span>'
        self._render_who()
        self._render_status()

    def _render_who(self) -> None:
        # The sign-in rows hide while someone is signed in: the next person uses "Đổi người dùng".
        if not self._sign_in_hidden:
            signed = bool(self.user_code)
            self.login_row.layout.display = "none" if signed or self.workshop_mode or self.from_hub else ""
            self.join_row.layout.display = "none" if signed or not self.workshop_mode or self.from_hub else ""
            self.login_help.layout.display = "none" if self.from_hub else ""
            self.switch_button.layout.display = "" if signed and not self.from_hub else "none"
            self.submit_button.layout.display = "" if signed and self._session else "none"
        if self.user_code and self.workshop is not None:
            self.who_html.value = message_html(
                t("views.joined_as", self.lang, name=self.user_name, workshop=self.workshop.name), "success")
        elif self.user_code:
            name = f" — {self.user_name}" if self.user_name else ""
            self.who_html.value = message_html(
                t("views.logged_in", self.lang, code=self.user_code, name=name), "success")
        else:
            self.who_html.value = message_html(
                t("views.join_first" if self.workshop_mode else "views.login_first", self.lang), "info")

    def hide_sign_in(self) -> None:
        """Pages without trainees (the facilitator's) show no sign-in at all."""
        self._sign_in_hidden = True
        for part in (self.login_row, self.join_row, self.login_help, self.who_html, self.user_row):
            part.layout.display = "none"

    def _connection_marker(self) -> str:
        """A hidden element the page's connection watch reads (templates/…/connection-watch.html):
        the language, and when the draft was last saved (ms since the epoch; the browser shows
        it in its own clock)."""
        saved = f' data-ocop-saved="{int(self._saved_at * 1000)}"' if self._saved_at else ""
        return f'<span class="ocop-conn" data-ocop-lang="{escape(self.lang)}"{saved} hidden></span>'

    def status_fragment(self) -> str:
        """The autosave state as one span ("" before the first save), also for an app's sticky line."""
        if self._status is None:
            return ""
        state, key = self._status
        try:
            text = t(key, self.lang) if key else t("views.status_idle", self.lang)
        except KeyError:
            text = key
        marks: dict[str, str] = {SaveState.SAVED: "✓", SaveState.SAVING: "…", SaveState.PENDING: "⏳",
                                 SaveState.ERROR: "⚠", SaveState.CONFLICT: "⚠"}
        mark = marks.get(state, "")
        return f'<span class="ocop-status ocop-status-{escape(state)}">{escape(mark)} {escape(text)}</span>'

    def _render_status(self) -> None:
        self.status_html.value = self.status_fragment() + self._connection_marker()


class ConflictBanner:
    """Shown while another tab or device saved (or deleted) the open draft first: the message
    and the two ways out, "Tải lại bản mới" and "Lưu thành bản sao".

    Driven by a ``DraftSession``'s statuses; ``on_reload()`` / ``on_copy()`` are the app's
    (they know what is on screen). Reload is disabled when the draft was deleted elsewhere.
    """

    def __init__(self, shell: AppShell, session, on_reload: Callable[[], object],
                 on_copy: Callable[[], object]):
        self.shell, self.session = shell, session
        self.text = w.HTML()
        self.reload_button = w.Button(button_style="warning", icon="refresh", layout=w.Layout(width="auto"))
        self.copy_button = w.Button(button_style="primary", icon="copy", layout=w.Layout(width="auto"))
        self.reload_button.on_click(lambda _b: self._choose(on_reload))
        self.copy_button.on_click(lambda _b: self._choose(on_copy))
        row = w.HBox([self.reload_button, self.copy_button])
        row.add_class("ocop-row")
        self.root = w.VBox([self.text, row], layout=w.Layout(display="none"))
        self.root.add_class("ocop-conflict")
        self.root.add_class("ocop-noprint")
        shell.banner_box.children = (*shell.banner_box.children, self.root)
        session.on_status(lambda _state, _key: self.refresh())
        shell.on_lang_change(lambda _lang: self.refresh())
        self.refresh()

    @property
    def visible(self) -> bool:
        return self.root.layout.display != "none"

    def refresh(self) -> None:
        key, lang = self.session.conflict, self.shell.lang
        self.reload_button.description = t("views.conflict_reload", lang)
        self.copy_button.description = t("views.conflict_copy", lang)
        if key is None:
            self.root.layout.display = "none"
            self.text.value = ""
            return
        self.text.value = message_html(t(key, lang), "error")
        self.reload_button.disabled = key == "storage.draft_gone"
        self.root.layout.display = ""

    def _choose(self, action: Callable[[], object]) -> None:
        self.shell._safe(action)
        self.refresh()


class DraftList:
    """The signed-in user's drafts for one app: Open / Duplicate / Delete, newest first."""

    def __init__(self, shell: AppShell, app_id: str, on_open: Callable[[str], object],
                 on_duplicate: Callable[[str], object],
                 summary: Callable[[Any], str] = lambda info: info.summary,
                 on_delete: Callable[[str], object] | None = None):
        self.shell = shell
        self.on_delete = on_delete
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
            need_login = escape(t("views.drafts_need_login", lang))
            self.rows.children = (w.HTML(f'<span class="ocop-help">{need_login}</span>'),)
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
            if self.on_delete is not None:
                self.on_delete(info.draft_id)
            else:
                self.shell.store.delete_draft(info.user_code, self.app_id, info.draft_id)
            self.shell.notify(t("views.draft_deleted", self.lang,
                                title=info.title or t("views.draft_untitled", self.lang)), "info")
        except StorageError as exc:
            self.shell.notify(exc.message(self.lang), "error")
        self.refresh()
