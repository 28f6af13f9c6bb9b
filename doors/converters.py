"""URL converters shared by every URL configuration.

``<id:pk>`` is ``<int:pk>`` bounded to what a database key can hold (1 … 2**63 − 1): a larger
number matches no route, so it is a 404 instead of an overflow in the database driver (a 500).
Importing this module registers it; the URL modules that use it import it first.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django: this route does not match
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
