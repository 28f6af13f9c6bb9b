"""Romanian formats: phone numbers, postal codes and fiscal codes (CUI/CIF)."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

# What people type around the digits; anything else (letters, extensions, other scripts'
# digits) is refused before libphonenumber, which would otherwise quietly drop it.
_PHONE_TEXT = re.compile(r"^\+?[0-9 \-.()/]+$", re.ASCII)
_RO_POSTAL_CODE = re.compile(r"^\d{6}$")
_CUI = re.compile(r"^(?:RO)?(\d{2,10})$")
_CUI_KEY = "753217532"


def normalize_ro_phone(value: str) -> str:
    """Return a Romanian number in E.164 (``+40722123456``), or raise ValidationError.

    libphonenumber decides, with Romania as the default region: only numbers that exist in
    the national numbering plan pass (07xx mobiles, 021/031 Bucharest, the county prefixes),
    not merely any nine digits after 02/03/07 (020…, 022…, 030… are not allocated).
    """
    error = ValidationError(
        _("Enter a Romanian phone number, e.g. 0722 123 456 or +40 722 123 456."),
        code="invalid_phone",
    )
    text = (value or "").strip()
    if not text or len(text) > 32 or not _PHONE_TEXT.match(text):
        raise error
    try:
        number = phonenumbers.parse(text, "RO")
    except phonenumbers.NumberParseException:
        raise error from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != "RO":
        raise error
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_ro_phone(value: str) -> None:
    normalize_ro_phone(value)


def validate_ro_postal_code(value: str) -> None:
    if not _RO_POSTAL_CODE.match(value or ""):
        raise ValidationError(_("A Romanian postal code has exactly 6 digits."), code="invalid_postal_code")


def cui_is_valid(digits: str) -> bool:
    """Check the control digit of a Romanian CUI/CIF (ANAF algorithm, key 753217532)."""
    body, control = digits[:-1].rjust(9, "0"), int(digits[-1])
    total = sum(int(d) * int(k) for d, k in zip(body, _CUI_KEY, strict=True))
    expected = (total * 10) % 11
    return (0 if expected == 10 else expected) == control


def normalize_ro_vat(value: str) -> str:
    """Return a Romanian fiscal code as written (``RO`` kept if given), or raise ValidationError."""
    compact = re.sub(r"\s", "", value or "").upper()
    match = _CUI.match(compact)
    if not match or not cui_is_valid(match.group(1)):
        raise ValidationError(
            _("Enter a valid Romanian fiscal code (CUI), e.g. RO18547290."), code="invalid_vat"
        )
    return compact


def validate_ro_vat(value: str) -> None:
    normalize_ro_vat(value)


# The trade register (ONRC) number: "J40/1234/2020" (J, county 01-52, order number, year) as
# written until 2024, or the European Unique Identifier's form used since: J + year + 6-digit
# order number + 3-digit county/office code, "J2024001234408" (J followed by 13 digits).
_TRADE_REGISTER_OLD = re.compile(r"^J(\d{1,2})/(\d{1,7})/(\d{4})$")
_TRADE_REGISTER_NEW = re.compile(r"^J(\d{4})\d{9}$")


def normalize_ro_trade_register(value: str) -> str:
    """A trade register number as it is printed ("J40/1234/2020", "J2024001234408"), or ValidationError."""
    compact = re.sub(r"[\s.]", "", value or "").upper()
    old, new = _TRADE_REGISTER_OLD.match(compact), _TRADE_REGISTER_NEW.match(compact)
    if old and 1 <= int(old.group(1)) <= 52 and 1990 <= int(old.group(3)) <= 2099 and int(old.group(2)) > 0:
        return f"J{int(old.group(1)):02d}/{int(old.group(2))}/{old.group(3)}"
    if new and 1990 <= int(new.group(1)) <= 2099:
        return compact
    raise ValidationError(
        _("Enter a trade register number such as J40/1234/2020 or J2024001234408."), code="invalid_trade_register"
    )


def validate_ro_trade_register(value: str) -> None:
    normalize_ro_trade_register(value)


def validate_iban(value: str) -> None:
    """ISO 13616 through ``schwifty``: each country's length and BBAN structure (a Romanian bank
    code is four letters) and the mod-97 check digits."""
    try:
        IBAN(value or "")
    except SchwiftyException as exc:
        raise ValidationError(_("Enter a valid IBAN, e.g. RO49 AAAA 1B31 0075 9384 0000."), code="invalid_iban") from exc
