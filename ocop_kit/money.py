"""Money in Vietnamese đồng: formatting ("1.500.000 đ") and parsing what people type ("1,5 triệu").

Amounts are whole đồng (``int``). Anything fractional is rounded half up (0,5 đ → 1 đ) by
:func:`round_vnd`; the finance model calls it once per reported figure, never on inputs.
"""
from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from numbers import Real

from .errors import InputError

__all__ = [
    "MoneyInputError", "round_vnd", "format_number", "format_vnd", "format_percent",
    "parse_vnd", "parse_number", "parse_percent", "ambiguous_reading", "parse_whole",
]

MAX_VND = 10**15  # one million tỷ: anything larger is a typo, not a plan
# No amount or quantity anyone types is longer than this ("1 tỷ 200 triệu 500 nghìn đồng"
# has 29 characters); longer text is refused before any parsing: "too large" when it is
# only digits and separators, unreadable otherwise.
MAX_TYPED = 60
_DIGITS_ONLY = re.compile(r"[\d.,\s]+")
ECHO_MAX = 40  # a message quotes at most this much of what was typed

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)

# Scale words, longest first so "triệu" wins over "tr". Accent-free spellings are what
# people type on phones without a Vietnamese keyboard.
_SCALES = [
    ("nghìn", 10**3), ("nghin", 10**3), ("ngàn", 10**3), ("ngan", 10**3), ("k", 10**3),
    ("triệu", 10**6), ("trieu", 10**6), ("tr", 10**6),
    ("tỷ", 10**9), ("tỉ", 10**9), ("ty", 10**9), ("ti", 10**9),
]
_SCALE_RE = "|".join(sorted((re.escape(w) for w, _ in _SCALES), key=len, reverse=True))
_SCALE_OF = dict(_SCALES)
_CURRENCY = re.compile(r"(vnđ|vnd|đồng|dong|₫|đ|d)\s*$")
_CURRENCY_FIRST = re.compile(r"^(vnđ|vnd|₫|đ)\s*")
# "45k/gói", "85.000 đ/chai 10 ml": the price per unit; the unit is the product's business
_PER_UNIT = re.compile(r"\s*/\s*[a-zà-ỹ][^/]*$")
# Number words people say and type: "một triệu", "2 triệu rưỡi", "năm trăm nghìn".
_WORD_DIGITS = {"một": 1, "mot": 1, "hai": 2, "ba": 3, "bốn": 4, "bon": 4, "tư": 4, "năm": 5,
                "nam": 5, "sáu": 6, "sau": 6, "bảy": 7, "bay": 7, "tám": 8, "tam": 8,
                "chín": 9, "chin": 9, "mười": 10, "muoi": 10}
_WORD_ALTERNATIVES = "|".join(sorted(map(re.escape, _WORD_DIGITS), key=len, reverse=True))
_WORD_RE = re.compile(rf"(?<![\wà-ỹ])({_WORD_ALTERNATIVES})(?![\wà-ỹ])")
_HUNDRED = re.compile(r"(\d+)\s*(trăm|tram)(?:\s*(\d+))?")
_HALF = re.compile(rf"(\d+)\s*({_SCALE_RE})\s*(rưỡi|ruoi)$")
_TOKEN = re.compile(rf"\s*(\d[\d.,\s]*\d|\d)\s*({_SCALE_RE})?(?![a-zà-ỹ])", re.I)


class MoneyInputError(InputError):
    """A money or number field holds something that is not a usable amount.

    ``key`` is an i18n key (``finance.money.*``); ``params`` fill its placeholders.
    ``message(lang)`` gives the text to show next to the field.
    """

    def __init__(self, key: str, **params):
        super().__init__(key, **params)


