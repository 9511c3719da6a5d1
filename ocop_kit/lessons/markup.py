"""The small text format of lesson texts: paragraphs, "- " lists, **bold**, [label](app.ipynb).

Lesson texts live in the catalogs (``locales/*/lessons.json``) as plain strings; this turns
one into HTML for a page or into plain text (the notebook's text twin). Everything is
escaped first, so a text can never inject markup; a link may only point at a notebook
next to the lesson.
"""
from __future__ import annotations

import re

from ..text import escape

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\(([a-z0-9-]+\.ipynb)\)")


def _inline(text: str, lang: str) -> str:
    html = _BOLD.sub(r"<b>\1</b>", escape(text))
    query = "?lang=en" if lang == "en" else ""
    return _LINK.sub(lambda m: f'<a href="{m.group(2)}{query}" target="_blank">{m.group(1)}</a>', html)


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """("p", [lines]) or ("ul", [items]) per paragraph; a paragraph is a run of lines."""
    out: list[tuple[str, list[str]]] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            out.append(("ul", [line[2:].strip() for line in lines]))
        else:
            out.append(("p", lines))
    return out


def to_html(text: str, lang: str = "vi") -> str:
    parts = []
    for kind, lines in blocks(text):
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{_inline(item, lang)}</li>" for item in lines) + "</ul>")
        else:
            parts.append("<p>" + "<br>".join(_inline(line, lang) for line in lines) + "</p>")
    return "".join(parts)


def to_plain(text: str) -> str:
    """The same text without marks: bold stripped, links as their label."""
    parts = []
    for kind, lines in blocks(text):
        lines = [_LINK.sub(r"\1", _BOLD.sub(r"\1", line)) for line in lines]
        parts.append("\n".join(f"- {line}" for line in lines) if kind == "ul" else "\n".join(lines))
    return "\n\n".join(parts)
