"""The buyer's cart: a signed-in buyer's own, or a guest's found by a token kept in the session."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.products.models import StoreProduct
from marketplace.products.rules import product_unavailable_reason

from .models import Cart, CartItem

CART_SESSION_KEY = "cart_token"


def cart_get(*, user=None, session=None, create: bool = False) -> Cart | None:
    """The signed-in buyer's cart, or the guest's (found by the token kept in ``session``)."""
    if user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).first()
        if cart is None and create:
            cart, _created = Cart.objects.get_or_create(user=user)
        return cart
    if session is None:
        return None
    token = session.get(CART_SESSION_KEY)
    cart = Cart.objects.filter(session_token=token).first() if token else None
    if cart is None and create:
        token = secrets.token_urlsafe(32)
        cart = Cart.objects.create(session_token=token)
        session[CART_SESSION_KEY] = token
    return cart


def _touch(cart: Cart) -> None:
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


@transaction.atomic
def cart_add(*, cart: Cart, product_id: int, quantity: int = 1) -> CartItem:
    """Put a fixed-price piece in the cart (or add to its quantity), within its stock."""
    if quantity < 1:
        raise ValidationError({"quantity": _("Choose at least one piece.")}, code="invalid_quantity")
    product = StoreProduct.objects.filter(pk=product_id).first()
    if product is None:
        raise ValidationError(_("This piece cannot be bought online."), code="not_found")
    if product.vendor.user_id == cart.user_id and cart.user_id is not None:
        raise ValidationError(_("You cannot buy your own piece."), code="own_product")
    item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
    wanted = quantity + (item.quantity if item else 0)
    reason = product_unavailable_reason(product, wanted)
    if reason:
        raise ValidationError(reason, code="unavailable")
    if item is None:
        item = CartItem.objects.create(cart=cart, product=product, quantity=wanted)
    else:
        item.quantity = wanted
        item.save(update_fields=["quantity", "updated_at"])
    _touch(cart)
    return item


@transaction.atomic
def cart_update(*, cart: Cart, item_id: int, quantity: int) -> CartItem | None:
    """Set a line's quantity; 0 removes it. Returns None when removed."""
    item = CartItem.objects.select_related("product").filter(cart=cart, pk=item_id).first()
    if item is None:
        raise ValidationError(_("This item is no longer in your cart."), code="not_found")
    if quantity <= 0:
        item.delete()
        _touch(cart)
        return None
    reason = product_unavailable_reason(item.product, quantity)
    if reason:
        raise ValidationError({"quantity": reason}, code="unavailable")
    item.quantity = quantity
    item.save(update_fields=["quantity", "updated_at"])
    _touch(cart)
    return item


@transaction.atomic
def cart_remove(*, cart: Cart, item_id: int) -> None:
    deleted, _rows = CartItem.objects.filter(cart=cart, pk=item_id).delete()
    if not deleted:
        raise ValidationError(_("This item is no longer in your cart."), code="not_found")
    _touch(cart)


@transaction.atomic
def cart_merge_at_login(*, session, user) -> Cart | None:
    """Move the guest's session cart into the buyer's cart: quantities add up, within stock."""
    token = session.get(CART_SESSION_KEY)
    if not token:
        return None
    guest = Cart.objects.filter(session_token=token).first()
    session.pop(CART_SESSION_KEY, None)
    if guest is None:
        return None
    cart, _created = Cart.objects.get_or_create(user=user)
    existing = {item.product_id: item for item in cart.items.select_for_update()}
    for item in guest.items.select_related("product__vendor"):
        if item.product.vendor.user_id == user.pk:
            continue
        mine = existing.get(item.product_id)
        total = item.quantity + (mine.quantity if mine else 0)
        total = max(1, min(total, item.product.stock)) if item.product.stock > 0 else total
        if mine is None:
            CartItem.objects.create(cart=cart, product_id=item.product_id, quantity=total)
        elif mine.quantity != total:
            mine.quantity = total
            mine.save(update_fields=["quantity", "updated_at"])
    guest.delete()
    _touch(cart)
    return cart


def carts_clean_expired(*, days: int = 30) -> int:
    """Delete carts nobody touched for ``days`` days (their items go with them)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, per_model = Cart.objects.filter(updated_at__lt=cutoff).delete()
    return per_model.get(Cart._meta.label, 0)
