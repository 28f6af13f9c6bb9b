"""Reads of the authenticity context: settings, the review queue, requests by signed link, certificates."""

from django.db.models import QuerySet

from .models import AuthenticationRequest, AuthenticitySettings, BrandChecklist, Certificate

Status = AuthenticationRequest.Status


def authenticity_settings() -> AuthenticitySettings:
    row, _created = AuthenticitySettings.objects.get_or_create(pk=1)
    return row


def review_queue() -> QuerySet[AuthenticationRequest]:
    """Requests that count (confirmed, paid when the service has a price) and wait for a verdict, oldest first."""
    return (
        AuthenticationRequest.objects.filter(status=Status.PENDING)
        .select_related("brand", "product", "requested_by")
        .order_by("submitted_at", "pk")
    )


def request_for_review(*, pk: int) -> AuthenticationRequest:
    return AuthenticationRequest.objects.select_related("brand", "product", "reviewer").prefetch_related("photos").get(pk=pk)


def checklist_for(request: AuthenticationRequest) -> list[str]:
    """The brand's checklist points, or the default checklist's (the one without a brand)."""
    checklists = {c.brand_id: c for c in BrandChecklist.objects.filter(brand_id__in=[request.brand_id, None])}
    checklist = checklists.get(request.brand_id) or next((c for c in checklists.values() if c.brand_id is None), None)
    return checklist.point_list if checklist is not None else []


def certificate_by_serial(serial: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("request__brand", "request__product")
        .prefetch_related("request__photos")
        .filter(serial=serial)
        .first()
    )


def requests_awaiting_outcome() -> QuerySet[AuthenticationRequest]:
    """Requests handed to an outside service, waiting for its verdict (polled by a periodic job)."""
    return AuthenticationRequest.objects.filter(status=Status.PENDING).exclude(provider="staff").exclude(provider_reference="")


def requests_awaiting_card_payment() -> QuerySet[AuthenticationRequest]:
    """Requests with a Stripe Checkout session opened and not yet seen paid (the payer may never come back)."""
    return AuthenticationRequest.objects.filter(status=Status.AWAITING_PAYMENT, payment_reference__startswith="cs_")
