"""Message catalogs: every user-facing string comes from here, Vietnamese first.

Catalogs are JSON files under ``ocop_kit/locales/<lang>/<domain>.json``; each domain
(core, cli, app, finance, …) owns one file per language so that parts of the kit can
add messages without touching each other's files. Keys must be identical across
languages (a test enforces it).
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES = ("vi", "en")
DEFAULT_LANG = "vi"


def normalize_lang(lang: str | None) -> str:
    lang = (lang or DEFAULT_LANG).strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANG


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, merged over its domain files."""
    merged: dict[str, str] = {}
    folder = resources.files("ocop_kit") / "locales" / lang
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        for key, text in json.loads(entry.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice ({entry.name})")
            merged[key] = text
    return merged


def t(key: str, lang: str | None = None, **params) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` from ``params``.

    A missing key raises KeyError: a message without a translation is a bug, and the
    catalog tests catch it before users do.
    """
    text = catalog(normalize_lang(lang))[key]
    return text.format(**params) if params else text


def plural_category(count, lang: str | None = None) -> str:
    """CLDR plural category: English has "one" (exactly 1) and "other"; Vietnamese only "other"."""
    if normalize_lang(lang) == "en" and count == 1:
        return "one"
    return "other"


def tn(key: str, n, lang: str | None = None, **params) -> str:
    """Translate a counted message: ``key_one`` / ``key_other`` chosen by the number ``n``.

    Both languages carry both keys (the catalog test wants the same keys); Vietnamese
    writes the same text twice because it has a single form.
    """
    messages = catalog(normalize_lang(lang))
    text = messages.get(f"{key}_{plural_category(n, lang)}") or messages[f"{key}_other"]
    return text.format(**params)


def pick(value, lang: str | None = None) -> str:
    """Choose the language from a ``{"vi": ..., "en": ...}`` value in a data file.

    Falls back to Vietnamese, the language every data file must carry.
    """
    if isinstance(value, dict):
        return value.get(normalize_lang(lang)) or value.get(DEFAULT_LANG, "")
    return "" if value is None else str(value)
