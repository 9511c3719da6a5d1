"""Which of the eight elements of a product story a text covers — a keyword heuristic.

The elements and their words are data (``data/story.json``, with where the elements come
from). A word found is a hint that the element is there; it cannot tell a moving story from
a list of words, and a council reads the story, not the words. The checker says so.

Matching: the text and each keyword are lower-cased and composed (NFC) and compared as whole
words, in every language's word list (a trainee may write Vietnamese on the English page).
Text typed without Vietnamese accents ("nguon goc") is compared without accents too, but
then only with keywords of four letters or more: "vị" without its accent would be "vi",
which is in too many words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .content import data

MAX_STORY = 5000  # characters checked; a product story is a page at most
SHORT_UNACCENTED = 4

_WORDS = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True)
class Element:
    id: str
    name: dict
    hint: dict
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class StoryCheck:
    covered: tuple[tuple[Element, tuple[str, ...]], ...]  # element and the words found
    missing: tuple[Element, ...]
    words: int

    @property
    def count(self) -> int:
        return len(self.covered)

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missing)


def elements() -> list[Element]:
    out = []
    for e in data("story")["elements"]:
        words = tuple(dict.fromkeys(w for lang in ("vi", "en") for w in e["keywords"].get(lang, [])))
        out.append(Element(e["id"], e["name"], e["hint"], words))
    return out


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").casefold()
    return " " + " ".join(_WORDS.sub(" ", text).split()) + " "


def strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def accented(text: str) -> bool:
    """True when the text carries Vietnamese accents (then keywords keep theirs)."""
    return strip_accents(text) != text


def check(text: str, product_name: str = "") -> StoryCheck:
    """The elements ``text`` covers; the product's name, when given, covers "name" if the
    story mentions it."""
    text = (text or "")[:MAX_STORY]
    body = _normal(text)
    plain = not accented(body)
    haystack = strip_accents(body) if plain else body
    name = _normal(product_name).strip()
    covered, missing = [], []
    for element in elements():
        found = []
        for word in element.keywords:
            key = _normal(word).strip()
            if plain:
                key = strip_accents(key)
                if len(key) < SHORT_UNACCENTED:
                    continue
            if key and f" {key} " in haystack:
                found.append(word)
        if element.id == "name" and name:
            key = strip_accents(name) if plain else name
            if f" {key} " in haystack:
                found.insert(0, product_name.strip())
        if found:
            covered.append((element, tuple(found)))
        else:
            missing.append(element)
    return StoryCheck(tuple(covered), tuple(missing), len(body.split()))


def examples() -> list[dict]:
    return data("story")["examples"]
