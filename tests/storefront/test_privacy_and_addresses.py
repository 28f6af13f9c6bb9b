"""The privacy page lists every cookie the storefront really sets (checked by walking the site as a buyer
would), and the address book's pages and API keep each buyer to their own addresses."""

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.customers.models import Address
from storefront.pages.privacy import cookie_names
from tests.factories import PASSWORD, approved_vendor, buyable, customer

pytestmark = pytest.mark.django_db


def test_every_cookie_the_storefront_sets_is_on_the_privacy_page_and_none_needs_consent():
    # Given a visitor who browses, fills a cart, changes language and currency, signs in and checks out
    shop = approved_vendor()
    piece = buyable(shop, title="Geantă Kelly 28")
    customer(email="ana@example.ro")
    client = Client(enforce_csrf_checks=False)
    seen: set[str] = set()

    def visit(method, url, data=None):
        response = getattr(client, method)(url, data or {})
        seen.update(response.cookies.keys())
        return response

    visit("get", reverse("home"))
    visit("get", reverse("product_list"))
    visit("get", reverse("product_detail", args=[piece.pk]))
    visit("post", reverse("add_to_cart", args=[piece.pk]))
    visit("get", reverse("cart"))
    visit("post", reverse("set_language"), {"language": "en", "next": "/"})
    visit("post", reverse("set_language"), {"language": "ro", "next": "/"})
    visit("post", reverse("display_currency"), {"currency": "EUR", "next": "/"})
    visit("get", reverse("login"))
    visit("post", reverse("login"), {"email": "ana@example.ro", "password": PASSWORD})
    visit("get", reverse("checkout"))
    visit("get", reverse("customer_account"))
    visit("get", reverse("privacy"))
    # Then every cookie set is one the privacy page names (and the walk did meet the usual ones)
    assert {"sessionid", "csrftoken", "django_language", "display_currency", "messages"} <= seen
    assert seen <= cookie_names(), seen - cookie_names()
    page = client.get(reverse("privacy")).content.decode()
    for name in cookie_names():
        assert f"<code>{name}</code>" in page
    assert "nu vă cerem consimțământul" in page


def test_the_address_book_page_adds_changes_and_deletes_only_ones_own(client):
    ana, other = customer(), customer()
    client.force_login(ana)
    data = {"label": "Acasă", "name": "Ana Popescu", "phone": "0722 123 456", "address": "Str. Lăpușneanu 3",
            "city": "Iași", "county": "Iași", "postal_code": "700057"}
    assert client.post(reverse("address_book"), data).status_code == 302
    bad = client.post(reverse("address_book"), {**data, "county": "Atlantida", "postal_code": "12"})
    assert bad.status_code == 400 and "Alegeți județul din listă." in bad.content.decode()
    home = Address.objects.get(user=ana)
    assert home.is_default and home.phone == "+40722123456"
    client.post(reverse("address_book"), {**data, "label": "Birou", "address": "Bd. Eroilor 12", "city": "Cluj-Napoca",
                                          "county": "Cluj", "postal_code": "400129", "is_default": "on"})
    office = Address.objects.get(user=ana, label="Birou")
    home.refresh_from_db()
    assert office.is_default and not home.is_default
    page = client.get(reverse("address_book")).content.decode()
    assert "Str. Lăpușneanu 3" in page and "Bd. Eroilor 12" in page
    # another buyer cannot see, change or delete them
    client.force_login(other)
    assert client.get(reverse("address_edit", args=[home.pk])).status_code == 404
    assert client.post(reverse("address_delete", args=[home.pk])).status_code == 404
    assert client.post(reverse("address_default", args=[home.pk])).status_code == 404
    # deleting the default makes the other one the default
    client.force_login(ana)
    client.post(reverse("address_delete", args=[office.pk]))
    home.refresh_from_db()
    assert home.is_default and Address.objects.filter(user=ana).count() == 1


def test_the_address_api_lists_creates_and_refuses_bad_input(client):
    ana = customer()
    client.force_login(ana)
    url = "/pwa/api/customers/addresses"
    body = {"name": "Ana Popescu", "phone": "0722123456", "address": "Str. Lăpușneanu 3", "city": "Iași",
            "county": "Iași", "postal_code": "700057"}
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["is_default"] is True
    refused = client.post(url, {**body, "county": "Iasi"}, content_type="application/json")
    assert refused.status_code == 400 and "county" in refused.json()["fields"]
    assert [a["address"] for a in client.get(url).json()] == ["Str. Lăpușneanu 3"]
    client.force_login(customer())
    assert client.get(url).json() == []
    assert client.delete(f"{url}/{created.json()['id']}").status_code == 404


def test_the_address_list_costs_the_same_queries_for_1_and_20_addresses(client, django_assert_max_num_queries):
    ana = customer()
    client.force_login(ana)
    Address.objects.create(user=ana, name="A", phone="+40722123456", address="Str. 1", city="Iași", county="Iași",
                           postal_code="700057", is_default=True)
    with django_assert_max_num_queries(8) as one:
        client.get("/pwa/api/customers/addresses")
    Address.objects.bulk_create([
        Address(user=ana, name="A", phone="+40722123456", address=f"Str. {n}", city="Iași", county="Iași", postal_code="700057")
        for n in range(2, 21)
    ])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/pwa/api/customers/addresses").json()) == 20
