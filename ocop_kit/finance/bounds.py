"""What each number of the financial plan may hold, read from ``forms/finance_fields.json``.

A field is named by its path (``products[0].unit_price``, ``funding.loans[1].term_months``);
the data file lists each path with ``[]`` for any row or month, its kind (money, number,
integer, percent, text), its realistic range and its label. :func:`parse_field` turns typed
text into a value or raises :class:`MoneyInputError` (never anything else);
:func:`range_problem` says why a stored value is out of range. Messages name the field.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources

from ..i18n import LANGUAGES, t
from ..money import (
    MoneyInputError,
    echo,
    format_number,
    format_percent,
    format_vnd,
    parse_number,
    parse_percent,
    parse_vnd,
    parse_whole,
)

__all__ = ["field_spec", "field_kind", "field_label", "row_limit", "parse_field",
           "range_problem", "pattern_of", "number_specs"]

_INDEX = re.compile(r"\[\d+\]")


@lru_cache(maxsize=1)
def _data() -> dict:
    path = resources.files("ocop_kit") / "forms" / "finance_fields.json"
    return json.loads(path.read_text(encoding="utf-8"))


def pattern_of(path: str) -> str:
    """"products[2].monthly_volume_y1[5]" → "products[].monthly_volume_y1[]"."""
    return _INDEX.sub("[]", str(path))


def field_spec(path: str) -> dict:
    """The data of a field; KeyError for a path the plan does not have."""
    return _data()["fields"][pattern_of(path)]


def number_specs() -> dict:
    """Pattern → spec of every number field (not the texts)."""
    return {p: s for p, s in _data()["fields"].items() if s["kind"] != "text"}


def field_kind(path: str) -> str:
    return field_spec(path)["kind"]


def field_label(path: str) -> dict:
    """The field's label in every language (a message parameter picked per language)."""
    key = field_spec(path)["label"]
    return {lang: t(key, lang) for lang in LANGUAGES}


def row_limit(prefix: str) -> int:
    """How many rows ``products``, ``funding.loans``… may have."""
    return int(_data()["rows"][prefix])


def _shown(kind: str, value) -> dict:
    out = {}
    for lang in LANGUAGES:
        if kind == "money":
            out[lang] = format_vnd(value, lang)
        elif kind == "percent":
            out[lang] = format_percent(value, 0, lang)
        elif kind == "integer" and 1000 <= value <= 9999:
            out[lang] = str(value)  # a year, written without a separator
        else:
            out[lang] = format_number(value, 0, lang)
    return out


def range_problem(path: str, value) -> tuple[str, dict] | None:
    """(message key, params) when a number is outside the field's range, else None.

    Values that are not numbers are the checks' business ("not a number"), not this one's.
    """
    spec = field_spec(path)
    if spec["kind"] == "text" or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    low, high = spec["min"], spec["max"]
    if low <= value <= high:
        return None
    params = {"field": field_label(path), "max": _shown(spec["kind"], high),
              "min": _shown(spec["kind"], low)}
    if value > high and low == 0:
        return "finance.bounds.too_large", params
    return "finance.value_out_of_range", params


def _unit(path: str) -> str | None:
    """What an integer field counts, for "36 tháng" / "10 năm" / "30 ngày"."""
    name = pattern_of(path).rsplit(".", 1)[-1]
    if name.endswith(("_months", "_month")) and name != "start_month":
        return "month"
    if name.endswith(("_years", "_year")):
        return "year"
    if name.endswith("_days"):
        return "day"
    return None


# a parse error names the field: "finance.number.negative" → "finance.field_error.negative"
_NAMED = ("empty", "invalid", "negative", "needs_scale", "whole", "percent_range", "wrong_unit")


def parse_field(path: str, text):
    """Typed text → the value to store. Empty amounts and volumes count as 0 (an empty stated
    total as None). Raises :class:`MoneyInputError` for text that cannot be read or is above
    the field's maximum (a message naming the field)."""
    spec = field_spec(path)
    kind = spec["kind"]
    stripped = str(text).strip()
    value: float  # an int for money and whole numbers
    if not stripped:
        if path.endswith("declared_total"):
            return None
        if kind in ("money", "number") or path == "tax_rate_pct":
            return 0
    try:
        if kind == "money":
            value = parse_vnd(stripped)
        elif kind == "number":
            value = parse_number(stripped)
        elif kind == "integer":
            value = parse_whole(stripped, _unit(path))
        elif kind == "percent":
            value = parse_percent(stripped)
        else:
            raise KeyError(path)
    except MoneyInputError as exc:
        if exc.key in ("finance.money.too_large", "finance.number.too_large"):  # name the field
            above = range_problem(path, spec["max"] + 1)
            assert above is not None  # one more than the maximum is always out of range
            key, params = above
            raise MoneyInputError(key, text=echo(text), **params) from None
        suffix = exc.key.rsplit(".", 1)[-1]
        if suffix in _NAMED:
            if exc.key == "finance.money.invalid":
                suffix = "money_invalid"
            raise MoneyInputError(f"finance.field_error.{suffix}", text=echo(text),
                                  field=field_label(path)) from None
        raise
    # Only what is too large is refused while typing (it is what costs time and memory);
    # below-minimum values ("0" months) get the checks' more specific words.
    found = range_problem(path, value) if value > spec["max"] else None
    if found is not None:
        key, params = found
        raise MoneyInputError(key, text=echo(text), **params)
    return value
