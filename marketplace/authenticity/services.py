"""The authenticity services: a request (guest or vendor), its confirmation and payment, the review, the certificate.

A guest's request counts once its e-mail is confirmed through a signed link (and, when the
service has a price, once staff have seen the bank transfer); it then goes to the review
provider (``providers.provider_for_review``): an outside service's job, or the staff queue. A
genuine verdict issues a certificate signed with Ed25519 (``signing``); staff may revoke it.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing as django_signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.ratelimit import rate_limited
from marketplace.notifications.services import notify, notify_email
from marketplace.products.images import encode, validate_image_upload
from marketplace.products.models import Brand, Product
from marketplace.vendors.access import vendor_object

from . import signing
from .models import AuthenticationPhoto, AuthenticationRequest, Certificate, ItemCategory
from .providers import ProviderError, provider_by_name, provider_for_review
from .selectors import authenticity_settings

Status = AuthenticationRequest.Status
Verdict = AuthenticationRequest.Verdict

MIN_PHOTOS = 3
MAX_PHOTOS = 12
CONFIRM_SALT = "authenticity.confirm"
STATUS_SALT = "authenticity.status"
SERIAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper


# --- links ---------------------------------------------------------------------------------
def confirm_token(request: AuthenticationRequest) -> str:
    return django_signing.dumps({"r": request.pk, "e": request.email}, salt=CONFIRM_SALT)


def status_token(request: AuthenticationRequest) -> str:
    return django_signing.dumps(request.pk, salt=STATUS_SALT)


def request_for_status_token(token: str) -> AuthenticationRequest | None:
    """The request a status link points at (no expiry: the requester keeps following it), or None."""
    try:
        pk = django_signing.loads(token, salt=STATUS_SALT)
    except django_signing.BadSignature:
        return None
    return AuthenticationRequest.objects.select_related("brand", "certificate").filter(pk=pk).first()


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def status_url(request: AuthenticationRequest) -> str:
    return _absolute(reverse("authenticity_status", args=[status_token(request)]))


def _tell(request: AuthenticationRequest, event: str, **extra) -> None:
    """E-mail the requester (a vendor also gets the inbox row); after commit, like every side effect."""
    context = {
        "request": request, "event": event, "status_url": status_url(request),
        "bank_account": settings.ORDER_BANK_ACCOUNT, **extra,
    }
    certificate = getattr(request, "certificate", None) if request.status == Status.VALIDATED else None
    if certificate is not None:
        context["certificate_url"] = _absolute(certificate.pdf_url)
        context["verify_url"] = _absolute(certificate.verify_url)
    if request.requested_by_id:
        user = request.requested_by
        transaction.on_commit(lambda: notify(user, "authenticity", context, url=context["status_url"]))
    else:
        transaction.on_commit(lambda: notify_email(request.email, "authenticity", context))


# --- a guest's request -----------------------------------------------------------------------
def _check_rate(*, email: str, client_ip: str) -> None:
    ip_limit, ip_period = settings.RATE_LIMITS["authenticity_request"]
    email_limit, email_period = settings.RATE_LIMITS["authenticity_email"]
    over_ip = bool(client_ip) and rate_limited(scope="authenticity_request", key=client_ip, limit=ip_limit, period=ip_period)
    over_email = rate_limited(scope="authenticity_email", key=email.lower(), limit=email_limit, period=email_period)
    if over_ip or over_email:
        raise ValidationError(_("Too many authentication requests; please try again later."), code="rate_limited")


def _photos_checked(uploads: list) -> list[tuple[bytes, str]]:
    """Each upload checked like a listing photo, turned upright, without metadata, as JPEG; (bytes, sha256)."""
    if len(uploads) < MIN_PHOTOS:
        raise ValidationError({"photos": ValidationError(_("Send at least %(n)s photos.") % {"n": MIN_PHOTOS}, code="too_few_photos")})
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": ValidationError(_("Send at most %(n)s photos.") % {"n": MAX_PHOTOS}, code="too_many_photos")})
    checked = []
    for upload in uploads:
        try:
            image = validate_image_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"photos": exc}) from exc
        content = encode(image, "JPEG")
        checked.append((content, hashlib.sha256(content).hexdigest()))
    return checked


def _photos_save(request: AuthenticationRequest, photos: list[tuple[bytes, str]]) -> None:
    for position, (content, digest) in enumerate(photos):
        photo = AuthenticationPhoto(request=request, position=position, sha256=digest)
        photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
        photo.save()


def _clean_fields(*, brand_id, category: str, model_name: str, details: str) -> Brand:
    errors = {}
    brand = Brand.objects.filter(pk=brand_id).first() if str(brand_id or "").isdigit() else None
    if brand is None:
        errors["brand"] = _("Choose the brand.")
    if category not in ItemCategory.values:
        errors["category"] = _("Choose what kind of piece it is.")
    if not model_name.strip():
        errors["model_name"] = _("Write the model.")
    if len(model_name) > 120 or len(details) > 4000:
        errors["details"] = _("This text is too long.")
    if errors:
        raise ValidationError({name: ValidationError(message, code="invalid") for name, message in errors.items()})
    return brand


@transaction.atomic
def authentication_request_create(
    *, email: str, brand_id, category: str, model_name: str, details: str = "", photos: list, client_ip: str = ""
) -> AuthenticationRequest:
    """A guest's request: checked, kept, and a confirmation link e-mailed; it counts once confirmed."""
    email = (email or "").strip()
    if not email or "@" not in email:
        raise ValidationError({"email": ValidationError(_("Write a valid e-mail address."), code="invalid")})
    brand = _clean_fields(brand_id=brand_id, category=category, model_name=model_name, details=details)
    checked = _photos_checked(photos)
    _check_rate(email=email, client_ip=client_ip)
    request = AuthenticationRequest.objects.create(
        email=email, brand=brand, category=category, model_name=model_name.strip(), details=details.strip(),
        price=authenticity_settings().price,
    )
    _photos_save(request, checked)
    _tell(request, "confirm", confirm_url=_absolute(reverse("authenticity_confirm", args=[confirm_token(request)])))
    return request


