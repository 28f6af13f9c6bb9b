"""Is this piece on sale? Written once, read by the cart, the catalogue, the wishlist and the presenters.

A listing is *public* once staff validated it (its page can be seen, it can be a favourite, its
auction can be bid on). A fixed-price piece is *on sale* when it is public and in stock. The same
rule is given three ways, so that no door writes its own: ``ListingQuerySet.public()`` /
``.on_sale()`` (``Product.objects`` and ``StoreProduct.objects``), ``public_q`` / ``on_sale_q`` for
a query that reaches the listing through a relation (``product__``), and
``product_unavailable_reason`` for one piece in hand, with the message the buyer reads.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ListingStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PENDING = "pending", gettext_lazy("Pending validation")
    VALIDATED = "validated", gettext_lazy("Validated")
    REJECTED = "rejected", gettext_lazy("Rejected")


PUBLIC_STATUS = ListingStatus.VALIDATED


def public_q(prefix: str = "") -> Q:
    """Listings anyone may see; ``prefix`` reaches them through a relation ("product__")."""
    return Q(**{f"{prefix}status": PUBLIC_STATUS})


def on_sale_q(prefix: str = "", *, store: str = "") -> Q:
    """Fixed-price pieces that can be bought now; ``store`` reaches the StoreProduct from the
    listing ("storeproduct__") when the query starts from ``Product`` (or ``product__``)."""
    return public_q(prefix) & Q(**{f"{prefix}{store}stock__gt": 0})


class ListingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_q())

    def on_sale(self):
        """Public and in stock (on ``Product.objects``: only fixed-price pieces)."""
        has_stock = any(f.name == "stock" for f in self.model._meta.get_fields())
        return self.filter(on_sale_q(store="" if has_stock else "storeproduct__"))


def product_unavailable_reason(product, quantity: int = 1) -> str:
    """Why this piece cannot be bought (or wished for) now; '' when it is on sale.

    ``product`` is a listing; its stock is checked when it has one (a StoreProduct).
    """
    if product.status == ListingStatus.REJECTED:
        return _("This piece was withdrawn from sale.")
    if product.status != PUBLIC_STATUS:
        return _("This piece is not on sale right now.")
    stock = getattr(product, "stock", None)
    if stock is None:
        return ""
    if stock <= 0:
        return _("Sold: this piece is no longer available.")
    if stock < quantity:
        return _("Only %(n)s left in stock.") % {"n": stock}
    return ""


def product_on_sale(product) -> bool:
    return not product_unavailable_reason(product)
