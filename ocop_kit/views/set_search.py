"""The set picker's search line: what the search found, or why not and what to try.

The ranking lives in ``ocop_kit.rubric.search``; this module only words its result and
offers its "did you mean" spellings as buttons that fill the search box.
"""
from __future__ import annotations

import ipywidgets as w

from ..i18n import t, tn
from ..rubric.search import SearchResult
from ..text import escape
from .common import message_html


def option_label(label: str, via: str) -> str:
    """A found set's picker line, naming the product word that found it."""
    return f"{label} · {via}" if via else label


def note_html(result: SearchResult, lang: str) -> str:
    if not result.query:
        return ""
    if not result.hits:
        return message_html(t("assessment.search_none", lang, query=result.query), "warning")
    if result.partial:
        return message_html(t("assessment.search_partial", lang, query=result.query), "info")
    count = len(result.hits)
    found = tn("assessment.search_found", count, lang, count=count)
    return f"<div class='ocop-help' role='status'>{escape(found)}</div>"


class SuggestionRow:
    """"Did you mean" buttons; a tap puts the word in the search box."""

    def __init__(self, search_box: w.Text):
        self.search_box = search_box
        self.label = w.HTML()
        self.root = w.HBox([])
        self.root.add_class("ocop-row")
        self.root.layout.display = "none"

    def show(self, result: SearchResult, lang: str) -> None:
        if not result.suggestions:
            self.root.children = ()
            self.root.layout.display = "none"
            return
        self.label.value = f"<span>{escape(t('assessment.search_did_you_mean', lang))}</span>"
        buttons = []
        for word in result.suggestions:
            button = w.Button(description=word, layout=w.Layout(width="auto"))
            button.on_click(lambda _b, word=word: setattr(self.search_box, "value", word))
            buttons.append(button)
        self.root.children = (self.label, *buttons)
        self.root.layout.display = ""
