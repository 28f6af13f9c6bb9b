"""Commission: which rate applies to an order line, and the one way it is computed and rounded.

The rate is the vendor's rule valid at the moment of payment, else the line's category rule, else
the platform's global ``commission_percent``. A rule may add a fixed fee per item. The amount is
``line_total × percent / 100``, rounded once, half up, to the ban, plus ``fixed_fee × quantity``,
never more than the line itself.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from marketplace.administration.selectors import platform_settings
from marketplace.common.money import CENT

from .models import ZERO, CommissionRule


@dataclass(frozen=True)
class CommissionTerms:
    percent: Decimal
    fixed_fee: Decimal = ZERO
    rule_id: int | None = None


@dataclass(frozen=True)
class LineCommission:
    gross: Decimal
    amount: Decimal
    terms: CommissionTerms

    @property
    def net(self) -> Decimal:
        return self.gross - self.amount


def commission_compute(*, unit_price: Decimal, quantity: int, terms: CommissionTerms) -> LineCommission:
    """The commission of one line under ``terms`` (pure: no database)."""
    gross = (Decimal(unit_price) * quantity).quantize(CENT, rounding=ROUND_HALF_UP)
    amount = (gross * terms.percent / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)
    amount += (terms.fixed_fee * quantity).quantize(CENT, rounding=ROUND_HALF_UP)
    return LineCommission(gross=gross, amount=min(amount, gross), terms=terms)


def commission_terms(*, vendor_id: int, category_id: int | None, at: datetime) -> CommissionTerms:
    """The terms valid at ``at``: the vendor's rule, else the category's, else the global rate."""
    valid = Q(valid_from__lte=at) & (Q(valid_to__isnull=True) | Q(valid_to__gt=at))
    # A vendor's rule has no category: a line without one must not match every vendor's rules (IS NULL).
    applies = Q(vendor_id=vendor_id)
    if category_id is not None:
        applies |= Q(vendor__isnull=True, category_id=category_id)
    rules = CommissionRule.objects.filter(valid).filter(applies)
    best = None
    for rule in rules.order_by("-valid_from", "-pk"):
        if rule.vendor_id == vendor_id:
            best = rule
            break
        best = best or rule
    if best is not None:
        return CommissionTerms(percent=best.percent, fixed_fee=best.fixed_fee, rule_id=best.pk)
    return CommissionTerms(percent=Decimal(platform_settings().commission_percent))


def commission_for_line(*, vendor_id: int, category_id: int | None, unit_price: Decimal, quantity: int, at: datetime) -> LineCommission:
    """The commission of one order line paid at ``at`` — the one function every posting uses."""
    terms = commission_terms(vendor_id=vendor_id, category_id=category_id, at=at)
    return commission_compute(unit_price=unit_price, quantity=quantity, terms=terms)


@dataclass(frozen=True)
class VendorCommission:
    """What the vendor's account page says about commission: the global rate, the vendor's own rule if
    one is valid (it wins everywhere), else the category rules that override the global rate."""

    global_percent: Decimal
    vendor_rule: CommissionRule | None
    category_rules: tuple

    @property
    def percent(self) -> Decimal:
        return self.vendor_rule.percent if self.vendor_rule is not None else self.global_percent

    @property
    def fixed_fee(self) -> Decimal:
        return self.vendor_rule.fixed_fee if self.vendor_rule is not None else ZERO


def commission_for_vendor(*, vendor_id: int, at: datetime) -> VendorCommission:
    """The rules that apply to the vendor's sales paid at ``at`` (one query, categories joined)."""
    valid = Q(valid_from__lte=at) & (Q(valid_to__isnull=True) | Q(valid_to__gt=at))
    rules = list(
        CommissionRule.objects.filter(valid)
        .filter(Q(vendor_id=vendor_id) | Q(vendor__isnull=True, category__isnull=False))
        .select_related("category").order_by("-valid_from", "-pk")
    )
    vendor_rule = next((rule for rule in rules if rule.vendor_id == vendor_id), None)
    categories = {}
    for rule in rules:
        if rule.vendor_id is None and rule.category_id not in categories:
            categories[rule.category_id] = rule  # the newest valid rule of the category, as commission_terms picks
    return VendorCommission(
        global_percent=Decimal(platform_settings().commission_percent), vendor_rule=vendor_rule,
        category_rules=() if vendor_rule is not None else tuple(sorted(categories.values(), key=lambda r: str(r.category))),
    )