@transaction.atomic
def authentication_request_confirm(*, token: str) -> AuthenticationRequest:
    """The e-mailed link was followed: the request counts (to payment, or straight to review)."""
    try:
        data = django_signing.loads(token, salt=CONFIRM_SALT, max_age=settings.AUTHENTICITY_CONFIRM_MAX_AGE)
    except django_signing.SignatureExpired as exc:
        raise ValidationError(_("This confirmation link has expired; please send the request again."), code="expired") from exc
    except django_signing.BadSignature as exc:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid") from exc
    request = AuthenticationRequest.objects.select_for_update().filter(pk=data.get("r"), email=data.get("e")).first()
    if request is None:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid")
    if request.status != Status.UNCONFIRMED:
        return request  # followed twice: nothing more to do
    request.email_confirmed_at = timezone.now()
    request.save(update_fields=["email_confirmed_at", "updated_at"])
    _after_confirmation(request)
    return request


def _after_confirmation(request: AuthenticationRequest) -> None:
    if request.price > 0:
        request.status = Status.AWAITING_PAYMENT
        request.save(update_fields=["status", "updated_at"])
        _tell(request, "awaiting_payment")
    else:
        _enter_review(request)


def _enter_review(request: AuthenticationRequest) -> None:
    provider = provider_for_review()
    request.status, request.submitted_at, request.provider = Status.PENDING, timezone.now(), provider.name
    request.save(update_fields=["status", "submitted_at", "provider", "updated_at"])
    if provider.external:
        enqueue_after_commit("marketplace.authenticity.tasks.authenticity_submit_task", request.pk)
    _tell(request, "received")


@transaction.atomic
def authentication_mark_paid(*, request: AuthenticationRequest, actor, reference: str) -> AuthenticationRequest:
    """Staff saw the bank transfer for a request: it goes to review. Nothing is marked paid without a reference."""
    request = AuthenticationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.AWAITING_PAYMENT:
        raise ValidationError(_("This request does not wait for a payment."), code="not_payable")
    if not reference.strip():
        raise ValidationError(_("Write the bank transfer's reference."), code="reference_required")
    return authentication_paid(request=request, reference=reference)


