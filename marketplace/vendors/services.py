"""Vendor applications and their approval by staff."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.accounts.services import two_factor_verify
from marketplace.administration.roles import VENDOR
from marketplace.administration.services import role_assign, role_revoke

from .models import VendorProfile
from .signals import vendor_iban_changed


def _unique_slug(shop_name: str) -> str:
    base = slugify(shop_name)[:120] or "shop"
    slug, n = base, 1
    while VendorProfile.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def vendor_apply(
    *,
    user,
    shop_name: str,
    legal_name: str,
    vat_number: str,
    iban: str,
    is_private_seller: bool = False,
    description: str = "",
    trade_register_number: str = "",
    registered_address: str = "",
    vat_payer: bool = False,
) -> VendorProfile:
    """A user asks to sell. The application waits for staff approval."""
    if VendorProfile.objects.filter(user=user).exists():
        raise ValidationError(_("This account already has a shop."), code="already_vendor")
    vendor = VendorProfile(
        user=user,
        shop_name=shop_name.strip(),
        slug=_unique_slug(shop_name),
        legal_name=legal_name.strip(),
        vat_number=vat_number.replace(" ", "").upper(),
        iban=iban.replace(" ", "").upper(),
        is_private_seller=is_private_seller,
        description=description,
        trade_register_number=trade_register_number.strip(),
        registered_address=registered_address.strip(),
        vat_payer=vat_payer,
    )
    vendor.full_clean()
    vendor.save()
    return vendor


def _set_status(vendor: VendorProfile, *, status: str, actor, reason: str = "") -> VendorProfile:
    vendor = VendorProfile.objects.select_for_update().get(pk=vendor.pk)
    vendor.status = status
    vendor.status_reason = reason
    vendor.status_changed_at = timezone.now()
    vendor.status_changed_by = actor
    vendor.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by", "updated_at"])
    return vendor


@transaction.atomic
def vendor_approve(*, vendor: VendorProfile, actor) -> VendorProfile:
    """Approve (or reinstate) a shop: it gets the Vendor role and into the vendor back office."""
    if vendor.status == VendorProfile.Status.APPROVED:
        return vendor
    vendor = _set_status(vendor, status=VendorProfile.Status.APPROVED, actor=actor)
    role_assign(user=vendor.user, slug=VENDOR)
    return vendor


@transaction.atomic
def vendor_suspend(*, vendor: VendorProfile, actor, reason: str) -> VendorProfile:
    """Suspend a shop with a reason it will see; it loses the Vendor role until reinstated."""
    if not reason.strip():
        raise ValidationError({"status_reason": _("Say why the shop is suspended.")}, code="reason_required")
    vendor = _set_status(vendor, status=VendorProfile.Status.SUSPENDED, actor=actor, reason=reason.strip())
    role_revoke(user=vendor.user, slug=VENDOR)
    return vendor


@transaction.atomic
def vendor_profile_update(*, vendor: VendorProfile, actor, description: str, iban: str, two_factor_code: str = "") -> VendorProfile:
    """What a vendor may change themselves: the shop description and the payout IBAN.

    A new IBAN needs a fresh second-factor code of the person changing it (a stolen session alone
    cannot redirect the shop's money); ``vendor_iban_changed`` then tells the wallet, which holds
    payouts for a while and e-mails the vendor.
    """
    vendor = VendorProfile.objects.select_for_update().get(pk=vendor.pk)
    old_iban = vendor.iban
    vendor.description = description
    vendor.iban = iban.replace(" ", "").upper()
    vendor.full_clean()
    changed = vendor.iban != old_iban
    if changed:
        _iban_change_verify(actor=actor, two_factor_code=two_factor_code)
    vendor.save(update_fields=["description", "iban", "updated_at"])
    if changed:
        vendor_iban_changed.send(sender=VendorProfile, vendor=vendor, actor=actor, old_iban=old_iban, new_iban=vendor.iban)
    return vendor


def _iban_change_verify(*, actor, two_factor_code: str) -> None:
    if actor is None or two_factor_verify(user=actor, code=two_factor_code) is None:
        raise ValidationError({"two_factor_code": ValidationError(
            _("Changing the IBAN needs a fresh code from your second factor."), code="two_factor_required",
        )})


@transaction.atomic
def vendor_iban_set(*, vendor: VendorProfile, actor, iban: str, two_factor_code: str) -> VendorProfile:
    """Staff change a shop's payout IBAN (same fresh-code rule; recorded for the four-eyes check)."""
    vendor = VendorProfile.objects.select_for_update().get(pk=vendor.pk)
    return vendor_profile_update(vendor=vendor, actor=actor, description=vendor.description, iban=iban, two_factor_code=two_factor_code)
