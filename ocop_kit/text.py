"""Small text helpers shared by the core and the views."""
from __future__ import annotations

import html
import re
import unicodedata

_NUMBERING = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s*(.*?)\s*$", re.S)


def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese name: "Chè tươi, chế biến" -> "che-tuoi-che-bien"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def split_numbering(text: str) -> tuple[str, str]:
    """"6.1.2. Hình dạng" -> ("6.1.2", "Hình dạng"); text without numbering -> ("", text)."""
    match = _NUMBERING.match(text or "")
    if not match:
        return "", collapse(text)
    return match.group(1), collapse(match.group(2))


def collapse(text: str | None) -> str:
    """Whitespace folded and Unicode composed (NFC), so names typed or pasted differently still match."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text or "").strip())


def escape(text) -> str:
    """HTML-escape anything a user typed before it reaches a page, report or export."""
    return html.escape("" if text is None else str(text), quote=True)


def clip(text: str, limit: int) -> tuple[str, bool]:
    """Cut ``text`` to ``limit`` characters; the flag says whether anything was cut."""
    text = text or ""
    return (text[:limit], True) if len(text) > limit else (text, False)


def nfc(text: str) -> str:
    """Vietnamese typed on different keyboards arrives decomposed or composed: store NFC."""
    return unicodedata.normalize("NFC", text or "")


def plain_number(value: float) -> str:
    """Points as a data file writes them: 38 -> "38", 2.5 -> "2.5" (for messages about data)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def star_string(stars: int, out_of: int = 5) -> str:
    """5-star rating drawn with glyphs: 3 -> "★★★☆☆" (0 draws five empty stars)."""
    stars = max(0, min(int(stars), out_of))
    return "★" * stars + "☆" * (out_of - stars)
