"""Every message exists in both languages with the same placeholders; Vietnamese text is NFC."""
import re
import string
import unicodedata
from importlib import resources

import pytest

from ocop_kit.i18n import LANGUAGES, catalog, normalize_lang, plural_category, t, tn


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


def test_counted_messages_come_in_pairs_and_vietnamese_has_one_form():
    vi, en = catalog("vi"), catalog("en")
    ones = [key[: -len("_one")] for key in en if key.endswith("_one")]
    assert ones
    for base in ones:
        assert f"{base}_other" in en, base
        assert placeholders(en[f"{base}_one"]) == placeholders(en[f"{base}_other"]), base
        assert vi[f"{base}_one"] == vi[f"{base}_other"], base


def test_plural_forms():
    assert plural_category(1, "en") == "one" and plural_category(1.0, "en") == "one"
    assert plural_category(2, "en") == plural_category(0, "en") == plural_category(1.5, "en") == "other"
    assert plural_category(1, "vi") == "other"
    assert tn("assessment.stars", 1, "en", stars=1) == "1 star"
    assert tn("assessment.stars", 2, "en", stars=2) == "2 stars"
    assert tn("assessment.stars", 1, "vi", stars=1) == "1 sao"
    assert tn("assessment.max_points", 1, "en", points="1") == "max 1 point"
    assert tn("assessment.max_points", 2.5, "en", points="2.5") == "max 2.5 points"
    assert tn("assessment.max_points", 1, "vi", points="1") == "tối đa 1 điểm"
