"""Payouts: a vendor asks, the money is reserved at once; staff approve or reject, batch, settle.

Ledger movements (see ``models`` for the sign convention):

* request: available → reserved (checked under the lock on the vendor's accounts, so two requests
  racing cannot reserve more than is available);
* reject: reserved → available;
* batch export (the transfer leaves): reserved → payouts in transit;
* batch paid (the bank confirms): payouts in transit → clearing;
* returned by the bank: in transit (or, once paid, clearing) → available again.
"""

import csv
import io
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from marketplace.common.jobs import enqueue_after_commit
from marketplace.common.money import CENT, format_money, money
from marketplace.common.validators import validate_iban
from marketplace.vendors.models import VendorProfile

from .ledger import accounts_lock, ledger_post, platform_account, vendor_accounts
from .models import AccountKind, BankDetailsChange, LedgerTransaction, PayoutBatch, PayoutRequest
from .selectors import wallet_settings

Kind = LedgerTransaction.Kind
Status = PayoutRequest.Status


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A refusal about one input, its code kept on the field's error (what doors and forms read)."""
    return ValidationError({field: ValidationError(message, code=code)})


def payout_hold_until(*, vendor: VendorProfile, now=None):
    """When payouts open again after the shop's last IBAN change, or None when they are open."""
    now = now or timezone.now()
    hold = timedelta(hours=wallet_settings().iban_change_hold_hours)
    last = BankDetailsChange.objects.filter(vendor=vendor).order_by("-created_at").values_list("created_at", flat=True).first()
    if last is None or last + hold <= now:
        return None
    return last + hold


def _refuse_state(payout: PayoutRequest) -> ValidationError:
    return ValidationError(
        _("This payout is %(status)s: it cannot be changed that way.") % {"status": payout.get_status_display().lower()},
        code="payout_invalid_state",
    )


def _locked(payout: PayoutRequest) -> PayoutRequest:
    return PayoutRequest.objects.select_for_update().select_related("vendor").get(pk=payout.pk)


@transaction.atomic
def payout_request(*, vendor: VendorProfile, actor, amount, currency: str = PayoutBatch.Currency.RON) -> PayoutRequest:
    """The vendor asks for ``amount`` lei of their available balance; it is reserved at once."""
    amount = money(amount)
    vendor = VendorProfile.objects.get(pk=vendor.pk)  # the IBAN as it is now, not as the caller read it
    settings_ = wallet_settings()
    if currency not in PayoutBatch.Currency.values:
        raise _field_error("currency", _("Choose lei or euro."), "invalid")
    if amount < settings_.payout_minimum:
        raise _field_error("amount", _("The minimum payout is %(minimum)s.") % {"minimum": format_money(settings_.payout_minimum)}, "payout_below_minimum")
    hold = payout_hold_until(vendor=vendor)
    if hold is not None:
        raise ValidationError(
            _("The payout IBAN changed recently: payouts open again on %(when)s.")
            % {"when": timezone.localtime(hold).strftime("%d.%m.%Y %H:%M")},
            code="payout_iban_hold",
        )
    try:
        validate_iban(vendor.iban)
    except ValidationError as exc:
        raise ValidationError(_("The shop's IBAN is not valid: correct it in the shop details first."), code="invalid_iban") from exc
    accounts = vendor_accounts(vendor)
    locked = accounts_lock(accounts.values())
    available = locked[accounts[AccountKind.VENDOR_AVAILABLE].pk].balance
    if amount > available:
        raise _field_error("amount", _("You can ask for at most %(available)s.") % {"available": format_money(max(available, Decimal(0)))}, "insufficient_funds")
    payout = PayoutRequest.objects.create(
        vendor=vendor, amount=amount, currency=currency, iban=vendor.iban, account_holder=vendor.legal_name,
        requested_by=actor,
    )
    ledger_post(
        key=f"payout:{payout.pk}:requested", kind=Kind.PAYOUT_REQUESTED, vendor=vendor, payout=payout,
        memo=_("Payout #%(id)s requested") % {"id": payout.pk},
        lines=[(accounts[AccountKind.VENDOR_AVAILABLE], -amount), (accounts[AccountKind.VENDOR_RESERVED], amount)],
    )
    _tell(payout)
    return payout


