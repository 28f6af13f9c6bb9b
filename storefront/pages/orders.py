"""The buyer's doors: cart, checkout, orders, payment pages, invoices, and Stripe's webhook."""

import contextlib
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from doors.errors import error_payload, form_add_service_error
from marketplace.administration.selectors import platform_settings
from marketplace.common.errors import NotFound
from marketplace.customers.addresses import AddressDetails, address_for_user, address_save, addresses_for
from marketplace.orders import selectors, services
from marketplace.orders.invoices import invoice_pdf
from marketplace.orders.models import Invoice, PaymentMethod
from marketplace.orders.payments import PaymentError, stripe_card, stripe_enabled
from storefront.forms.orders import CheckoutForm, address_initial, initial_from_profile
from storefront.pages.fulfilment import fulfilment_context

log = logging.getLogger(__name__)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _error_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _back(request, default: str):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


# --- Cart -------------------------------------------------------------------------------------
@require_GET
def cart_view(request):
    cart = services.cart_get(user=request.user, session=request.session)
    summary = selectors.cart_summary(cart)
    return render(request, "orders/cart.html", {"summary": summary})


@require_POST
def add_to_cart_view(request, product_id: int):
    cart = services.cart_get(user=request.user, session=request.session, create=True)
    try:
        quantity = int(request.POST.get("quantity", 1))
    except (TypeError, ValueError):
        quantity = 0
    try:
        item = services.cart_add(cart=cart, product_id=product_id, quantity=quantity)
    except ValidationError as exc:
        if _wants_json(request):
            status, payload = error_payload(exc)
            return JsonResponse(payload, status=status)
        messages.error(request, _error_message(exc))
        return _back(request, "cart")
    if _wants_json(request):
        return JsonResponse({"item_id": item.pk, "quantity": item.quantity, "count": selectors.cart_summary(cart).count})
    messages.success(request, _("%(title)s is in your cart.") % {"title": item.product.display_title})
    return _back(request, "cart")


@require_POST
def update_cart_view(request, cart_item_id: int):
    cart = services.cart_get(user=request.user, session=request.session)
    try:
        quantity = int(request.POST.get("quantity", ""))
    except (TypeError, ValueError):
        messages.error(request, _("Enter a quantity."))
        return redirect("cart")
    if cart is None:
        raise Http404
    try:
        services.cart_update(cart=cart, item_id=cart_item_id, quantity=quantity)
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
    return redirect("cart")


@require_POST
def remove_from_cart_view(request, cart_item_id: int):
    cart = services.cart_get(user=request.user, session=request.session)
    if cart is None:
        raise Http404
    try:
        services.cart_remove(cart=cart, item_id=cart_item_id)
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(request, _("Removed from your cart."))
    return redirect("cart")


# --- Checkout ---------------------------------------------------------------------------------
def _start_card_payment(request, order):
    success = request.build_absolute_uri(reverse("payment_success", args=[order.pk])) + "?session_id={CHECKOUT_SESSION_ID}"
    failure = request.build_absolute_uri(reverse("payment_failure", args=[order.pk]))
    try:
        payment = services.payment_start(order=order, success_url=success, cancel_url=failure)
    except (PaymentError, ValidationError) as exc:
        messages.error(request, str(exc.messages[0] if isinstance(exc, ValidationError) else exc))
        return redirect("payment_failure", order.pk)
    return redirect(payment.checkout_url)


def _quote(form, vendors, items_total):
    """Shipping per shop for the delivery chosen so far (courier by default) and the total."""
    rows = []
    for vendor in vendors:
        prices = selectors.shipping_prices(vendor)
        method = form.data.get(f"delivery_{vendor.pk}") if form.is_bound else None
        method = method if method in prices else form.fields[f"delivery_{vendor.pk}"].initial
        rows.append({"vendor": vendor, "method": method, "price": prices[method], "prices": prices})
    return {"rows": rows, "items": items_total, "total": items_total + sum((r["price"] for r in rows), 0)}


def _checkout_initial(request) -> dict:
    """The default saved address, or the one the buyer picked from the address book (``?address=<id>``)."""
    initial = initial_from_profile(request.user)
    chosen = request.GET.get("address", "")
    if chosen.isdigit():
        with contextlib.suppress(NotFound):  # another buyer's id: the default address stays
            initial.update(address_initial(address_for_user(user=request.user, pk=int(chosen))))
    return initial


def _address_book_context(request, form) -> dict:
    return {"addresses": list(addresses_for(user=request.user))}


def _save_address(request, form) -> None:
    """"Save this address in my address book", ticked at checkout: kept once the order is placed."""
    if not form.cleaned_data.get("save_address"):
        return
    data = form.cleaned_data
    details = AddressDetails(
        name=data["shipping_name"], phone=data["shipping_phone"], address=data["shipping_address"],
        city=data["shipping_city"], county=data["shipping_county"], postal_code=data["shipping_postal_code"],
    )
    try:
        address_save(user=request.user, details=details)
    except ValidationError as exc:  # the order is placed; a full address book only costs the saving
        messages.info(request, _error_message(exc))


