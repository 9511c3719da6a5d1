"""Find the criteria set of "my product" from the words a producer uses for it.

A query is matched word by word (Vietnamese syllables) against each set's names, its group
names and the keyword list in ``ocop_kit/forms/product_keywords.json``. Words typed with
Vietnamese marks are compared with their marks ("sả" is lemongrass, not the "sản" of
"thủy sản"); words typed without marks are compared without them ("tinh dau"). Only when
nothing matches whole words does the search try word beginnings ("mie"), and only when that
fails too does it offer close spellings ("did you mean").
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..i18n import pick

_WORD = re.compile(r"\w+", re.UNICODE)

# how a query word list matched a field; higher ranks first
SET_NAME, KEYWORD_EXACT, KEYWORD, GROUP = 400, 300, 200, 100
_IN_ORDER = 50  # the query's words appear together, in order


def fold(text: str) -> str:
    """Lower case without Vietnamese marks: "Tinh dầu" -> "tinh dau"."""
    text = unicodedata.normalize("NFC", text or "").lower().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


def words(text: str, marked: bool = True) -> tuple[str, ...]:
    text = unicodedata.normalize("NFC", text or "").lower()
    return tuple(_WORD.findall(text if marked else fold(text)))


def has_marks(text: str) -> bool:
    return fold(text) != unicodedata.normalize("NFC", text or "").lower()


@dataclass(frozen=True)
class Keyword:
    words: tuple[str, ...]  # as written in the data (Vietnamese, then English)
    sets: tuple[str, ...]  # set names, usual first


@dataclass(frozen=True)
class Hit:
    slug: str
    score: int
    via: str = ""  # the keyword that found it, when it was not the set's own name


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    suggestions: tuple[str, ...] = ()  # close spellings, when nothing matched
    partial: bool = False  # found by word beginnings only

    @property
    def slugs(self) -> list[str]:
        return [h.slug for h in self.hits]


@cache
def keywords() -> tuple[Keyword, ...]:
    path = resources.files("ocop_kit") / "forms" / "product_keywords.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(Keyword(tuple(unicodedata.normalize("NFC", w) for w in [*e["words"], *e.get("en", [])]),
                         tuple(e["sets"])) for e in data["keywords"])


def _match(query: tuple[str, ...], field: tuple[str, ...], prefix: bool) -> int:
    """0 when some query word is missing from ``field``; else 1, or 1 + _IN_ORDER when contiguous."""
    if not query or not field:
        return 0

    def same(q: str, f: str) -> bool:
        return f.startswith(q) if prefix else f == q

    if not all(any(same(q, f) for f in field) for q in query):
        return 0
    n = len(query)
    for i in range(len(field) - n + 1):
        if all(same(q, f) for q, f in zip(query, field[i:i + n], strict=False)):
            return 1 + _IN_ORDER
    return 1


def _fields(cset) -> list[str]:
    return [cset.name, cset.name_en]


def _group_fields(cset, groups: dict[str, list[str]]) -> list[str]:
    out = [pick(cset.sector, "vi"), pick(cset.sector, "en"), pick(cset.group, "vi"), pick(cset.group, "en")]
    return out + groups.get(cset.name, [])


def _subgroups(version) -> dict[str, list[str]]:
    """Set name -> the manifest's subgroup names (both languages) that list it."""
    out: dict[str, list[str]] = {}
    for entry in getattr(version, "groups", ()) or ():
        names = [pick(entry.get("subgroup"), lang) for lang in ("vi", "en")] if entry.get("subgroup") else []
        for name in entry.get("sets", ()):
            out.setdefault(name, []).extend(n for n in names if n)
    return out


def _rank(version, query_words: tuple[str, ...], marked: bool, prefix: bool) -> list[Hit]:
    by_name = {cset.name: cset for cset in version.sets.values()}
    subgroups = _subgroups(version)
    best: dict[str, Hit] = {}

    def offer(slug: str, score: int, via: str = "") -> None:
        if slug not in best or score > best[slug].score:
            best[slug] = Hit(slug, score, via)

    for cset in version.sets.values():
        for text in _fields(cset):
            m = _match(query_words, words(text, marked), prefix)
            if m:
                offer(cset.slug, SET_NAME + m)
        for text in _group_fields(cset, subgroups):
            m = _match(query_words, words(text, marked), prefix)
            if m:
                offer(cset.slug, GROUP + m)
    for kw in keywords():
        present = [by_name[name] for name in kw.sets if name in by_name]
        for word in kw.words:
            field = words(word, marked)
            exact = not prefix and field == query_words
            m = _match(query_words, field, prefix)
            if not m:
                continue
            for order, cset in enumerate(present):
                # the usual set of a keyword ranks before the other plausible ones
                offer(cset.slug, (KEYWORD_EXACT if exact else KEYWORD) + m - order, word)
    rank = {slug: i for i, slug in enumerate(cset.slug for cset in version.sets.values())}
    return sorted(best.values(), key=lambda h: (-h.score, rank[h.slug]))


def _vocabulary(version) -> dict[str, str]:
    """Folded word or phrase -> how to show it, for "did you mean"."""
    vocab: dict[str, str] = {}
    names = {cset.name for cset in version.sets.values()}
    for kw in keywords():
        if any(name in names for name in kw.sets):
            for word in kw.words:
                vocab.setdefault(fold(word), word)
    for cset in version.sets.values():
        for text in [cset.name, cset.name_en, pick(cset.group, "vi")]:
            for part in re.split(r"[,()]| và | and ", text or ""):
                part = part.strip()
                if len(part) > 2:
                    vocab.setdefault(fold(part), part.lower() if part[:1].isupper() and " " in part else part)
    return vocab


def suggest(version, query: str, n: int = 3) -> tuple[str, ...]:
    vocab = _vocabulary(version)
    key = " ".join(words(query, marked=False))
    close = difflib.get_close_matches(key, list(vocab), n=n, cutoff=0.7)
    if not close:  # one mistyped word among several
        single = [w for q in key.split() for w in difflib.get_close_matches(q, list(vocab), n=1, cutoff=0.75)]
        close = list(dict.fromkeys(single))[:n]
    return tuple(vocab[c] for c in close)


def search_sets(version, query: str) -> SearchResult:
    """The version's sets that fit ``query``, best first; every set for an empty query."""
    query = unicodedata.normalize("NFC", query or "").strip()
    if not words(query):
        return SearchResult(query, tuple(Hit(cset.slug, 0) for cset in version.sets.values()))
    tiers = [(True, False), (False, False), (True, True), (False, True)] if has_marks(query) \
        else [(False, False), (False, True)]
    for marked, prefix in tiers:
        hits = _rank(version, words(query, marked), marked, prefix)
        if hits:
            return SearchResult(query, tuple(hits), partial=prefix)
    return SearchResult(query, (), suggest(version, query))