def _tell(payout: PayoutRequest) -> None:
    enqueue_after_commit("marketplace.wallet.tasks.notify_payout", payout.pk, payout.status)


@transaction.atomic
def payout_approve(*, payout: PayoutRequest, actor) -> PayoutRequest:
    """Staff approve a request — not one who changed this shop's bank details during the hold."""
    payout = _locked(payout)
    if payout.status != Status.REQUESTED:
        raise _refuse_state(payout)
    since = timezone.now() - timedelta(hours=wallet_settings().iban_change_hold_hours)
    if BankDetailsChange.objects.filter(vendor=payout.vendor, actor=actor, created_at__gte=since).exists() or (
        payout.vendor.user_id == getattr(actor, "pk", None)
    ):
        raise ValidationError(
            _("You changed this shop's bank details recently: another colleague must approve its payouts."),
            code="payout_four_eyes",
        )
    payout.status, payout.decided_by, payout.decided_at = Status.APPROVED, actor, timezone.now()
    payout.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _tell(payout)
    return payout


@transaction.atomic
def payout_reject(*, payout: PayoutRequest, actor, reason: str) -> PayoutRequest:
    """Staff refuse a request (before it is sent): the reserved money is available again."""
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Say why the payout is rejected."), "reason_required")
    payout = _locked(payout)
    if payout.status not in (Status.REQUESTED, Status.APPROVED):
        raise _refuse_state(payout)
    accounts = vendor_accounts(payout.vendor)
    ledger_post(
        key=f"payout:{payout.pk}:rejected", kind=Kind.PAYOUT_REJECTED, vendor=payout.vendor, payout=payout,
        memo=_("Payout #%(id)s rejected") % {"id": payout.pk},
        lines=[(accounts[AccountKind.VENDOR_RESERVED], -payout.amount), (accounts[AccountKind.VENDOR_AVAILABLE], payout.amount)],
    )
    payout.status, payout.decided_by, payout.decided_at, payout.reason = Status.REJECTED, actor, timezone.now(), reason[:500]
    payout.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    _tell(payout)
    return payout


