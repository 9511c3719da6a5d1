"""Every message exists in both languages with the same placeholders; Vietnamese text is NFC."""
import re
import string
import unicodedata
from importlib import resources

import pytest

from ocop_kit.i18n import LANGUAGES, catalog, normalize_lang, t


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_have_the_same_keys_and_placeholders():
    vi, en = catalog("vi"), catalog("en")
    assert set(vi) == set(en), sorted(set(vi) ^ set(en))
    for key in vi:
        assert placeholders(vi[key]) == placeholders(en[key]), key
        assert vi[key].strip() and en[key].strip(), key


def test_each_domain_file_exists_in_every_language():
    base = resources.files("ocop_kit") / "locales"
    names = {lang: sorted(p.name for p in (base / lang).iterdir() if p.name.endswith(".json")) for lang in LANGUAGES}
    assert names["vi"] == names["en"]


def test_vietnamese_messages_are_composed_unicode_with_diacritics():
    vi = catalog("vi")
    for key, text in vi.items():
        assert unicodedata.normalize("NFC", text) == text, key
    assert re.search(r"[ăâđêôơưàáảãạ]", " ".join(vi.values()))


def test_translate_and_fallback():
    assert t("cli.stars", "vi", stars=4) == "4 sao" and t("cli.stars", "en", stars=4) == "4 stars"
    assert normalize_lang("EN-us") == "en" and normalize_lang("fr") == "vi"
    with pytest.raises(KeyError):
        t("no.such.key")
