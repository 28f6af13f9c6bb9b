"""One money parser: plain decimal notation in ASCII digits, the Romanian way or with a point; nothing else."""

from decimal import Decimal

import pytest
from django import forms
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from marketplace.common.money import MoneyField, MoneyFormatError, MoneyInput, parse_money

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


class PriceForm(forms.Form):
    price = MoneyField(min_value=Decimal("0.01"), required=False)


@pytest.mark.parametrize(("text", "amount"), [("1.234,50", "1234.50"), ("1234.50", "1234.50"), ("1234", "1234.00")])
def test_the_form_field_reads_romanian_and_plain_amounts(text, amount):
    form = PriceForm({"price": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["price"] == Decimal(amount)


@pytest.mark.parametrize("text", ["١٢٣٤٥", "1e3", "8.05e3", "NaN", "1,234"])
def test_the_form_field_refuses_odd_numbers_with_a_clear_message(text, settings):
    form = PriceForm({"price": text})
    assert not form.is_valid()
    assert form.errors["price"] == ["Introduceți o sumă în lei, de ex. 1.234,50 sau 1234.50."]


def test_the_form_field_keeps_its_bounds_and_is_a_text_input():
    assert PriceForm({"price": "0"}).errors["price"]
    assert PriceForm({"price": ""}).is_valid()
    html = str(PriceForm()["price"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_the_schema_type_reads_the_same_way():
    adapter = TypeAdapter(MoneyInput)
    assert adapter.validate_python("1.234,50") == Decimal("1234.50")
    assert adapter.validate_python(1234) == Decimal("1234.00")
    for bad in ("1e3", "١٢٣٤٥", 12.5, True, None):
        with pytest.raises(PydanticError):
            adapter.validate_python(bad)