def _eur(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _sepa_file(payouts: list[PayoutRequest], *, rate: Decimal, batch_id: str) -> str:
    settings_ = wallet_settings()
    sepa = SepaTransfer(
        {"name": settings_.payer_name, "IBAN": settings_.payer_iban_eur, "BIC": settings_.payer_bic,
         "batch": True, "currency": "EUR"},
        clean=True,
    )
    today = timezone.localdate()
    for payout in payouts:
        sepa.add_payment({
            "name": payout.account_holder[:70], "IBAN": payout.iban,
            "amount": int(_eur(payout.amount, rate) * 100), "execution_date": today,
            "description": f"SNOBISTIC payout {payout.pk}", "endtoend_id": f"SNBPAYOUT{payout.pk}",
        })
    return sepa.export(validate=True).decode("utf-8")


CSV_HEADER = ["beneficiar", "iban_beneficiar", "suma", "moneda", "detalii_plata", "referinta"]


def _ron_csv(payouts: list[PayoutRequest]) -> str:
    """The lei batch: one row per transfer, the columns Romanian internet banking imports ask for."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_HEADER)
    for payout in payouts:
        writer.writerow([
            payout.account_holder, payout.iban, f"{payout.amount:.2f}", "RON",
            f"Plata SNOBISTIC {payout.pk}", f"SNBPAYOUT{payout.pk}",
        ])
    return out.getvalue()


@transaction.atomic
def payout_batch_export(*, actor, currency: str, exchange_rate: Decimal | None = None) -> PayoutBatch:
    """Every approved payout of ``currency`` goes into one bank file; their money is now in transit."""
    if currency == PayoutBatch.Currency.EUR and (exchange_rate is None or exchange_rate <= 0):
        raise _field_error("exchange_rate", _("Give the lei-per-euro rate for a euro batch."), "rate_required")
    payouts = list(
        PayoutRequest.objects.select_for_update().filter(status=Status.APPROVED, currency=currency).order_by("pk")
    )
    if not payouts:
        raise ValidationError(_("No approved payouts wait to be sent in this currency."), code="nothing_to_batch")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if currency == PayoutBatch.Currency.EUR:
        content, name = _sepa_file(payouts, rate=exchange_rate, batch_id=stamp), f"payouts-EUR-{stamp}.xml"
    else:
        content, name = _ron_csv(payouts), f"payouts-RON-{stamp}.csv"
    batch = PayoutBatch.objects.create(
        currency=currency, exchange_rate=exchange_rate if currency == PayoutBatch.Currency.EUR else None,
        file_name=name, file_content=content, total=sum((p.amount for p in payouts), Decimal("0.00")), created_by=actor,
    )
    in_transit = platform_account(AccountKind.PAYOUTS_IN_TRANSIT)
    for payout in payouts:
        accounts = vendor_accounts(payout.vendor)
        ledger_post(
            key=f"payout:{payout.pk}:sent", kind=Kind.PAYOUT_SENT, vendor=payout.vendor, payout=payout,
            memo=_("Payout #%(id)s sent to the bank") % {"id": payout.pk},
            lines=[(accounts[AccountKind.VENDOR_RESERVED], -payout.amount), (in_transit, payout.amount)],
        )
    PayoutRequest.objects.filter(pk__in=[p.pk for p in payouts]).update(status=Status.SENT, batch=batch, updated_at=timezone.now())
    return batch


@transaction.atomic
def payout_batch_mark_paid(*, batch: PayoutBatch, actor, bank_reference: str) -> PayoutBatch:
    """The bank executed the file: the batch is paid, with the bank's reference."""
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise _field_error("bank_reference", _("Give the bank reference of the transfer."), "reference_required")
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == PayoutBatch.Status.PAID:
        return batch
    in_transit, clearing = platform_account(AccountKind.PAYOUTS_IN_TRANSIT), platform_account(AccountKind.BUYER_CLEARING)
    payouts = list(batch.payouts.select_for_update().filter(status=Status.SENT).order_by("pk"))
    for payout in payouts:
        ledger_post(
            key=f"payout:{payout.pk}:paid", kind=Kind.PAYOUT_PAID, vendor=payout.vendor, payout=payout,
            memo=_("Payout #%(id)s paid (%(reference)s)") % {"id": payout.pk, "reference": bank_reference},
            lines=[(in_transit, -payout.amount), (clearing, payout.amount)],
        )
    batch.payouts.filter(status=Status.SENT).update(status=Status.PAID, updated_at=timezone.now())
    batch.status, batch.bank_reference, batch.paid_at, batch.paid_by = PayoutBatch.Status.PAID, bank_reference[:100], timezone.now(), actor
    batch.save(update_fields=["status", "bank_reference", "paid_at", "paid_by", "updated_at"])
    for payout in payouts:
        payout.status = Status.PAID
        _tell(payout)
    return batch


@transaction.atomic
def payout_return(*, payout: PayoutRequest, actor, reason: str) -> PayoutRequest:
    """The bank sent the transfer back (closed account, wrong name): the money is available again."""
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Say why the bank returned the transfer."), "reason_required")
    payout = _locked(payout)
    if payout.status not in (Status.SENT, Status.PAID):
        raise _refuse_state(payout)
    source = platform_account(AccountKind.BUYER_CLEARING if payout.status == Status.PAID else AccountKind.PAYOUTS_IN_TRANSIT)
    accounts = vendor_accounts(payout.vendor)
    ledger_post(
        key=f"payout:{payout.pk}:returned", kind=Kind.PAYOUT_RETURNED, vendor=payout.vendor, payout=payout,
        memo=_("Payout #%(id)s returned by the bank") % {"id": payout.pk},
        lines=[(source, -payout.amount), (accounts[AccountKind.VENDOR_AVAILABLE], payout.amount)],
    )
    payout.status, payout.reason = Status.RETURNED, reason[:500]
    payout.save(update_fields=["status", "reason", "updated_at"])
    _tell(payout)
    return payout