def authentication_paid(*, request: AuthenticationRequest, reference: str) -> AuthenticationRequest:
    """The money arrived (a bank transfer staff saw, or a card payment Stripe confirmed): to review."""
    request = AuthenticationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.AWAITING_PAYMENT:
        return request
    request.paid_at, request.payment_reference = timezone.now(), reference.strip()[:120]
    request.save(update_fields=["paid_at", "payment_reference", "updated_at"])
    _enter_review(request)
    return request


# --- a vendor's listing ----------------------------------------------------------------------
@transaction.atomic
def authentication_request_for_listing(*, user, product_id, category: str, details: str = "") -> AuthenticationRequest:
    """A vendor asks for their own listing to be authenticated, with the listing's photos."""
    product = vendor_object(Product.objects.select_related("brand"), user=user, pk=product_id)
    if category not in ItemCategory.values:
        raise ValidationError({"category": ValidationError(_("Choose what kind of piece it is."), code="invalid")})
    if AuthenticationRequest.objects.filter(product=product).exclude(status=Status.REJECTED).exists():
        raise ValidationError(_("This listing already has an authentication request."), code="duplicate")
    images = list(product.images.order_by("position", "pk")[:MAX_PHOTOS])
    if len(images) < MIN_PHOTOS:
        raise ValidationError(
            _("The listing needs at least %(n)s photos to be authenticated.") % {"n": MIN_PHOTOS}, code="too_few_photos"
        )
    photos = []
    for image in images:
        field = image.original or image.image
        with field.open("rb") as handle:
            content = handle.read()
        photos.append((content, hashlib.sha256(content).hexdigest()))
    request = AuthenticationRequest.objects.create(
        email=user.email, email_confirmed_at=timezone.now(), brand=product.brand, category=category,
        model_name=product.title[:120], details=(details or product.authenticity_notes or "").strip(), product=product,
        requested_by=user, price=authenticity_settings().price,
    )
    _photos_save(request, photos)
    _after_confirmation(request)
    return request


# --- the review ------------------------------------------------------------------------------
def authentication_submit_to_provider(*, request_id: int) -> AuthenticationRequest | None:
    """Hand a request to the outside service (a job). On failure it stays in the staff queue, with the error."""
    request = AuthenticationRequest.objects.filter(pk=request_id, status=Status.PENDING).first()
    if request is None or request.provider_reference:
        return request
    provider = provider_by_name(request.provider)
    if not provider.external:
        return request
    photos = []
    for photo in request.photos.all():
        with photo.image.open("rb") as handle:
            photos.append((photo.image.name, handle.read(), "image/jpeg"))
    try:
        submission = provider.submit(request=request, photos=photos)
    except ProviderError as exc:
        request.provider, request.provider_error = "staff", str(exc)[:300]
        request.save(update_fields=["provider", "provider_error", "updated_at"])
        return request
    request.provider_reference, request.provider_error = submission.reference, ""
    request.save(update_fields=["provider_reference", "provider_error", "updated_at"])
    return request


@transaction.atomic
def authentication_poll(*, request_id: int) -> AuthenticationRequest | None:
    """Ask the outside service for its verdict; a final one is recorded like a staff verdict."""
    request = AuthenticationRequest.objects.select_for_update().filter(pk=request_id, status=Status.PENDING).first()
    if request is None or not request.provider_reference:
        return request
    try:
        outcome = provider_by_name(request.provider).outcome(request=request)
    except ProviderError as exc:
        request.provider_error = str(exc)[:300]
        request.save(update_fields=["provider_error", "updated_at"])
        return request
    if outcome.done:
        _verdict_record(request, verdict=outcome.verdict, notes=outcome.notes, reviewer=None, reviewer_name=outcome.reviewer_name)
    return request


