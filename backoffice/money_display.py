"""Money columns and read-only money fields of both back offices are written ``17.586,00 lei``.

Django admin and django-unfold write a ``DecimalField`` through ``display_for_field``, which follows
the active locale ("17586,00" in Romanian, "17586.00" in English). Every amount in lei is a
``DecimalField(max_digits=12, decimal_places=2)`` (see the models' ``MONEY``); for those the
back offices call ``format_money`` instead, the same function the storefront, e-mails and PDFs use.
Installed once from ``BackofficeConfig.ready()`` into the modules that imported the function.
"""

import importlib
from functools import wraps

from django.db import models

from marketplace.common.money import format_money

_USERS = (
    "django.contrib.admin.helpers",
    "django.contrib.admin.templatetags.admin_list",
    "unfold.fields",
    "unfold.sections",
    "unfold.templatetags.unfold_list",
)


def is_money_field(field) -> bool:
    return isinstance(field, models.DecimalField) and field.max_digits == 12 and field.decimal_places == 2


def install() -> None:
    for name in _USERS:
        module = importlib.import_module(name)
        original = module.display_for_field
        if getattr(original, "writes_money", False):
            continue

        def display_for_field(value, field, empty_value_display, *args, _original=original, **kwargs):
            if value is not None and is_money_field(field):
                return format_money(value)
            return _original(value, field, empty_value_display, *args, **kwargs)

        wraps(original)(display_for_field)
        display_for_field.writes_money = True
        module.display_for_field = display_for_field
