"""The buyer's rights over their personal data (GDPR art. 15, 17, 20): download it, delete the account.

**Download** (``data_export_request``): a django-q2 job (``tasks.data_export_build_task``) writes a ZIP
with one JSON file per section — profile, addresses, favourites, wishlist, sizes, and what the contexts
above this one hold (orders, bids, messages), which they give through the ``personal_data_collect``
signal (this context may not import them: they sit above it). The owner gets an e-mail with the link;
the file is served to them only (``data_export_for_owner``) until it expires
(``PRIVACY_EXPORT_DAYS``), when the sweep deletes it.

**Delete** (``account_erase``): the account is anonymised at once, not deleted: orders and invoices
stay, because Romanian accounting law (Legea contabilității nr. 82/1991, art. 25) requires keeping
accounting documents for ten years; they keep the name and address they were issued to. Everything
else that identifies the person — e-mail, names, phone, date of birth, addresses, favourites,
wishlist, sizes, notification channels, API tokens, second factors, social sign-ins — is erased or
replaced, the password made unusable (every session ends), and the contexts above are told
(``account_erasing``) to do the same with theirs (chat messages, live bids).
"""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from marketplace.accounts.models import ApiToken, TwoFactorToken, UserProfile
from marketplace.common.errors import DomainError, NotFound
from marketplace.common.jobs import enqueue_after_commit
from marketplace.notifications.models import Notification, NotificationPreference, PushSubscription, SmsPhone
from marketplace.vendors.access import vendor_for_user

from .models import Address, DataExport, Favorite, SavedDimension, WishlistItem

# Sent with ``user``; each receiver returns ``(section name, JSON-serialisable data)``.
personal_data_collect = Signal()
# Sent with ``user`` before erasing; a receiver returns a sentence saying why not now (an order on its way), or None.
account_erase_check = Signal()
# Sent with ``user`` inside the erasing transaction; receivers anonymise what their context holds.
account_erasing = Signal()

ACCOUNTING_RETENTION_YEARS = 10  # Legea contabilității nr. 82/1991, art. 25 (1)
EXPORT_WAIT_MINUTES = 10  # a new export while one is being made is refused for this long


def _when(value) -> str | None:
    return value.isoformat() if value else None


# --- download my data --------------------------------------------------------------------------
@transaction.atomic
def data_export_request(*, user) -> DataExport:
    """Ask for a ZIP of everything we hold about ``user``; the job makes it and e-mails the link."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk))  # two taps at once make one export
    recent = timezone.now() - timedelta(minutes=EXPORT_WAIT_MINUTES)
    if DataExport.objects.filter(user=user, status=DataExport.Status.PENDING, created_at__gte=recent).exists():
        raise DomainError(_("Your data is already being prepared; the link arrives by e-mail."), code="export_in_progress")
    export = DataExport.objects.create(user=user)
    enqueue_after_commit("marketplace.customers.tasks.data_export_build_task", export.pk)
    return export


def _own_sections(user) -> dict:
    profile = UserProfile.objects.filter(user=user).first()
    account = {
        "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
        "date_joined": _when(user.date_joined), "last_login": _when(user.last_login),
    }
    if profile is not None:
        account["profile"] = {
            "first_name": profile.first_name, "last_name": profile.last_name, "phone": profile.phone,
            "date_of_birth": _when(profile.date_of_birth), "is_corporate": profile.is_corporate,
            "company_name": profile.company_name, "vat_number": profile.vat_number,
            "address_line1": profile.address_line1, "address_line2": profile.address_line2,
            "billing_address_line1": profile.billing_address_line1, "billing_address_line2": profile.billing_address_line2,
            "city": profile.city, "postal_code": profile.postal_code, "country": profile.country,
            "language": profile.language,
        }
    return {
        "profile": account,
        "addresses": [
            {"label": a.label, "name": a.name, "phone": a.phone, "address": a.address, "city": a.city,
             "county": a.county, "postal_code": a.postal_code, "is_default": a.is_default}
            for a in Address.objects.filter(user=user)
        ],
        "favorites": [
            {"product_id": f.product_id, "title": f.product.display_title, "added": _when(f.created_at)}
            for f in Favorite.objects.filter(user=user).select_related("product")
        ],
        "wishlist": [
            {"product_id": w.product_id, "title": w.product.display_title, "price_when_added": str(w.price_when_added),
             "added": _when(w.created_at)}
            for w in WishlistItem.objects.filter(user=user).select_related("product")
        ],
        "sizes": [
            {"category": s.category.name, "size": s.label}
            for s in SavedDimension.objects.filter(user=user).select_related("category", "size")
        ],
    }


def personal_data(user) -> dict:
    """Every section of the export, ours and those the upper contexts give."""
    sections = _own_sections(user)
    for _receiver, answer in personal_data_collect.send(sender=DataExport, user=user):
        if answer:
            name, data = answer
            sections[name] = data
    return sections


README = """SNOBISTIC — {title}

