"""The doors' money input: the form field and the API type read amounts with the domain's one parser."""

from decimal import Decimal

import pytest
from django import forms
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from doors.money import MoneyField, MoneyInput


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
