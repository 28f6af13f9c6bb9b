"""The buyer's address book: saved delivery addresses, one of them the default that fills the checkout.

Services write (``address_save``, ``address_delete``, ``address_make_default``), selectors read
(``addresses_for``, ``default_address_for``); ``address_for_user`` is the one way a door reaches a
row, and refuses another buyer's (404, as if it did not exist).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from marketplace.common.counties import is_county
from marketplace.common.errors import NotFound
from marketplace.common.validators import normalize_ro_phone, validate_ro_postal_code

from .models import Address

MAX_ADDRESSES = 20


@dataclass
class AddressDetails:
    name: str
    phone: str
    address: str
    city: str
    county: str
    postal_code: str
    label: str = ""


def address_check(details: AddressDetails) -> AddressDetails:
    """The address book's rules (the checkout's, for the same fields); returns it normalised."""
    errors: dict[str, str] = {}
    for name in ("name", "phone", "address", "city", "postal_code"):
        setattr(details, name, (getattr(details, name) or "").strip())
        if not getattr(details, name):
            errors[name] = _("This field is required.")
    details.label = (details.label or "").strip()[:50]
    if "phone" not in errors:
        try:
            details.phone = normalize_ro_phone(details.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
    if "postal_code" not in errors:
        try:
            validate_ro_postal_code(details.postal_code)
        except ValidationError as exc:
            errors["postal_code"] = exc.messages[0]
    if not is_county(details.county):
        errors["county"] = _("Choose the county from the list.")
    if errors:
        raise ValidationError(errors, code="invalid")
    return details


def address_for_user(*, user, pk: int) -> Address:
    address = Address.objects.filter(user=user, pk=pk).first() if user.is_authenticated else None
    if address is None:
        raise NotFound(_("No such address."))
    return address


def addresses_for(*, user) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


def default_address_for(*, user) -> Address | None:
    return Address.objects.filter(user=user).order_by("-is_default", "-updated_at", "-id").first()


def _fields(details: AddressDetails) -> dict:
    return {k: getattr(details, k) for k in ("label", "name", "phone", "address", "city", "county", "postal_code")}


@transaction.atomic
def address_save(*, user, details: AddressDetails, address: Address | None = None, make_default: bool = False) -> Address:
    """Add an address to the book (or change ``address``, which must be the user's). The first address
    becomes the default; ``make_default`` makes this one the default."""
    details = address_check(details)
    list(get_user_model().objects.select_for_update().filter(pk=user.pk))  # one writer per address book at a time
    if address is None:
        if Address.objects.filter(user=user).count() >= MAX_ADDRESSES:
            raise ValidationError(
                _("Your address book holds at most %(n)s addresses.") % {"n": MAX_ADDRESSES}, code="address_book_full"
            )
        same = Address.objects.filter(user=user, **_fields(details)).first()
        address = same if same is not None else Address(user=user, **_fields(details))  # the same one twice: kept once
    elif address.user_id != user.pk:
        raise NotFound(_("No such address."))
    else:
        for key, value in _fields(details).items():
            setattr(address, key, value)
    has_default = Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).exists()
    if make_default or not has_default:
        Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(is_default=False)
        address.is_default = True
    address.save()
    return address


@transaction.atomic
def address_make_default(*, address: Address) -> Address:
    list(get_user_model().objects.select_for_update().filter(pk=address.user_id))
    Address.objects.filter(user_id=address.user_id, is_default=True).exclude(pk=address.pk).update(is_default=False)
    address.is_default = True
    address.save(update_fields=["is_default", "updated_at"])
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Remove an address; when it was the default, the most recently used one left takes its place."""
    list(get_user_model().objects.select_for_update().filter(pk=address.user_id))
    was_default = address.is_default
    user_id = address.user_id
    address.delete()
    if was_default:
        successor = Address.objects.filter(user_id=user_id).order_by("-updated_at", "-id").first()
        if successor is not None:
            successor.is_default = True
            successor.save(update_fields=["is_default", "updated_at"])
