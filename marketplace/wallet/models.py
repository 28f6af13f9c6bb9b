"""The vendors' money: a double-entry, append-only ledger, commission rules, payouts.

Sign convention. An entry's ``amount`` is signed; the entries of one transaction sum to zero.
A positive amount *credits* the account: for a vendor's accounts (pending, available, reserved)
and for the platform's commission income, refunds payable and payouts in transit that means
"more is owed to / earned by the holder". ``buyer payments clearing`` is the other side of the
money the platform holds: a buyer's payment debits it (it goes negative by the cash taken in), a
refund or a payout leaving the bank credits it back. So every balance reads naturally except the
clearing account, whose balance is minus the cash held for the marketplace.

Entries and transactions are never updated or deleted: the model refuses (``save`` of an existing
row, ``delete``, queryset ``update``/``delete``) and on PostgreSQL a trigger refuses too
(migration 0002). A mistake is corrected by a new, reversing transaction.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import TimeStampedModel

ZERO = Decimal("0.00")


class AppendOnlyError(Exception):
    """A ledger row was about to be changed or deleted."""


class AccountKind(models.TextChoices):
    VENDOR_PENDING = "vendor_pending", _("Pending (in escrow)")
    VENDOR_AVAILABLE = "vendor_available", _("Available")
    VENDOR_RESERVED = "vendor_reserved", _("Reserved for payout")
    COMMISSION_INCOME = "commission_income", _("Commission income")
    REFUNDS_PAYABLE = "refunds_payable", _("Refunds payable")
    PAYOUTS_IN_TRANSIT = "payouts_in_transit", _("Payouts in transit")
    BUYER_CLEARING = "buyer_clearing", _("Buyer payments clearing")


VENDOR_KINDS = frozenset({AccountKind.VENDOR_PENDING, AccountKind.VENDOR_AVAILABLE, AccountKind.VENDOR_RESERVED})


class Account(models.Model):
    """One ledger account: a vendor's pending / available / reserved, or one of the platform's.

    ``balance`` is the stored running balance, changed only by ``ledger_post`` in the same
    transaction as the entries (the account row is locked while it does); ``wallet_audit`` checks
    it against the sum of the entries.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=AccountKind.choices)
    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.PROTECT, null=True, blank=True, related_name="wallet_accounts",
        verbose_name=_("vendor"),
    )
    balance = models.DecimalField(_("balance"), max_digits=14, decimal_places=2, default=ZERO)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["vendor_id", "kind"]
        permissions = [
            ("can_view_ledger", _("Can view the ledger and receive its audit alerts")),
            ("can_manage_payouts", _("Can approve, reject, batch and settle payouts")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "kind"], name="wallet_account_one_per_vendor_kind"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(vendor__isnull=True), name="wallet_account_one_platform_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(vendor__isnull=True, kind__in=["commission_income", "refunds_payable", "payouts_in_transit", "buyer_clearing"])
                | models.Q(vendor__isnull=False, kind__in=["vendor_pending", "vendor_available", "vendor_reserved"]),
                name="wallet_account_kind_matches_owner",
            ),
        ]

    def __str__(self) -> str:
        owner = self.vendor.shop_name if self.vendor_id else "SNOBISTIC"
        return f"{owner} · {self.get_kind_display()}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted")


class LedgerTransaction(AppendOnlyModel):
    """One business event's movement of money: its entries sum to zero; ``key`` posts it once."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale paid")
        RELEASE = "release", _("Released to available")
        REVERSAL = "reversal", _("Cancellation or refund")
        REFUND_SENT = "refund_sent", _("Refund sent to the buyer")
        PAYOUT_REQUESTED = "payout_requested", _("Payout requested")
        PAYOUT_REJECTED = "payout_rejected", _("Payout rejected")
        PAYOUT_SENT = "payout_sent", _("Payout sent to the bank")
        PAYOUT_PAID = "payout_paid", _("Payout paid")
        PAYOUT_RETURNED = "payout_returned", _("Payout returned by the bank")

    key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_transactions",
        verbose_name=_("vendor"),
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_transactions",
        verbose_name=_("order"),
    )
    shipment = models.ForeignKey(
        "orders.Shipment", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_transactions",
        verbose_name=_("shipment"),
    )
    payout = models.ForeignKey(
        "wallet.PayoutRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_transactions",
        verbose_name=_("payout"),
    )
    memo = models.CharField(_("description"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["vendor", "-created_at"], name="wallet_txn_vendor_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.key}"


class Entry(AppendOnlyModel):
    """One leg of a transaction on one account; ``balance_after`` is that account's running balance."""

    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries", verbose_name=_("transaction"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries", verbose_name=_("account"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    balance_after = models.DecimalField(_("balance after"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "-created_at"], name="wallet_entry_account_recent")]
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="wallet_entry_not_zero")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"