def _after_placing(request, order):
    if order.payment_method == PaymentMethod.CARD:
        return _start_card_payment(request, order)
    return redirect("payment_success", order.pk)


@login_required
def checkout_view(request):
    cart = services.cart_get(user=request.user, session=request.session)
    summary = selectors.cart_summary(cart)
    vendors = [group.vendor for group in summary.groups]
    if request.method == "POST":
        form = CheckoutForm(request.POST, vendors=vendors)
        if summary.is_empty:
            form.add_error(None, _("Your cart is empty."))
        elif form.is_valid():
            try:
                order = services.checkout_place(buyer=request.user, cart=cart, details=form.details())
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                _save_address(request, form)
                return _after_placing(request, order)
        status = 400
    else:
        if summary.is_empty:
            messages.info(request, _("Your cart is empty."))
            return redirect("cart")
        form = CheckoutForm(vendors=vendors, initial=_checkout_initial(request))
        status = 200
    context = {
        "form": form, "summary": summary, "shipping_prices": selectors.shipping_prices(), "order": None,
        "quote": _quote(form, vendors, summary.items_total), **_address_book_context(request, form),
    }
    return render(request, "orders/checkout.html", context, status=status)


@login_required
def checkout_order_view(request, order_id: int):
    """Delivery and payment for an order made elsewhere: the auction winner's."""
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    if order.is_placed:
        return redirect("order_detail", order.pk)
    vendors = [shipment.vendor for shipment in order.shipments.all()]
    if request.method == "POST":
        form = CheckoutForm(request.POST, vendors=vendors)
        if form.is_valid():
            try:
                order = services.order_checkout_complete(order=order, buyer=request.user, details=form.details())
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                _save_address(request, form)
                return _after_placing(request, order)
        status = 400
    else:
        form = CheckoutForm(vendors=vendors, initial=_checkout_initial(request))
        status = 200
    context = {
        "form": form, "summary": None, "order": order, "shipping_prices": selectors.shipping_prices(),
        "quote": _quote(form, vendors, order.items_total), **_address_book_context(request, form),
    }
    return render(request, "orders/checkout.html", context, status=status)


@login_required
@require_POST
def order_pay_view(request, order_id: int):
    """Try the card payment again (a new Stripe page) while the order still waits for it."""
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    return _start_card_payment(request, order)


# --- Orders -----------------------------------------------------------------------------------
@login_required
def order_list_view(request):
    orders = selectors.order_list_for_buyer(user=request.user)
    return render(request, "orders/order_list.html", {"orders": orders})


@login_required
def order_detail_view(request, order_id: int):
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    return render(request, "orders/order_detail.html", {"order": order, **fulfilment_context(order)})


@login_required
def payment_success_view(request, order_id: int):
    """Says what the order's state is; it never changes it (the webhook does)."""
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    return render(request, "orders/payment_result.html", {"order": order, "returned": "success", "bank_account": _bank_account(), "platform": platform_settings()})


@login_required
def payment_failure_view(request, order_id: int):
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    return render(request, "orders/payment_result.html", {"order": order, "returned": "failure", "bank_account": _bank_account(), "platform": platform_settings()})


def _bank_account() -> str:
    return settings.ORDER_BANK_ACCOUNT


@login_required
def order_invoice_view(request, order_id: int, shipment_id: int):
    order = selectors.order_for_buyer(user=request.user, pk=order_id)
    invoice = Invoice.objects.select_related("shipment__order").filter(shipment__order=order, shipment_id=shipment_id).first()
    if invoice is None:
        raise Http404("No invoice yet.")
    return invoice_response(invoice)


def invoice_response(invoice: Invoice) -> HttpResponse:
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="factura-{invoice.series}-{invoice.number:06d}.pdf"'
    return response


# --- Provider webhooks ------------------------------------------------------------------------
@csrf_exempt
@require_POST
def stripe_webhook_view(request):
    """Stripe's signed notifications. A bad signature is refused; a replayed event changes nothing."""
    if not stripe_enabled():
        raise Http404
    try:
        event = stripe_card.parse_webhook(payload=request.body, signature=request.headers.get("Stripe-Signature", ""))
    except ValueError:
        return HttpResponseBadRequest("invalid signature")
    try:
        outcome = services.payment_event_handle(provider=PaymentMethod.CARD, event=event)
    except ValidationError as exc:
        log.warning("Stripe event %s not applied: %s", event.event_id, exc.messages)
        outcome = "refused"
    return JsonResponse({"received": True, "outcome": outcome})
