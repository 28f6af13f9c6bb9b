"""What a company registry answers about a Romanian fiscal code (CUI), whoever is asked."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CompanyRecord:
    """A company as the registry knows it, already in the shape of our invoicing fields."""

    vat_number: str  # the CUI as an invoice prints it: "RO" + digits for a VAT payer, digits alone otherwise
    name: str
    registration_number: str  # trade register number (J40/…), "" when the registry has none
    address: str  # street, number and details
    city: str
    county: str  # one of marketplace.common.counties.COUNTIES, or "" when it could not be matched
    postal_code: str
    vat_payer: bool
    inactive: bool


class RegistryUnavailable(Exception):
    """The registry did not answer in time, answered with an error, or with something unreadable.

    The buyer then fills in the company by hand: a lookup is a convenience, never a gate.
    """


class CompanyRegistry:
    """``lookup(cui)`` returns the record, None when the registry has no such company, or raises
    ``RegistryUnavailable``. ``cui`` is digits only (the "RO" prefix already taken off)."""

    name = ""

    def lookup(self, cui: str) -> CompanyRecord | None:  # pragma: no cover - interface
        raise NotImplementedError