{intro}
{files}
{generated}
"""


def data_export_zip(user) -> bytes:
    sections = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sections.items():
            archive.writestr(f"{name}.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("README.txt", README.format(
            title=_("Your personal data"),
            intro=_("One JSON file per kind of data we hold about you:"),
            files="\n".join(f"- {name}.json" for name in sections),
            generated=_("Made on %(date)s.") % {"date": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
        ))
    return buffer.getvalue()


def data_export_build(*, export_id: int) -> DataExport | None:
    """Write the ZIP of a pending export (a second run of the job finds it ready and does nothing)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id, status=DataExport.Status.PENDING).first()
    if export is None:
        return None
    content = data_export_zip(export.user)
    stamp = timezone.localtime().strftime("%Y%m%d")
    export.file.save(f"snobistic-date-personale-{stamp}.zip", ContentFile(content), save=False)
    now = timezone.now()
    export.status = DataExport.Status.READY
    export.finished_at = now
    export.expires_at = now + timedelta(days=settings.PRIVACY_EXPORT_DAYS)
    export.save(update_fields=["file", "status", "finished_at", "expires_at", "updated_at"])
    return export


def data_export_for_owner(*, user, pk: int) -> DataExport:
    """The export, for its owner only (anybody else: not found); refused once it has expired."""
    export = DataExport.objects.filter(pk=pk, user=user).first() if user.is_authenticated else None
    if export is None or export.status != DataExport.Status.READY:
        raise NotFound(_("No such download."))
    if export.expires_at and export.expires_at <= timezone.now():
        raise DomainError(_("This download has expired; ask for a new one."), code="export_expired")
    return export


def data_exports_expire() -> int:
    """Delete the files of expired exports (scheduled); returns how many."""
    count = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=timezone.now()):
        if export.file:
            export.file.delete(save=False)
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["file", "status", "updated_at"])
        count += 1
    return count


def data_exports_for(*, user):
    return DataExport.objects.filter(user=user)[:5]


# --- delete my account -------------------------------------------------------------------------
@dataclass(frozen=True)
class ErasedAccount:
    user_id: int
    email: str


def account_erase_refusal(user) -> str | None:
    """Why this account cannot be deleted now (a sentence for the person), or None."""
    if user.is_staff or user.is_superuser:
        return _("Staff accounts are closed by an administrator.")
    if vendor_for_user(user) is not None:
        return _("A shop's account holds its sales and payouts: write to support to close it.")
    for _receiver, refusal in account_erase_check.send(sender=get_user_model(), user=user):
        if refusal:
            return str(refusal)
    return None


@transaction.atomic
def account_erase(*, user, password: str) -> ErasedAccount:
    """Anonymise the account at once (see the module's text). ``password`` confirms it is them."""
    refusal = account_erase_refusal(user)
    if refusal:
        raise DomainError(refusal, code="erase_not_allowed")
    if not user.has_usable_password() or not user.check_password(password):
        raise DomainError(_("The password is not right."), code="wrong_password", fields={"password": [_("The password is not right.")]})
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    account_erasing.send(sender=get_user_model(), user=user)
    Address.objects.filter(user=user).delete()
    Favorite.objects.filter(user=user).delete()
    WishlistItem.objects.filter(user=user).delete()
    SavedDimension.objects.filter(user=user).delete()
    for export in DataExport.objects.filter(user=user):
        if export.file:
            export.file.delete(save=False)
        export.delete()
    ApiToken.objects.filter(user=user).delete()
    TwoFactorToken.objects.filter(user=user).delete()
    PushSubscription.objects.filter(user=user).delete()
    SmsPhone.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    _erase_sign_in(user)
    UserProfile.objects.filter(user=user).update(
        first_name="", last_name="", phone="", date_of_birth=None, is_corporate=False, company_name="", vat_number="",
        address_line1="", address_line2="", billing_address_line1="", billing_address_line2="", city="",
        postal_code="", updated_at=timezone.now(),
    )
    email = f"sters-{user.pk}@anonim.invalid"
    user.email = email
    user.username = f"sters-{user.pk}"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # a new session hash: every session of theirs ends
    with disable_auditlog():  # an audit entry of this save would keep the old e-mail and names
        user.save()
    _redact_audit_trail(user, email)
    return ErasedAccount(user_id=user.pk, email=email)


AUDITED_PERSONAL_FIELDS = ("email", "first_name", "last_name")


def _redact_audit_trail(user, email: str) -> None:
    """The audit trail keeps that their account changed, when and by whom, but not their old e-mail and names,
    nor the address and e-mail they acted from. Entries are otherwise immutable (``common.audit`` refuses a
    save); erasing a person's data is the one rewrite the law asks for, done with ``update()``."""
    user_type = ContentType.objects.get_for_model(get_user_model())
    for entry in LogEntry.objects.filter(content_type=user_type, object_pk=str(user.pk)).only("pk", "changes"):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        redacted = {name: (["—", "—"] if name in AUDITED_PERSONAL_FIELDS else value) for name, value in changes.items()}
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=email, changes=redacted, changes_text="", serialized_data=None)
    LogEntry.objects.filter(actor=user).update(remote_addr=None, remote_port=None, actor_email=email)


def _erase_sign_in(user) -> None:
    """Second factors (django-otp devices) and social sign-ins and e-mail addresses (allauth)."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    SocialAccount.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
