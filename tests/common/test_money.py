"""One money parser: plain decimal notation in ASCII digits, the Romanian way or with a point; nothing else."""

from decimal import Decimal

import pytest

from marketplace.common.money import MoneyFormatError, parse_money

GOOD = {
    "1234": "1234.00", "1234,50": "1234.50", "1234.50": "1234.50", "1234,5": "1234.50", "1.234,50": "1234.50",
    "1.234,00": "1234.00", "12.345.678,90": "12345678.90", "1 234,50": "1234.50", "1\u00a0234.50": "1234.50",
    " 350 ": "350.00", "350 lei": "350.00", "350,00 RON": "350.00", "0,99": "0.99", "0": "0.00", "007": "7.00",
}
BAD = [
    "١٢٣٤٥", "１２３", "۱۲۳", "1e3", "8.05e3", "1E3", "1_000", "-5", "+5", "NaN", "nan", "Infinity", "inf", "sNaN",
    "1,234", "1.234", "10.005", "1.234.5", "1.23.4", "12,345.67", "1.234.50", "1234.567", "1,2,3", ",50", "5.", "0x10", "", " ", "lei",
    "12345678901", "1 23", "5 5", "1.2345,00", "½", "٣",
]


@pytest.mark.parametrize(("text", "amount"), GOOD.items())
def test_plain_decimal_notation_is_read(text, amount):
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", BAD)
def test_anything_else_is_refused(text):
    with pytest.raises(MoneyFormatError):
        parse_money(text)


def test_the_column_size_bounds_the_whole_part():
    assert parse_money("9999999999.99") == Decimal("9999999999.99")
    with pytest.raises(MoneyFormatError):
        parse_money("10000000000")
    with pytest.raises(MoneyFormatError):
        parse_money("1000", max_digits=5, decimal_places=2)