class CommissionRule(TimeStampedModel):
    """An override of the platform's commission rate, for one vendor or one category, for a period.

    The vendor's rule wins over the category's, which wins over the global rate
    (``PlatformSettings.commission_percent``); ``valid_to`` is exclusive; empty means open-ended.
    """

    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.CASCADE, null=True, blank=True, related_name="commission_rules",
        verbose_name=_("vendor"),
    )
    category = models.ForeignKey(
        "products.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="commission_rules",
        verbose_name=_("category"),
    )
    percent = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fixed_fee = models.DecimalField(
        _("fixed fee per item (lei)"), max_digits=12, decimal_places=2, default=ZERO,
        validators=[MinValueValidator(Decimal("0"))],
    )
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("commission rule")
        verbose_name_plural = _("commission rules")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vendor__isnull=False, category__isnull=True)
                | models.Q(vendor__isnull=True, category__isnull=False),
                name="wallet_commissionrule_vendor_xor_category",
            ),
            models.CheckConstraint(condition=models.Q(percent__gte=0, percent__lte=100), name="wallet_commissionrule_percent_range"),
            models.CheckConstraint(condition=models.Q(fixed_fee__gte=0), name="wallet_commissionrule_fee_not_negative"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
                name="wallet_commissionrule_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor or self.category}: {self.percent}%"


class CommissionCharge(models.Model):
    """The commission computed for one order line when it was paid (what every money screen shows)."""

    item = models.OneToOneField("orders.OrderItem", on_delete=models.PROTECT, related_name="commission", verbose_name=_("order item"))
    rule = models.ForeignKey(CommissionRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("rule"))
    percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2)
    fixed_fee = models.DecimalField(_("fixed fee per item"), max_digits=12, decimal_places=2, default=ZERO)
    gross = models.DecimalField(_("gross"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("commission"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commission charge")
        verbose_name_plural = _("commission charges")

    @property
    def net(self) -> Decimal:
        return self.gross - self.amount


class WalletSettings(TimeStampedModel):
    """The wallet's own settings (one row, pk 1): payout minimum, IBAN hold, payer account."""

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)
    payout_minimum = models.DecimalField(
        _("minimum payout (lei)"), max_digits=12, decimal_places=2, default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    iban_change_hold_hours = models.PositiveSmallIntegerField(
        _("payouts blocked after an IBAN change (hours)"), default=48,
    )
    payer_name = models.CharField(_("payer name"), max_length=70, default="SNOBISTIC SRL")
    payer_iban = models.CharField(_("payer IBAN (lei)"), max_length=34, default="RO49AAAA1B31007593840000")
    payer_iban_eur = models.CharField(_("payer IBAN (euro)"), max_length=34, default="RO09BCYP0000001234567890")
    payer_bic = models.CharField(_("payer BIC"), max_length=11, default="AAAARO22")
    # The platform as the seller of its commission invoices (printed on them, sent to e-Factura).
    company_vat_number = models.CharField(
        _("platform VAT number (CUI)"), max_length=16, blank=True,
        help_text=_("With RO when the platform is registered for VAT. Commission invoices are issued only once it is set."),
    )
    company_registration_number = models.CharField(_("platform trade register number"), max_length=20, blank=True)
    company_street = models.CharField(_("platform street address"), max_length=150, blank=True)
    company_city = models.CharField(
        _("platform city"), max_length=50, blank=True, help_text=_("In Bucharest, the sector: \"Sector 3\"."),
    )
    company_county = models.CharField(_("platform county"), max_length=40, blank=True, help_text=_("\"București\", \"Cluj\"…"))
    commission_vat_rate = models.DecimalField(
        _("VAT on commission (%)"), max_digits=5, decimal_places=2, default=Decimal("21.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Included in the commission withheld from each sale. 0 when the platform is not registered for VAT."),
    )
    commission_invoice_series = models.CharField(_("commission invoice series"), max_length=12, default="SNBCOM")
    commission_credit_note_series = models.CharField(
        _("commission credit note series"), max_length=12, default="SNBSTO",
        help_text=_("Credit notes (storno) have their own numbering, apart from the invoices."),
    )
    commission_invoice_due_days = models.PositiveSmallIntegerField(
        _("commission invoice due in (days)"), default=0,
        help_text=_("0: the commission was already withheld from the sales, the invoice is settled when issued."),
    )

    class Meta:
        verbose_name = _("wallet settings")
        verbose_name_plural = _("wallet settings")

    def __str__(self) -> str:
        return str(_("Wallet settings"))


class BankDetailsChange(models.Model):
    """A shop's payout IBAN changed: who did it and when (payouts wait, four eyes approve)."""

    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.CASCADE, related_name="bank_details_changes", verbose_name=_("vendor"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )
    old_iban = models.CharField(_("old IBAN"), max_length=34, blank=True)
    new_iban = models.CharField(_("new IBAN"), max_length=34)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("bank details change")
        verbose_name_plural = _("bank details changes")
        ordering = ["-created_at", "-pk"]


class PayoutBatch(TimeStampedModel):
    """Approved payouts of one currency sent to the bank in one file; marked paid with its reference."""

    class Status(models.TextChoices):
        EXPORTED = "exported", _("Exported")
        PAID = "paid", _("Paid")

    class Currency(models.TextChoices):
        RON = "RON", _("Lei (CSV for the bank)")
        EUR = "EUR", _("Euro (SEPA pain.001)")

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    exchange_rate = models.DecimalField(
        _("lei per euro"), max_digits=10, decimal_places=4, null=True, blank=True,
        help_text=_("Only for a euro batch: the rate the lei amounts are converted at."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.EXPORTED)
    file_name = models.CharField(_("file name"), max_length=100)
    file_content = models.TextField(_("file"))
    total = models.DecimalField(_("total (lei)"), max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("exported by")
    )
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("marked paid by")
    )

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class PayoutRequest(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SENT = "sent", _("Sent to the bank")
        PAID = "paid", _("Paid")
        RETURNED = "returned", _("Returned by the bank")

    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.PROTECT, related_name="payout_requests", verbose_name=_("vendor"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("paid in"), max_length=3, choices=PayoutBatch.Currency.choices, default=PayoutBatch.Currency.RON)
    iban = models.CharField(_("IBAN"), max_length=34)
    account_holder = models.CharField(_("account holder"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="payouts", verbose_name=_("batch"))

    class Meta:
        verbose_name = _("payout request")
        verbose_name_plural = _("payout requests")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="wallet_payout_amount_positive")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.vendor} {self.amount}"


class VendorStatement(TimeStampedModel):
    """A vendor's monthly wallet statement: the period's opening and closing balances and totals.

    Made once per vendor and closed month (by the job on the 1st, or when asked for). The ledger is
    append-only and entries carry the time they were posted, so a closed month never changes: the
    PDF is rendered from the ledger whenever it is downloaded and always reads the same.
    """

    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.PROTECT, related_name="wallet_statements", verbose_name=_("vendor"))
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    opening_balance = models.DecimalField(_("opening balance"), max_digits=14, decimal_places=2)
    closing_balance = models.DecimalField(_("closing balance"), max_digits=14, decimal_places=2)
    sales = models.DecimalField(_("sales"), max_digits=14, decimal_places=2, default=ZERO)
    commission = models.DecimalField(_("commission"), max_digits=14, decimal_places=2, default=ZERO)
    refunds = models.DecimalField(_("refunds"), max_digits=14, decimal_places=2, default=ZERO)
    payouts = models.DecimalField(_("payouts"), max_digits=14, decimal_places=2, default=ZERO)
    movements = models.PositiveIntegerField(_("movements"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("wallet statement")
        verbose_name_plural = _("wallet statements")
        ordering = ["-period", "vendor_id"]
        constraints = [models.UniqueConstraint(fields=["vendor", "period"], name="wallet_statement_one_per_month")]

    def __str__(self) -> str:
        return f"{self.vendor} · {self.period:%Y-%m}"


class EFacturaDocument(TimeStampedModel):
    """What a document the platform sends through ANAF's e-Factura keeps of that journey: its UBL 2.1
    (CIUS-RO) XML, the state of the upload, ANAF's ids and messages, and every answer (``efactura_*``),
    for the commission invoices and the credit notes alike (``marketplace/wallet/efactura.py``)."""

    class EFacturaStatus(models.TextChoices):
        NOT_SENT = "not_sent", _("Not sent — no ANAF credentials")
        INVALID = "invalid", _("Not sent — the XML breaks CIUS-RO rules")
        UPLOADED = "uploaded", _("Uploaded, ANAF is processing it")
        ACCEPTED = "accepted", _("Accepted by ANAF")
        REJECTED = "rejected", _("Rejected by ANAF")
        FAILED = "failed", _("Upload failed, will be retried")

    efactura_xml = models.TextField(_("e-Factura XML"), blank=True)
    efactura_status = models.CharField(_("e-Factura"), max_length=10, choices=EFacturaStatus.choices, blank=True, db_index=True)
    efactura_upload_id = models.CharField(_("ANAF upload index"), max_length=40, blank=True)
    efactura_download_id = models.CharField(_("ANAF download id"), max_length=40, blank=True)
    efactura_message = models.TextField(_("ANAF message"), blank=True)
    efactura_log = models.JSONField(_("ANAF responses"), default=list, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.series} {self.number:06d}"


class CommissionInvoice(EFacturaDocument):
    """The platform's monthly invoice to a vendor for the commission it kept, in its own series.

    The commission the ledger withheld is the amount to pay, VAT included; the parties are copied
    when it is issued. ``efactura_*`` follow its UBL 2.1 (CIUS-RO) XML through ANAF's e-Factura.
    """

    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.PROTECT, related_name="commission_invoices", verbose_name=_("vendor"))
    period = models.DateField(_("month"), help_text=_("The first day of the month invoiced."))
    series = models.CharField(_("series"), max_length=20)
    number = models.PositiveIntegerField(_("number"))
    issued_at = models.DateTimeField(_("issued at"))
    due_date = models.DateField(_("due date"))
    seller = models.JSONField(_("seller"))
    buyer = models.JSONField(_("buyer"))
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    net_total = models.DecimalField(_("total without VAT"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    sales_count = models.PositiveIntegerField(_("sales"), default=0)

    class Meta:
        verbose_name = _("commission invoice")
        verbose_name_plural = _("commission invoices")
        ordering = ["-period", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "period"], name="wallet_commission_invoice_one_per_month"),
            models.UniqueConstraint(fields=["series", "number"], name="wallet_commission_invoice_number_once"),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="wallet_commission_invoice_positive"),
        ]


class CommissionCreditNote(EFacturaDocument):
    """A credit note ("factură de stornare", UBL CreditNote, type 381) from the platform to a vendor.

    Issued for a closed month when refunds in it gave back commission that an earlier month's
    commission invoice had already invoiced: one line per invoice credited (``lines``: invoice pk,
    its number and date, the month, net, VAT and total credited, positive amounts). Numbered in its
    own series; ``efactura_*`` follow its XML through ANAF as the invoices' do.
    """

    vendor = models.ForeignKey("vendors.VendorProfile", on_delete=models.PROTECT, related_name="commission_credit_notes", verbose_name=_("vendor"))
    period = models.DateField(_("month"), help_text=_("The first day of the month whose refunds are credited."))
    series = models.CharField(_("series"), max_length=20)
    number = models.PositiveIntegerField(_("number"))
    issued_at = models.DateTimeField(_("issued at"))
    seller = models.JSONField(_("seller"))
    buyer = models.JSONField(_("buyer"))
    lines = models.JSONField(_("invoices credited"), default=list)
    net_total = models.DecimalField(_("total without VAT"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    invoices = models.ManyToManyField(CommissionInvoice, related_name="credit_notes", verbose_name=_("invoices credited"))

    class Meta:
        verbose_name = _("commission credit note")
        verbose_name_plural = _("commission credit notes")
        ordering = ["-period", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "period"], name="wallet_credit_note_one_per_month"),
            models.UniqueConstraint(fields=["series", "number"], name="wallet_credit_note_number_once"),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="wallet_credit_note_positive"),
        ]
