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
    rules = CommissionRule.objects.filter(valid).filter(Q(vendor_id=vendor_id) | Q(category_id=category_id))
    best = None
    for rule in rules.order_by("-valid_from", "-pk"):
        if rule.vendor_id is not None:
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
