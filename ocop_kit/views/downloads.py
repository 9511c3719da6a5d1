"""One way to hand a file to the user: a link with the file inside a data: URI.

Voila serves no files of its own to a trainee, so every download (answers, reports,
spreadsheets, the dossier) is a ``<a download>`` whose ``href`` carries the bytes.
"""
from __future__ import annotations

import base64

from ..text import escape


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """An ``<a download>`` holding ``data``; the file name and label are escaped."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a class="ocop-download" download="{escape(filename)}" '
            f'href="data:{mime};base64,{encoded}">⬇ {escape(label)}</a>')