@transaction.atomic
def authentication_review(
    *, request: AuthenticationRequest, actor, verdict: str, notes: str = "", checklist: dict | None = None
) -> AuthenticationRequest:
    """An expert's verdict (genuine, not genuine, cannot tell), with notes the requester reads."""
    request = AuthenticationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.PENDING:
        raise ValidationError(_("This request is not waiting for a verdict."), code="invalid_state")
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": ValidationError(_("Choose a verdict."), code="invalid_choice")})
    if verdict != Verdict.GENUINE and not notes.strip():
        raise ValidationError({"notes": ValidationError(_("Tell the requester why."), code="reason_required")})
    request.checklist = {str(k)[:200]: bool(v) for k, v in (checklist or {}).items()}
    name = (actor.get_full_name() or actor.email) if actor is not None else ""
    _verdict_record(request, verdict=verdict, notes=notes.strip(), reviewer=actor, reviewer_name=name)
    return request


def _verdict_record(request: AuthenticationRequest, *, verdict: str, notes: str, reviewer, reviewer_name: str) -> None:
    request.verdict, request.verdict_notes = verdict, notes
    request.reviewer, request.reviewer_name, request.reviewed_at = reviewer, reviewer_name[:150], timezone.now()
    request.status = Status.VALIDATED if verdict == Verdict.GENUINE else Status.REJECTED
    request.save()
    if verdict == Verdict.GENUINE:
        certificate_issue(request=request)
    _tell(request, "verdict")


# --- certificates ----------------------------------------------------------------------------
def _serial() -> str:
    while True:
        body = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(12))
        serial = f"SNB-{body[:4]}-{body[4:8]}-{body[8:]}"
        if not Certificate.objects.filter(serial=serial).exists():
            return serial


def certificate_payload(certificate: Certificate) -> dict:
    """What the signature covers, rebuilt from the database (so a row changed afterwards does not verify)."""
    request = certificate.request
    return {
        "v": 1,
        "serial": certificate.serial,
        "request": request.reference,
        "brand": request.brand.name,
        "category": request.category,
        "model": request.model_name,
        "details": request.details,
        "product": request.product_id,
        "verdict": request.verdict,
        "reviewer": request.reviewer_name,
        "reviewed_at": request.reviewed_at.isoformat() if request.reviewed_at else "",
        "issued_at": certificate.issued_at.isoformat(),
        "photos": [photo.sha256 for photo in request.photos.all()],
    }


def certificate_issue(*, request: AuthenticationRequest) -> Certificate:
    if request.verdict != Verdict.GENUINE:
        raise ValidationError(_("Only a genuine piece gets a certificate."), code="invalid_state")
    certificate = Certificate(request=request, serial=_serial(), issued_at=timezone.now().replace(microsecond=0))
    certificate.key_id, certificate.signature = signing.sign(certificate_payload(certificate))
    certificate.save()
    request.certificate = certificate
    return certificate


@dataclass(frozen=True)
class Verification:
    state: str  # "valid", "revoked", "invalid" (altered or forged) or "unknown"
    certificate: Certificate | None = None


def certificate_verify(*, serial: str) -> Verification:
    certificate = Certificate.objects.select_related("request__brand").prefetch_related("request__photos").filter(
        serial=(serial or "").strip().upper()[:32]
    ).first()
    if certificate is None:
        return Verification(state="unknown")
    genuine = certificate.request.verdict == Verdict.GENUINE and certificate.request.status == Status.VALIDATED
    signed = signing.verify(certificate_payload(certificate), key_id=certificate.key_id, signature=certificate.signature)
    if not (signed and genuine):
        return Verification(state="invalid", certificate=certificate)
    if certificate.is_revoked:
        return Verification(state="revoked", certificate=certificate)
    return Verification(state="valid", certificate=certificate)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    certificate = Certificate.objects.select_for_update().select_related("request").get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."), code="invalid_state")
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Write why the certificate is revoked."), code="reason_required")})
    certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by = timezone.now(), reason.strip(), actor
    certificate.save()
    request = certificate.request
    request.certificate = certificate
    _tell(request, "revoked", reason=certificate.revoked_reason)
    return certificate
