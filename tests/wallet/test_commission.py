"""Commission: which rule applies and the one rounding rule (half up, to the ban, per line)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.administration.services import platform_settings_update
from marketplace.wallet.commission import CommissionTerms, commission_compute, commission_for_line
from marketplace.wallet.models import CommissionRule
from tests.factories import approved_vendor, catalogue, shop_manager

pytestmark = pytest.mark.django_db


def test_rounding_is_half_up_to_the_ban_once_per_line():
    # 15% of 0.10 × 3 = 0.045 → 0.05 (half up), not 3 × 0.015 rounded per piece (0.06) nor banker's 0.04
    line = commission_compute(unit_price=Decimal("0.10"), quantity=3, terms=CommissionTerms(percent=Decimal("15")))
    assert line.amount == Decimal("0.05")
    assert line.net == Decimal("0.25")


def test_fixed_fee_is_per_item_and_never_more_than_the_line():
    terms = CommissionTerms(percent=Decimal("10"), fixed_fee=Decimal("2.50"))
    assert commission_compute(unit_price=Decimal("100.00"), quantity=2, terms=terms).amount == Decimal("25.00")
    assert commission_compute(unit_price=Decimal("1.00"), quantity=1, terms=terms).amount == Decimal("1.00")


def test_vendor_rule_beats_category_rule_beats_global_rate_within_their_dates():
    vendor, category = approved_vendor(), catalogue()["category"]
    now = timezone.now()
    platform_settings_update(actor=shop_manager(), commission_percent=Decimal("15.00"))

    def rate(at):
        return commission_for_line(vendor_id=vendor.pk, category_id=category.pk, unit_price=Decimal("1000"), quantity=1, at=at).amount

    assert rate(now) == Decimal("150.00")  # global
    CommissionRule.objects.create(category=category, percent=Decimal("12"), valid_from=now - timedelta(days=1))
    assert rate(now) == Decimal("120.00")  # category
    CommissionRule.objects.create(
        vendor=vendor, percent=Decimal("8"), fixed_fee=Decimal("5"), valid_from=now - timedelta(hours=1), valid_to=now + timedelta(days=1)
    )
    assert rate(now) == Decimal("85.00")  # vendor, with its fixed fee
    assert rate(now + timedelta(days=2)) == Decimal("120.00")  # vendor rule expired (valid_to exclusive)
    assert rate(now - timedelta(days=2)) == Decimal("150.00")  # before either rule


def test_a_line_without_a_category_gets_its_own_vendors_rule_never_another_vendors():
    vendor, other = approved_vendor(), approved_vendor()
    now = timezone.now()
    platform_settings_update(actor=shop_manager(), commission_percent=Decimal("15.00"))
    CommissionRule.objects.create(vendor=other, percent=Decimal("2"), valid_from=now - timedelta(days=1))

    def rate(vendor_id):
        return commission_for_line(vendor_id=vendor_id, category_id=None, unit_price=Decimal("1000"), quantity=1, at=now).amount

    assert rate(vendor.pk) == Decimal("150.00")  # the global rate, not the other shop's 2 %
    assert rate(other.pk) == Decimal("20.00")
    CommissionRule.objects.create(vendor=vendor, percent=Decimal("9"), valid_from=now - timedelta(hours=1))
    assert rate(vendor.pk) == Decimal("90.00")
