"""Checkout: one order per checkout, a shipment per vendor, stock reserved, bad input refused."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.orders.models import CartItem, Order, PaymentMethod
from marketplace.products.models import StoreProduct
from tests.factories import approved_vendor, buyable, customer

from .helpers import place_order

pytestmark = pytest.mark.django_db


def form_data(vendors, **overrides):
    data = {
        "shipping_name": "Ana Popescu", "shipping_phone": "0722 123 456", "shipping_address": "Str. Ștefan cel Mare 10",
        "shipping_city": "București", "shipping_county": "București", "shipping_postal_code": "010101",
        "billing_type": "individual", "payment_method": "cod", "terms": "on",
    }
    for vendor in vendors:
        data[f"delivery_{vendor.pk}"] = "courier"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def shop():
    a, b = approved_vendor(shop_name="Atelier A"), approved_vendor(shop_name="Atelier B")
    return {"a": a, "b": b, "bag": buyable(a, price="1500.00", title="Geantă"), "belt": buyable(a, price="300.00", title="Curea"),
            "shoes": buyable(b, price="900.00", title="Pantofi")}


def fill_cart(client, buyer, *products):
    client.force_login(buyer)
    for product in products:
        assert client.post(reverse("add_to_cart", args=[product.pk])).status_code == 302


def test_one_checkout_with_two_vendors_makes_one_order_with_a_shipment_each(client, shop, django_capture_on_commit_callbacks):
    # Given a cart with two pieces from shop A and one from shop B
    buyer = customer()
    fill_cart(client, buyer, shop["bag"], shop["belt"], shop["shoes"])
    page = client.get(reverse("checkout"))
    assert page.status_code == 200 and "Atelier A" in page.content.decode()
    # When the buyer chooses courier for A, a locker for B and cash on delivery
    data = form_data([shop["a"], shop["b"]], **{f"delivery_{shop['b'].pk}": "locker", f"locker_{shop['b'].pk}": "EB-B-UNIREA"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout"), data)
    # Then there is one order, split in two shipments, with shipping per shop, and the cart is empty
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("payment_success", args=[order.pk])
    shipments = {s.vendor_id: s for s in order.shipments.all()}
    assert set(shipments) == {shop["a"].pk, shop["b"].pk}
    assert shipments[shop["a"].pk].items_total == Decimal("1800.00") and shipments[shop["a"].pk].shipping_price == Decimal("25.00")
    assert shipments[shop["b"].pk].delivery_method == "locker" and shipments[shop["b"].pk].locker_id == "EB-B-UNIREA"
    assert order.total == Decimal("1800.00") + Decimal("900.00") + Decimal("25.00") + Decimal("15.00")
    assert order.number.startswith("SNB-") and len(order.number) == 11
    assert not CartItem.objects.exists()
    # Stock is taken, cash on delivery is confirmed, buyer and both shops are e-mailed
    assert StoreProduct.objects.get(pk=shop["bag"].pk).stock == 0
    assert order.payment_method == PaymentMethod.COD and order.confirmed_at and order.status == "pending_payment"
    assert {m.to[0] for m in mail.outbox} == {buyer.email, shop["a"].user.email, shop["b"].user.email}
    result = client.get(reverse("payment_success", args=[order.pk]))
    assert 'data-state="confirmed"' in result.content.decode()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"shipping_address": "", "shipping_city": ""}, "shipping_address"),
        ({"billing_type": "company", "billing_name": "Moda SRL", "billing_vat_number": "RO12345678", "billing_address": "Str. A 1"}, "billing_vat_number"),
        ({"shipping_postal_code": "12"}, "shipping_postal_code"),
        ({"terms": None}, "terms"),
        ({"payment_method": "card"}, "payment_method"),  # Stripe keys are not set in tests
    ],
    ids=["no-address", "bad-vat", "bad-postal-code", "terms-not-accepted", "card-unavailable"],
)
def test_checkout_refuses_bad_input_and_changes_nothing(client, shop, overrides, field):
    fill_cart(client, customer(), shop["shoes"])
    response = client.post(reverse("checkout"), form_data([shop["b"]], **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Order.objects.exists()
    assert StoreProduct.objects.get(pk=shop["shoes"].pk).stock == 1
    assert CartItem.objects.count() == 1


def test_company_invoice_with_a_valid_cui_is_accepted(client, shop):
    fill_cart(client, customer(), shop["shoes"])
    data = form_data([shop["b"]], billing_type="company", billing_name="Moda SRL", billing_vat_number="ro 18547290", billing_address="Str. A 1")
    assert client.post(reverse("checkout"), data).status_code == 302
    order = Order.objects.get()
    assert (order.billing_type, order.billing_name, order.billing_vat_number) == ("company", "Moda SRL", "RO18547290")


def test_checkout_of_an_empty_cart_is_refused(client, shop):
    client.force_login(customer())
    assert client.get(reverse("checkout")).status_code == 302
    response = client.post(reverse("checkout"), form_data([]))
    assert response.status_code == 400
    assert "Coșul dumneavoastră este gol." in response.content.decode()
    assert not Order.objects.exists()


def test_a_piece_sold_meanwhile_stops_the_checkout_with_a_clear_message(client, shop):
    # Given the last bag in two buyers' carts
    first, second = customer(), customer()
    fill_cart(client, second, shop["bag"])
    # When the first buys it, then the second tries
    place_order(first, [shop["bag"]])
    response = client.post(reverse("checkout"), form_data([shop["a"]]))
    # Then the second is told it was sold, and nothing else changes
    assert response.status_code == 400
    assert "Geantă" in " ".join(response.context["form"].non_field_errors())
    assert Order.objects.count() == 1
    assert StoreProduct.objects.get(pk=shop["bag"].pk).stock == 0


def test_the_last_piece_race_at_the_stock_update_gives_just_sold(shop):
    """Both carts were checked while the piece was in stock; the conditional UPDATE decides."""
    from django.core.exceptions import ValidationError

    from marketplace.orders.services import OrderLine, order_create
    from tests.factories import checkout_details

    line = [OrderLine(product=StoreProduct.objects.get(pk=shop["bag"].pk), quantity=1, unit_price=Decimal("1500.00"))]
    order_create(buyer=customer(), lines=line, details=checkout_details([shop["a"]]))
    with pytest.raises(ValidationError) as exc:
        order_create(buyer=customer(), lines=line, details=checkout_details([shop["a"]]))
    assert exc.value.code == "just_sold"
    assert Order.objects.count() == 1


def test_checkout_is_prefilled_from_the_profile(client, shop):
    buyer = customer()
    profile = buyer.profile
    profile.phone, profile.address_line1, profile.city, profile.postal_code = "+40722123456", "Bd. Unirii 1", "Iași", "700001"
    profile.is_corporate, profile.company_name, profile.vat_number = True, "Moda SRL", "RO18547290"
    profile.save()
    fill_cart(client, buyer, shop["shoes"])
    form = client.get(reverse("checkout")).context["form"]
    assert form.initial["shipping_address"] == "Bd. Unirii 1" and form.initial["billing_vat_number"] == "RO18547290"


def test_guests_are_sent_to_sign_in_before_checkout(client, shop):
    client.post(reverse("add_to_cart", args=[shop["shoes"].pk]))
    response = client.get(reverse("checkout"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_checkout_summary_shows_shipping_per_shop_and_the_total(client, shop):
    fill_cart(client, customer(), shop["bag"], shop["shoes"])
    quote = client.get(reverse("checkout")).context["quote"]
    assert [row["price"] for row in quote["rows"]] == [Decimal("25.00"), Decimal("25.00")]
    assert quote["total"] == Decimal("2450.00")
    # A refused form re-shows the shipping of the deliveries chosen
    data = form_data([shop["a"], shop["b"]], terms=None, **{f"delivery_{shop['b'].pk}": "pickup"})
    quote = client.post(reverse("checkout"), data).context["quote"]
    assert quote["total"] == Decimal("2425.00")
