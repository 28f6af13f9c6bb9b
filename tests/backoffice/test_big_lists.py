"""Changelists over big tables count at most 10,000 rows and estimate beyond (issue 20)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from backoffice import big_lists
from backoffice.big_lists import EstimatedCountPaginator
from backoffice.sites import vendor_site
from marketplace.orders.models import Order, Shipment
from marketplace.products.models import Product
from tests.factories import approved_vendor, login_with_second_factor, shop_manager, store_product

pytestmark = pytest.mark.django_db


def test_small_lists_are_counted_exactly(monkeypatch):
    vendor = approved_vendor()
    for n in range(5):
        store_product(vendor, title=f"Geantă {n}")
    monkeypatch.setattr(big_lists, "EXACT_UP_TO", 10)
    paginator = EstimatedCountPaginator(Product.objects.order_by("pk"), 2)
    assert paginator.count == 5 and paginator.num_pages == 3 and paginator.estimated is False


def test_past_the_bound_the_planner_estimates_on_postgresql(monkeypatch):
    vendor = approved_vendor()
    for n in range(6):
        store_product(vendor, title=f"Geantă {n}")
    monkeypatch.setattr(big_lists, "EXACT_UP_TO", 3)
    paginator = EstimatedCountPaginator(Product.objects.order_by("pk"), 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE products_product")
        assert paginator.estimated is False
        assert paginator.count >= 4 and paginator.estimated is True  # never less than the rows it did count
    else:  # no planner to ask: an exact count
        assert paginator.count == 6 and paginator.estimated is False


def test_the_big_lists_of_both_sites_use_it_and_skip_the_second_count():
    for site, model in ((admin.site, Product), (admin.site, Order), (vendor_site, Product), (vendor_site, Shipment)):
        model_admin = site._registry[model]
        assert model_admin.paginator is EstimatedCountPaginator and model_admin.show_full_result_count is False


def test_the_staff_listing_list_still_pages_and_filters(client):
    vendor = approved_vendor()
    for n in range(3):
        store_product(vendor, title=f"Geantă {n}", status="pending")
    store_product(vendor, title="Validată", status="validated")
    login_with_second_factor(client, shop_manager())
    page = client.get(reverse("admin:products_product_changelist"), {"status__exact": "pending"})
    assert page.status_code == 200 and page.context["cl"].result_count == 3
    assert page.context["cl"].full_result_count is None  # no second count of the whole table


def test_search_asks_each_column_and_keeps_rows_found_by_any(client):
    """Title, SKU, shop and brand are each asked on their own; every word must be found somewhere."""
    from marketplace.products.sku import sku_generate

    vendor = approved_vendor(shop_name="Atelier Lux")
    other = approved_vendor(shop_name="Casa Veche")
    kelly = store_product(vendor, title="Geantă Kelly 28")
    birkin = store_product(other, title="Geantă Birkin 30")
    store_product(other, title="Pantofi Chanel")
    code = sku_generate(product=birkin).code
    login_with_second_factor(client, shop_manager())
    url = reverse("admin:products_product_changelist")

    def found(term):
        return sorted(row.pk for row in client.get(url, {"q": term}).context["cl"].result_list)

    assert found("geantă") == sorted([kelly.pk, birkin.pk])
    assert found("Geantă lux") == [kelly.pk]  # "lux" only in the shop's name
    assert found(code.lower()) == [birkin.pk]
    assert found("hermès") == sorted(p.pk for p in Product.objects.all())  # the brand, on every piece
    assert found("geantă inexistent") == []


def test_the_vendor_list_searches_only_the_shops_own_pieces(client):
    vendor = approved_vendor()
    other = approved_vendor()
    mine = store_product(vendor, title="Geantă a mea")
    store_product(other, title="Geantă străină")
    login_with_second_factor(client, vendor.user)
    page = client.get(reverse("vendors:products_product_changelist"), {"q": "geantă"})
    assert [row.pk for row in page.context["cl"].result_list] == [mine.pk]


def test_the_shop_filter_is_typed_not_a_link_per_shop(client):
    vendor = approved_vendor(shop_name="Atelier Lux")
    mine = store_product(vendor, title="Geantă")
    store_product(approved_vendor(shop_name="Casa Veche"), title="Geantă")
    login_with_second_factor(client, shop_manager())
    page = client.get(reverse("admin:products_product_changelist"), {"shop": "lux"})
    assert [row.pk for row in page.context["cl"].result_list] == [mine.pk]
    assert page.context["cl"].date_hierarchy is None
    assert "Casa Veche" not in page.content.decode()  # no link per shop in the filter panel


def test_a_deep_page_reads_keys_first_and_keeps_the_order(monkeypatch):
    vendor = approved_vendor()
    made = [store_product(vendor, title=f"Geantă {n}").pk for n in range(7)]
    monkeypatch.setattr(big_lists, "DEEP_FROM", 2)
    ordered = Product.objects.order_by("-pk")
    paginator = EstimatedCountPaginator(ordered, 2)
    pages = [[row.pk for row in paginator.page(n)] for n in (1, 2, 3, 4)]
    assert pages == [made[::-1][0:2], made[::-1][2:4], made[::-1][4:6], made[::-1][6:7]]
