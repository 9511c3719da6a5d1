"""Level texts and notes in the page's language, with the official Vietnamese one tap away.

The English of the criteria in force is an unofficial translation (``Level.text_en``); an
English page shows it, says so, and keeps the decision's own wording in a ``<details>``
marked ``ocop-official`` (the English-page test skips that element: it is meant to be
Vietnamese). Versions and sheets without English show the Vietnamese with a note saying so.
Plain strings and HTML only: the views put them into their own widgets.
"""
from __future__ import annotations

from ..i18n import t
from ..text import escape


def level_text(level, lang: str | None) -> str:
    """The level's text for a label: English where there is a translation, else the official text."""
    return level.text_for(lang)


def note_text(criterion, lang: str | None) -> str:
    return criterion.note_for(lang)


def is_translated(criterion, lang: str | None) -> bool:
    """Whether anything of this criterion shows in translation on this page."""
    return criterion.note_translated(lang) or any(level.translated(lang) for level in criterion.levels)


def official_html(criterion, lang: str | None, levels=None, label: bool = True) -> str:
    """'Unofficial translation' and a closed ``<details>`` with the Vietnamese note and levels.

    On an English page without a translation, a note that the levels are only in Vietnamese;
    on a Vietnamese page, nothing. ``levels`` limits the list
    (e.g. the levels a projector has revealed); by default every level is listed. ``label=False``
    leaves out the 'Unofficial translation' line for a view that says it already.
    """
    if not is_translated(criterion, lang):
        hint = untranslated_hint(criterion, lang)
        return f"<div class='ocop-help'>{escape(hint)}</div>" if hint else ""
    shown = criterion.levels if levels is None else levels
    items = "".join(f"<li lang='vi'>{escape(level.text)}</li>" for level in shown)
    note = f"<p lang='vi'>{escape(criterion.note)}</p>" if criterion.note else ""
    said = f"<span class='ocop-help'>{escape(t('official.unofficial', lang))}</span>" if label else ""
    return (f"<div class='ocop-translation'>{said}"
            f"<details class='ocop-official'><summary>{escape(t('official.show', lang))}</summary>"
            f"{note}<ul>{items}</ul></details></div>")


def untranslated_hint(criterion, lang: str | None) -> str:
    """On an English page, a note when this criterion's levels exist only in Vietnamese."""
    if lang != "en" or not criterion.levels or is_translated(criterion, lang):
        return ""
    return t("official.vietnamese_only", lang)


# How an English page cites the decision's parts (data files cite them in Vietnamese).
CITATION_WORDS = (("QĐ ", "Decision "), ("Điều ", "Article "), ("Phụ lục ", "Appendix "),
                  ("Mẫu số ", "Form "), ("Mẫu ", "Form "), ("Phần ", "Part "), ("khoản ", "clause "))


def citation(text: str, lang: str | None) -> str:
    """A reference such as "Điều 7.6.a" or "Mẫu 02, Phần III" as the page's language writes it."""
    if lang != "en":
        return text
    for vi, en in CITATION_WORDS:
        text = text.replace(vi, en)
    return text
