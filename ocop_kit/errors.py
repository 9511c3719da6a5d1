"""Errors that carry a message key, so that every layer can say what went wrong in the user's language."""
from __future__ import annotations

from .i18n import pick, t


class InputError(Exception):
    """Bad input from a user or a file: shown as one clear line, never as a traceback."""

    def __init__(self, key: str, where: str = "", **params):
        super().__init__(key)
        self.key = key
        self.where = where
        self.params = params

    def message(self, lang: str | None = None) -> str:
        params = {k: pick(v, lang) if isinstance(v, dict) else v for k, v in self.params.items()}
        text = t(self.key, lang, **params)
        return f"{self.where}: {text}" if self.where else text
