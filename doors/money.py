"""Amounts in lei at the doors: a Django form field and a pydantic (ninja) type, both read by the domain's one
parser (``marketplace.common.money.parse_money``) and refused with its one message."""

from decimal import Decimal
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from pydantic import BeforeValidator, WithJsonSchema

from marketplace.common.money import MoneyFormatError, money_error_message, parse_money


class MoneyField(forms.DecimalField):
    """A form field for an amount in lei, read by ``parse_money`` (``DecimalField`` reads "1e3").

    A text input with ``inputmode=decimal``, so "1.234,50" can be typed; min/max as DecimalField.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_money(value, max_digits=self.max_digits, decimal_places=self.decimal_places)
        except MoneyFormatError:
            raise ValidationError(money_error_message(), code="invalid") from None

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}


def _schema_money(value) -> Decimal:
    if not isinstance(value, str | int | Decimal) or isinstance(value, bool):
        raise ValueError(money_error_message())  # a JSON float may already have lost its cents
    try:
        return parse_money(value)
    except MoneyFormatError:
        raise ValueError(money_error_message()) from None


MoneyInput = Annotated[
    Decimal,
    BeforeValidator(_schema_money),
    WithJsonSchema({
        "type": "string", "maxLength": 20, "examples": ["1234.50", "1.234,50"],
        "description": "an amount in lei in plain decimal notation: 1234, 1234.50, 1234,50 or 1.234,50",
    }),
]
