"""Thin trigger: at sign-in, the guest's session cart joins the buyer's cart (see cart.cart_merge_at_login)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .cart import cart_merge_at_login


@receiver(user_logged_in, dispatch_uid="orders_merge_guest_cart")
def merge_guest_cart(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    cart_merge_at_login(session=request.session, user=user)
