"""Vendor applications and their approval by staff."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.administration.roles import VENDOR
from marketplace.administration.services import role_assign, role_revoke

from .models import VendorProfile


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
def vendor_profile_update(*, vendor: VendorProfile, actor, description: str, iban: str) -> VendorProfile:
    """What a vendor may change themselves: the shop description and the payout IBAN."""
    vendor = VendorProfile.objects.select_for_update().get(pk=vendor.pk)
    vendor.description = description
    vendor.iban = iban.replace(" ", "").upper()
    vendor.full_clean()
    vendor.save(update_fields=["description", "iban", "updated_at"])
    return vendor
