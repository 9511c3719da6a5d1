import pytest

from ocop_kit.errors import InputError
from ocop_kit.money import (
    MoneyInputError,
    format_number,
    format_percent,
    format_vnd,
    parse_number,
    parse_percent,
    parse_vnd,
    round_vnd,
)


@pytest.mark.parametrize("amount, lang, expected", [
    (1500000, "vi", "1.500.000 đ"),
    (1500000, "en", "1,500,000 VND"),
    (0, "vi", "0 đ"),
    (999, "vi", "999 đ"),
    (1000, "vi", "1.000 đ"),
    (-35000000, "vi", "-35.000.000 đ"),
    (1234.5, "vi", "1.235 đ"),  # half up to whole đồng
])
def test_format_vnd(amount, lang, expected):
    assert format_vnd(amount, lang) == expected


def test_format_vnd_without_unit():
    assert format_vnd(1500000, "vi", unit=False) == "1.500.000"
    assert format_vnd(1500000, "en", unit=False) == "1,500,000"


def test_format_number_separators():
    assert format_number(1234567.891, 2, "vi") == "1.234.567,89"
    assert format_number(1234567.891, 2, "en") == "1,234,567.89"
    assert format_number(2.5, 0, "vi") == "3"
    assert format_number(0.125, 2, "vi") == "0,13"
    assert format_number(12, 1, "vi") == "12,0"
    assert format_percent(80, 0, "vi") == "80 %"


def test_round_half_up():
    assert round_vnd(2.5) == 3
    assert round_vnd(3.5) == 4
    assert round_vnd(-2.5) == -3
    assert round_vnd(2.4999) == 2


@pytest.mark.parametrize("text, expected", [
    ("1.500.000", 1500000),
    ("1500000", 1500000),
    ("1,5 triệu", 1500000),
    ("1,5 trieu", 1500000),
    ("2 tr", 2000000),
    ("2tr", 2000000),
    ("1tr5", 1500000),
    ("1,2 tỷ", 1200000000),
    ("1 tỷ 200 triệu", 1200000000),
    ("500 nghìn", 500000),
    ("500 ngàn", 500000),
    ("500k", 500000),
    ("1.500.000 đ", 1500000),
    ("1.500.000đ", 1500000),
    ("1,500,000 VND", 1500000),
    ("2 triệu đồng", 2000000),
    ("1.5 tr", 1500000),
    ("  65.000  ", 65000),
    ("1,500", 1500),  # one comma + three digits and no scale word: thousands
    ("1,5 k", 1500),
    ("0", 0),
    (1500000, 1500000),
    ("1,5 trie\u0323\u0302u", 1500000),  # "triệu" typed as decomposed Unicode
])
def test_parse_vnd_accepts(text, expected):
    assert parse_vnd(text) == expected


@pytest.mark.parametrize("text, key", [
    ("", "finance.money.empty"),
    ("   ", "finance.money.empty"),
    (None, "finance.money.empty"),
    ("-5.000", "finance.money.negative"),
    ("−5000", "finance.money.negative"),
    (-1, "finance.money.negative"),
    ("abc", "finance.money.invalid"),
    ("1..2", "finance.money.invalid"),
    ("1,2,3", "finance.money.invalid"),
    ("500kg", "finance.money.invalid"),
    ("5 triệu 2 tỷ", "finance.money.invalid"),
    ("1.23.456", "finance.money.invalid"),
    ("999999999 tỷ", "finance.money.too_large"),
    ("12,5", "finance.money.needs_scale"),
    ("1.234.567,5", "finance.money.needs_scale"),
])
def test_parse_vnd_rejects_with_key(text, key):
    with pytest.raises(MoneyInputError) as info:
        parse_vnd(text)
    assert info.value.key == key
    assert isinstance(info.value, InputError)


def test_money_error_message_in_both_languages():
    with pytest.raises(MoneyInputError) as info:
        parse_vnd("abc")
    vi, en = info.value.message("vi"), info.value.message("en")
    assert "abc" in vi and "abc" in en
    assert vi != en
    assert "triệu" in vi


def test_parse_number_and_percent():
    assert parse_number("1.200") == 1200
    assert parse_number("2,5") == 2.5
    assert parse_number(7) == 7
    with pytest.raises(MoneyInputError) as info:
        parse_number("-3")
    assert info.value.key == "finance.number.negative"
    with pytest.raises(MoneyInputError) as info:
        parse_number("2,5", allow_decimals=False)
    assert info.value.key == "finance.number.whole"
    with pytest.raises(MoneyInputError) as info:
        parse_number("nhiều")
    assert info.value.key == "finance.number.invalid"
    assert parse_percent("9,5 %") == 9.5
    assert parse_percent("12") == 12.0
    with pytest.raises(MoneyInputError):
        parse_percent("150")


# --- issue 11: what people type --------------------------------------------------------------

@pytest.mark.parametrize("typed, value", [
    ("một triệu", 1_000_000), ("Một triệu đồng", 1_000_000), ("2 triệu rưỡi", 2_500_000),
    ("hai triệu rưỡi", 2_500_000), ("năm trăm nghìn", 500_000), ("mười triệu", 10_000_000),
    ("1.500.000 ₫", 1_500_000), ("₫1.500.000", 1_500_000), ("VND 1.500.000", 1_500_000),
    ("vnđ 2 triệu", 2_000_000), ("45k/gói", 45_000), ("45k / gói", 45_000),
    ("85.000 đ/chai 10 ml", 85_000),
])
def test_spoken_and_labelled_amounts(typed, value):
    assert parse_vnd(typed) == value


def test_ambiguous_thousands_or_decimal_is_flagged():
    from ocop_kit.money import ambiguous_reading
    assert ambiguous_reading("1,500 triệu") == (1_500_000, 1_500_000_000)
    assert ambiguous_reading("1.500 triệu") == (1_500_000_000, 1_500_000)
    assert ambiguous_reading("1,5 triệu") is None
    assert ambiguous_reading("1.500.000") is None
    assert ambiguous_reading("45k") is None


@pytest.mark.parametrize("typed, unit, value", [
    ("36 tháng", "month", 36), ("36 thang", "month", 36), ("3 năm", "month", 36),
    ("10 năm", "year", 10), ("30 ngày", "day", 30), ("12", "month", 12),
])
def test_whole_numbers_with_their_unit(typed, unit, value):
    from ocop_kit.money import parse_whole
    assert parse_whole(typed, unit) == value


def test_whole_number_with_the_wrong_unit_is_refused():
    from ocop_kit.money import parse_whole
    with pytest.raises(MoneyInputError) as exc:
        parse_whole("10 ngày", "year")
    assert exc.value.key == "finance.number.wrong_unit"


@pytest.mark.parametrize("typed", ["50%", "50 %", "50"])
def test_percent_with_or_without_sign(typed):
    assert parse_percent(typed) == 50.0