def round_vnd(value) -> int:
    """Round to whole đồng, half up (2,5 → 3; −2,5 → −3). Accepts int, float, Decimal, Fraction."""
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):  # exact, whatever its size: half up, away from zero
        whole, rest = divmod(abs(value.numerator), value.denominator)
        whole += 1 if 2 * rest >= value.denominator else 0
        return whole if value.numerator >= 0 else -whole
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    with localcontext() as ctx:  # enough digits that quantize never overflows the context
        ctx.prec = max(28, value.adjusted() + 3)
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_number(x, decimals: int = 0, lang: str = "vi") -> str:
    """1234567.891 → "1.234.567,89" (vi, decimals=2) or "1,234,567.89" (en). Rounds half up."""
    thousands, point = _SEPARATORS.get((lang or "vi")[:2], _SEPARATORS["vi"])
    if isinstance(x, float) and not math.isfinite(x):
        return "–"
    q = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    if isinstance(x, Fraction):
        value = Decimal(x.numerator) / Decimal(x.denominator)
    else:
        value = x if isinstance(x, Decimal) else Decimal(str(x))
    if not value.is_finite():
        return "–"
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + decimals + 3)
        value = value.quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    if decimals > 0:
        text += point + frac.ljust(decimals, "0")[:decimals]
    return sign + text


def format_vnd(amount, lang: str = "vi", unit: bool = True) -> str:
    """1500000 → "1.500.000 đ" (vi) or "1,500,000 VND" (en); ``unit=False`` drops the unit."""
    text = format_number(round_vnd(amount), 0, lang)
    if not unit:
        return text
    return f"{text} VND" if (lang or "vi")[:2] == "en" else f"{text} đ"


def format_percent(x, decimals: int = 0, lang: str = "vi") -> str:
    """80 → "80 %" (a number already in percent; the space follows Vietnamese typography)."""
    return f"{format_number(x, decimals, lang)} %"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def echo(text) -> str:
    """What a message quotes of the user's text: stripped, cut to ``ECHO_MAX`` characters,
    lone surrogates replaced (they cannot be shown, printed or stored)."""
    text = str(text).strip()
    if len(text) > ECHO_MAX:
        text = text[:ECHO_MAX] + "…"
    return text.encode("utf-8", "replace").decode("utf-8")


def _digits(raw: str, scaled: bool) -> Decimal:
    """Read "1.500.000", "1,500,000", "1,5", "1.5", "1.234,5" as a Decimal.

    Vietnamese habit decides the ambiguous cases: "," is a decimal comma; "." groups
    thousands when three digits follow it, otherwise ("1.5 tr") it is a decimal point.
    """
    s = re.sub(r"\s+", "", raw)
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        raise ValueError(raw)
    dots, commas = s.count("."), s.count(",")
    if dots and commas:  # both: whichever comes last is the decimal mark
        point = "." if s.rfind(".") > s.rfind(",") else ","
        sep = "," if point == "." else "."
        whole, frac = s.rsplit(point, 1)
        if point in whole or not re.fullmatch(rf"\d{{1,3}}(?:\{sep}\d{{3}})*", whole):
            raise ValueError(raw)
        return Decimal(whole.replace(sep, "") + "." + frac)
    if not dots and not commas:
        return Decimal(s)
    sep = "." if dots else ","
    parts = s.split(sep)
    grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
    if len(parts) > 2:
        if not grouped:
            raise ValueError(raw)
        return Decimal("".join(parts))
    # exactly one separator
    if sep == "," and scaled:
        return Decimal(parts[0] + "." + parts[1])
    if grouped:
        return Decimal("".join(parts))
    return Decimal(parts[0] + "." + parts[1])


