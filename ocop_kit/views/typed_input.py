"""One typed input for every number a trainee types: money, whole numbers, percents, months.

``TypedInput(parse, format, lang)`` owns the text box, the text as typed (``raw``), what it
read (``value``, ``None`` while unreadable) and the message under the box (the parse error in
the user's language, then any notes the app adds). The reading is the core's: ``parse(text)``
returns a value or raises :class:`ocop_kit.errors.InputError`; ``format(value, lang, text)``
gives the "= 1.500.000 đ" echo beside the box (shown only when it differs from what was
typed). In a grid (twelve months) the boxes stay bare (``compact``) and the grid says what each
one read in one line.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from ..errors import InputError
from ..text import escape
from .common import message_html
from .plan_widgets import hbox, html, text_input, vbox

__all__ = ["TypedInput"]

log = logging.getLogger(__name__)


class TypedInput:
    def __init__(self, parse: Callable[[str], object],
                 format: Callable[[object, str, str], str],
                 lang: str, text: str = "", *, on_change: Callable[[TypedInput], object] | None = None,
                 width: str = "11em", css_class: str = "", empty_ok: bool = False,
                 compact: bool = False):
        self.parse, self.format, self.lang = parse, format, lang
        self.on_change, self.empty_ok = on_change, empty_ok
        self.value: object = None
        self.error: InputError | None = None
        self.notes: list[str] = []
        self.notes_kind = "warning"
        self.box = text_input(text, width, continuous=False)
        if css_class:
            self.box.add_class(css_class)
        self.echo_html = html()
        self.message_html = html()
        self._read(text)
        self._show()
        self.box.observe(self._typed, names="value")
        self.root = self.box if compact else vbox([hbox([self.box, self.echo_html]), self.message_html])

    @property
    def raw(self) -> str:
        return self.box.value

    @property
    def valid(self) -> bool:
        return self.error is None

    def _read(self, text: str) -> None:
        if self.empty_ok and not str(text).strip():
            self.value, self.error = None, None
            return
        try:
            self.value, self.error = self.parse(text), None
        except InputError as exc:
            self.value, self.error = None, exc

    def _typed(self, change) -> None:
        self._read(change["new"])
        self._show()
        if self.on_change is not None:
            self.on_change(self)

    def echo(self) -> str:
        """What was read, where it differs from what was typed ("" otherwise)."""
        if self.error is not None or self.value is None:
            return ""
        shown = self.format(self.value, self.lang, self.raw)
        return shown if shown and self.raw.strip() and shown != self.raw.strip() else ""

    def error_text(self) -> str:
        return self.error.message(self.lang) if self.error is not None else ""

    def set_notes(self, messages, kind: str = "warning") -> None:
        """Messages about the value (the plan's checks) under the parse error, if any."""
        self.notes, self.notes_kind = [m for m in messages or [] if m != self.error_text()], kind
        self._show()

    def set_text(self, text: str) -> None:
        """Put text in the box as if typed (``on_change`` runs)."""
        self.box.value = text

    def _show(self) -> None:
        shown = self.echo()
        self.echo_html.value = f"<span class='ocop-parsed'>= {escape(shown)}</span>" if shown else ""
        parts = [message_html(self.error_text(), "error")] if self.error is not None else []
        parts += [message_html(m, self.notes_kind) for m in self.notes]
        self.message_html.value = "".join(parts)
