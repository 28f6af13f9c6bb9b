"""The model's CHECK constraints evaluated in Python agree with Django's own check."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from marketplace.products import imports
from marketplace.products.models import AuctionProduct, StoreProduct

pytestmark = pytest.mark.django_db


# --- Constraints checked in Python agree with the database's ------------------------------------
@pytest.mark.parametrize(
    ("model", "values", "broken"),
    [
        (StoreProduct, {"price": Decimal("10"), "stock": 1}, set()),
        (StoreProduct, {"price": Decimal("0"), "stock": 1}, {"products_store_price_positive"}),
        (StoreProduct, {"price": Decimal("5"), "stock": 1, "status": "rejected"}, {"products_rejected_has_reason"}),
        (StoreProduct, {"price": Decimal("5"), "stock": 1, "status": "rejected", "rejection_reason": "Blurry"}, set()),
        (AuctionProduct, {"starting_price": Decimal("100"), "duration_hours": 72}, set()),
        (AuctionProduct, {"starting_price": Decimal("100"), "reserve_price": Decimal("90"), "duration_hours": 72},
         {"products_auction_reserve_not_below_start"}),
        (AuctionProduct, {"starting_price": Decimal("100"), "bid_increment": Decimal("0"), "duration_hours": 72},
         {"products_auction_increment_positive"}),
    ],
)
def test_constraints_checked_in_python_agree_with_djangos_own_check(model, values, broken):
    product = model(title="x", slug="x", product_type="new", **values)

    def failures(check):
        try:
            check()
        except ValidationError as exc:
            return {name for name in _constraint_names(model) if any(name in m for m in exc.messages)}
        return set()

    assert failures(lambda: imports.validate_model_constraints(product)) == broken
    assert failures(lambda: product.validate_constraints()) == broken


def _constraint_names(model):
    return {c.name for _model, constraints in model().get_constraints() for c in constraints}
