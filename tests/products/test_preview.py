"""Issue 18: ``products.view_unpublished_product`` lets staff preview a listing on the storefront before
it is public, under a "preview — not published" banner; everybody else gets 404, per role."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from marketplace.administration.roles import ADMIN, SHOP_MANAGER, SUPPORT_AGENT
from marketplace.products.models import ListingStatus
from tests.factories import UserFactory, approved_vendor, catalogue, customer, login_with_second_factor, store_product

pytestmark = pytest.mark.django_db

BANNER = "data-preview-banner"


@pytest.fixture
def shop():
    catalogue()
    return approved_vendor()


def open_page(client, user, product):
    if user is not None:
        login_with_second_factor(client, user)
    return client.get(reverse("product_detail", args=[product.pk]), HTTP_ACCEPT_LANGUAGE="ro")


@pytest.mark.parametrize("status", [ListingStatus.PENDING, ListingStatus.DRAFT, ListingStatus.REJECTED])
@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("buyer", False),
        ("owner vendor", False),
        ("staff without the permission", False),
        ("support agent", True),
        ("shop manager", True),
        ("admin", True),
    ],
)
def test_an_unpublished_listing_is_previewed_only_with_the_permission(client, shop, who, sees, status):
    product = store_product(shop, status=status)
    user = {
        "anonymous": lambda: None,
        "buyer": customer,
        "owner vendor": lambda: shop.user,
        "staff without the permission": lambda: UserFactory(is_staff=True),
        "support agent": lambda: UserFactory(roles=[SUPPORT_AGENT], is_staff=True),
        "shop manager": lambda: UserFactory(roles=[SHOP_MANAGER], is_staff=True),
        "admin": lambda: UserFactory(roles=[ADMIN], is_staff=True),
    }[who]()
    response = open_page(client, user, product)
    if not sees:
        assert response.status_code == 404
        assert BANNER not in response.content.decode()
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert BANNER in page and "Previzualizare — nepublicat" in page
    assert product.title in page
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert 'action="' + reverse("add_to_cart", args=[product.pk]) + '"' not in page  # nothing to buy
    assert "data-favorite" not in page and "data-ask-seller" not in page and '<p class="alert">Vândut</p>' not in page


def test_a_public_listing_shows_no_banner_even_to_staff(client, shop):
    product = store_product(shop, status=ListingStatus.VALIDATED)
    response = open_page(client, UserFactory(roles=[SHOP_MANAGER], is_staff=True), product)
    assert response.status_code == 200 and BANNER not in response.content.decode()
    assert "noindex" not in response.get("X-Robots-Tag", "")


def test_the_permission_alone_opens_the_preview_and_a_post_is_refused(client, shop):
    product = store_product(shop, status=ListingStatus.PENDING)
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_unpublished_product"))
    login_with_second_factor(client, user)
    assert client.get(reverse("product_detail", args=[product.pk])).status_code == 200
    assert client.post(reverse("product_detail", args=[product.pk]), {"action": "favorite"}).status_code == 404
    assert not user.favorites.exists() if hasattr(user, "favorites") else True


def test_a_missing_listing_is_404_for_staff_too(client, shop):
    login_with_second_factor(client, UserFactory(roles=[ADMIN], is_staff=True))
    assert client.get(reverse("product_detail", args=[987654])).status_code == 404


def test_the_review_page_links_to_the_preview_and_lists_the_details(client, shop):
    from marketplace.products.models import Attribute

    product = store_product(shop, status=ListingStatus.PENDING)
    Attribute.objects.create(product=product, name="Închidere", value="clapă")
    login_with_second_factor(client, UserFactory(roles=[SHOP_MANAGER], is_staff=True))
    page = client.get(reverse("validate_post", args=[product.pk]), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert f'href="{reverse("product_detail", args=[product.pk])}"' in page and "Previzualizare în magazin" in page
    assert "<dt data-attribute>Închidere</dt><dd>clapă</dd>" in page