def _parse_amount(text: str) -> Decimal:
    s = _clean(text)
    if not s:
        raise MoneyInputError("finance.money.empty")
    if len(s) > MAX_TYPED:
        key = "finance.money.too_large" if _DIGITS_ONLY.fullmatch(s) else "finance.money.invalid"
        raise MoneyInputError(key, text=echo(text))
    if s[0] in "-−–":
        raise MoneyInputError("finance.money.negative", text=echo(text))
    s = _spoken(_PER_UNIT.sub("", _CURRENCY_FIRST.sub("", s)))
    s = _CURRENCY.sub("", s).strip()
    if not s:
        raise MoneyInputError("finance.money.invalid", text=echo(text))
    total, pos, last_scale, used, scaled = Decimal(0), 0, None, False, False
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m or m.end() == pos:
            raise MoneyInputError("finance.money.invalid", text=echo(text))
        raw, word = m.group(1), m.group(2)
        try:
            if word is None and last_scale is not None and re.fullmatch(r"\d+", raw.strip()):
                # "1tr5" = 1,5 triệu; "1 tỷ 2" = 1,2 tỷ: trailing digits continue the last scale
                total += Decimal("0." + raw.strip()) * last_scale
                last_scale = 0
            else:
                scale = _SCALE_OF[word] if word else 1
                if last_scale is not None and (last_scale == 0 or scale >= last_scale):
                    raise ValueError(raw)
                total += _digits(raw, scaled=bool(word) or used) * scale
                last_scale = scale if word else 0
        except (ValueError, ArithmeticError):  # InvalidOperation, Overflow
            raise MoneyInputError("finance.money.invalid", text=echo(text)) from None
        used = True
        scaled = scaled or bool(word)
        pos = m.end()
    if total > MAX_VND:
        raise MoneyInputError("finance.money.too_large", text=echo(text))
    if not scaled and total != total.to_integral_value():
        # "12,5" on its own is not 12,5 đồng: the user forgot "triệu" or "nghìn"
        raise MoneyInputError("finance.money.needs_scale", text=echo(text))
    return total


def _spoken(s: str) -> str:
    """Number words to digits: "một triệu" → "1 triệu", "2 triệu rưỡi" → "2,5 triệu",
    "năm trăm nghìn" → "500 nghìn". Text without such words is returned unchanged."""
    s = _WORD_RE.sub(lambda m: str(_WORD_DIGITS[m.group(1)]), s)
    s = _HUNDRED.sub(lambda m: str(int(m.group(1)) * 100 + int(m.group(3) or 0)), s)
    return _HALF.sub(lambda m: f"{m.group(1)},5 {m.group(2)}", s.strip())


def ambiguous_reading(text) -> tuple[int, int] | None:
    """(value read, other reading) when typed money could be read two ways: "1,500 triệu" is
    read 1,5 triệu (the Vietnamese decimal comma) but may mean 1.500 triệu; None otherwise."""
    if not isinstance(text, str):
        return None
    s = _CURRENCY.sub("", _PER_UNIT.sub("", _CURRENCY_FIRST.sub("", _clean(text)))).strip()
    m = re.fullmatch(rf"(\d{{1,3}})([.,])(\d{{3}})\s*({_SCALE_RE})", s)
    if not m or _SCALE_OF[m.group(4)] < 10**3:
        return None
    scale = _SCALE_OF[m.group(4)]
    grouped = int(m.group(1) + m.group(3)) * scale
    decimal = round_vnd(Decimal(f"{m.group(1)}.{m.group(3)}") * scale)
    read = parse_vnd(text)
    other = grouped if read == decimal else decimal
    return (read, other) if other != read else None


_WHOLE_UNITS = {"tháng": "month", "thang": "month", "months": "month", "month": "month",
                "năm": "year", "nam": "year", "years": "year", "year": "year",
                "ngày": "day", "ngay": "day", "days": "day", "day": "day"}
_UNIT_ALTERNATIVES = "|".join(sorted(_WHOLE_UNITS, key=len, reverse=True))
_WHOLE = re.compile(rf"(.*?\d)\s*({_UNIT_ALTERNATIVES})\.?$")


def parse_whole(text, unit: str | None = None) -> int:
    """A whole number, with the unit people add: "36 tháng", "10 năm", "30 ngày".

    ``unit`` is what the field counts ("month", "year", "day"): years typed into a month field
    are converted ("3 năm" → 36); any other mismatch is refused as unreadable.
    """
    if isinstance(text, str):
        m = _WHOLE.fullmatch(_clean(text))
        if m:
            said = _WHOLE_UNITS[m.group(2)]
            value = parse_number(m.group(1), allow_decimals=False)
            if unit is None or said == unit:
                return value
            if unit == "month" and said == "year":
                return value * 12
            raise MoneyInputError("finance.number.wrong_unit", text=echo(text))
    return parse_number(text, allow_decimals=False)


def parse_vnd(text) -> int:
    """What a producer types → whole đồng.

    Accepts "1.500.000", "1500000", "1,5 triệu", "2 tr", "1tr5", "1,2 tỷ", "1 tỷ 200 triệu",
    "500 nghìn", "500k", "1.500.000 đ", "1,500,000 VND", "VND 1.500.000", "1.500.000 ₫",
    "một triệu", "2 triệu rưỡi", "45k/gói" (a price per unit). A plain int (or a whole float)
    passes through. Raises :class:`MoneyInputError` for empty, negative, non-numeric or
    absurdly large input, and a decimal amount without a scale word ("12,5": 12,5 triệu?);
    never anything else, whatever the input.
    """
    if isinstance(text, bool):
        raise MoneyInputError("finance.money.invalid", text=echo(text))
    if isinstance(text, Real):
        if isinstance(text, float) and not math.isfinite(text):
            raise MoneyInputError("finance.money.invalid", text=echo(text))
        if text < 0:
            raise MoneyInputError("finance.money.negative", text=echo(text))
        if text > MAX_VND:  # type: ignore[operator]  # typeshed: int < Real is not declared
            raise MoneyInputError("finance.money.too_large", text=echo(text))
        amount = Decimal(str(text)) if not isinstance(text, int) else text
    elif text is None:
        raise MoneyInputError("finance.money.empty")
    else:
        amount = _parse_amount(str(text))
    value = round_vnd(amount)
    if value > MAX_VND:
        raise MoneyInputError("finance.money.too_large", text=echo(text))
    return value


def parse_number(text, allow_decimals: bool = True):
    """A quantity typed by a user ("1.200", "1200", "2,5") → int (or float when it has decimals).

    Negative, empty and non-numeric input raise :class:`MoneyInputError` with keys
    ``finance.number.*`` (never anything else). Scale words are not accepted here:
    quantities are counted, not priced. Ranges are the caller's (``finance.bounds``).
    """
    if isinstance(text, bool):
        raise MoneyInputError("finance.number.invalid", text=echo(text))
    if isinstance(text, Real):
        if isinstance(text, float) and not math.isfinite(text):
            raise MoneyInputError("finance.number.invalid", text=echo(text))
        value = Decimal(text) if isinstance(text, int) else Decimal(str(text))
    else:
        s = _clean(text if text is not None else "")
        if not s:
            raise MoneyInputError("finance.number.empty")
        if len(s) > MAX_TYPED:
            key = "finance.number.too_large" if _DIGITS_ONLY.fullmatch(s) else "finance.number.invalid"
            raise MoneyInputError(key, text=echo(text))
        if s[0] in "-−–":
            raise MoneyInputError("finance.number.negative", text=echo(text))
        try:
            value = _digits(s, scaled=False)
        except (ValueError, ArithmeticError):
            raise MoneyInputError("finance.number.invalid", text=echo(text)) from None
    if value < 0:
        raise MoneyInputError("finance.number.negative", text=echo(text))
    if value == value.to_integral_value():
        return int(value)
    if not allow_decimals:
        raise MoneyInputError("finance.number.whole", text=echo(text))
    return float(value)


_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%?")


def parse_percent(text) -> float:
    """"9", "9 %", "9,5%" → 9.0 / 9.5 (a rate in percent, 0–100)."""
    if isinstance(text, str):
        s = _clean(text)
        if s[:1] in ("-", "−", "–") and len(s) <= MAX_TYPED:
            raise MoneyInputError("finance.number.negative", text=echo(text))
        m = _PERCENT.fullmatch(s) if len(s) <= MAX_TYPED else None
        if m is None:
            # digits but not a rate ("150.000"): out of range rather than unreadable
            if parse_number(s.rstrip("%").strip()) > 100:
                raise MoneyInputError("finance.number.percent_range", text=echo(text))
            raise MoneyInputError("finance.number.invalid", text=echo(text))
        value = float(m.group(1).replace(",", "."))
    else:
        value = float(parse_number(text))
    if value > 100:
        raise MoneyInputError("finance.number.percent_range", text=echo(text))
    return value
