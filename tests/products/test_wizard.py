"""The vendor's six-step listing wizard, edit, delete, move to auction and SKU codes (vendor site)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.products.models import AuctionProduct, Category, ListingStatus, Product, SKUCode, StoreProduct
from marketplace.products.services import product_image_add, product_submit, product_validate
from tests.factories import (
    approved_vendor,
    catalogue,
    jpeg_bytes,
    login_with_second_factor,
    shop_manager,
    store_product,
)

pytestmark = pytest.mark.django_db


def step(n, product=None):
    url = reverse(f"product_add_step{n}")
    return f"{url}?product={product.pk}" if product else url


@pytest.fixture
def cat():
    data = catalogue()
    data["category"].preset_dimensions = ["length", "height", "handle_drop"]
    data["category"].save()
    data["size"].chart.categories.add(data["category"])
    return data


@pytest.fixture
def vendor_client(client):
    vendor = approved_vendor()
    login_with_second_factor(client, vendor.user)
    client.vendor = vendor
    return client


def general(cat, **overrides):
    data = {
        "title": "Geantă Kelly 28 Epsom", "category": cat["category"].pk, "subcategory": cat["subcategory"].pk,
        "brand": cat["brand"].pk, "product_type": "preloved", "condition": cat["condition"].pk,
    }
    return {**data, **overrides}


def formset(rows, total=3):
    data = {"form-TOTAL_FORMS": str(total), "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "8"}
    for i, (name, value) in enumerate(rows):
        data[f"form-{i}-name"], data[f"form-{i}-value"] = name, value
    return data


def test_wizard_end_to_end_refuses_bad_input_at_each_step_and_resumes_the_draft(vendor_client, cat, client):
    c = vendor_client
    other = Category.objects.create(slug="ceasuri", name="Ceasuri")
    foreign_sub = other.subcategories.create(slug="ceasuri-dama", name="Ceasuri damă")

    # Step 1: a title too short and a subcategory of another category are refused, nothing is made.
    bad = c.post(step(1), general(cat, title="Ge"))
    assert bad.status_code == 400 and "title" in bad.context["form"].errors
    bad = c.post(step(1), general(cat, subcategory=foreign_sub.pk))
    assert bad.status_code == 400 and "subcategory" in bad.context["form"].errors
    assert not Product.objects.exists()
    ok = c.post(step(1), general(cat))
    product = Product.objects.get()
    assert ok.status_code == 302 and ok["Location"] == step(2, product)
    assert product.status == ListingStatus.DRAFT and product.vendor == c.vendor and product.wizard_step == 2

    # A step not reached yet sends the vendor back to the one they are at.
    assert c.get(step(5, product))["Location"] == step(2, product)

    # Step 2: the category's preset measurements are the fields; a negative one is refused.
    page = c.get(step(2, product))
    assert {"size", "dim_length", "dim_height", "dim_handle_drop"} <= set(page.context["form"].fields)
    bad = c.post(step(2, product), {"size": cat["size"].pk, "dim_length": "-3"})
    assert bad.status_code == 400 and "dim_length" in bad.context["form"].errors
    ok = c.post(step(2, product), {"size": cat["size"].pk, "dim_length": "28", "dim_height": "22.5"})
    assert ok["Location"] == step(3, product)
    product.refresh_from_db()
    assert product.dimensions == {"length": "28.0", "height": "22.5"} and product.size == cat["size"]

    # Step 3: a measurement without a value, or the same name twice, is refused.
    bad = c.post(step(3, product), formset([("Lățime cataramă", "")]))
    assert bad.status_code == 400
    bad = c.post(step(3, product), formset([("Lanț", "40"), ("lanț", "41")]))
    assert bad.status_code == 400 and bad.context["form"].non_form_errors() or bad.context["form"].errors
    assert Product.objects.get(pk=product.pk).custom_dimensions == []
    assert c.post(step(3, product), formset([("Lungime lanț", "40")]))["Location"] == step(4, product)

    # The draft is resumed later, from the vendor's product list, in a new session.
    c.logout()
    login_with_second_factor(c, c.vendor.user)
    listing = c.get(reverse("vendors:products_product_changelist")).content.decode()
    assert step(4, product).replace("&", "&amp;") in listing

    # Step 4: an unknown material is refused.
    bad = c.post(step(4, product), {"material": 99999, "colour": "black"})
    assert bad.status_code == 400 and "material" in bad.context["form"].errors
    assert c.post(step(4, product), {"material": cat["material"].pk, "colour": "black"})["Location"] == step(5, product)

    # Step 5: a text file named .jpg and a missing description are refused; a real photo is kept.
    description = "Purtată de două ori, fără zgârieturi; vine cu dust bag și cutie originală."
    photo = SimpleUploadedFile("fata.jpg", jpeg_bytes(), content_type="image/jpeg")
    bad = c.post(step(5, product), {"description": "scurt", "photos": [photo]})
    assert bad.status_code == 400 and "description" in bad.context["form"].errors
    fake = SimpleUploadedFile("poza.jpg", b"not an image at all", content_type="image/jpeg")
    photo = SimpleUploadedFile("fata.jpg", jpeg_bytes(), content_type="image/jpeg")
    bad = c.post(step(5, product), {"description": description, "photos": [photo, fake]})
    assert bad.status_code == 400 and "poza.jpg" in bad.context["form"].errors["photos"][0]
    bad = c.post(step(5, product), {"description": description})
    assert bad.status_code == 400 and "photos" in bad.context["form"].errors
    assert not product.images.exists() and Product.objects.get(pk=product.pk).wizard_step == 5
    photo = SimpleUploadedFile("fata.jpg", jpeg_bytes(), content_type="image/jpeg")
    ok = c.post(step(5, product), {"description": description, "serial_number": "Z-2019", "photos": [photo]})
    assert ok["Location"] == step(6, product)
    assert product.images.count() == 1 and product.images.get().is_primary

    # Step 6: a zero price, and an auction with a duration that is not allowed, are refused.
    bad = c.post(step(6, product), {"kind": "store", "price": "0", "stock": "1"})
    assert bad.status_code == 400 and "price" in bad.context["form"].errors
    bad = c.post(step(6, product), {"kind": "auction", "starting_price": "1000", "duration_hours": "5"})
    assert bad.status_code == 400 and "duration_hours" in bad.context["form"].errors
    assert Product.objects.get(pk=product.pk).status == ListingStatus.DRAFT
    ok = c.post(step(6, product), {"kind": "store", "price": "8900", "stock": "1"})
    assert ok["Location"] == reverse("vendor_products")
    listing = StoreProduct.objects.get(pk=product.pk)
    assert listing.status == ListingStatus.PENDING and listing.price == Decimal("8900.00")
    assert SKUCode.objects.get(product=product).code.startswith("HERM-GEN-")


def test_auction_settings_in_step_six(vendor_client, cat):
    product = store_product(vendor_client.vendor, title="Geantă Lady Dior")
    Product.objects.filter(pk=product.pk).update(wizard_step=6)
    StoreProduct.objects.get(pk=product.pk).delete(keep_parents=True)  # a draft without a price yet
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    bad = vendor_client.post(step(6, product), {"kind": "auction", "starting_price": "2000", "reserve_price": "1500", "duration_hours": "72"})
    assert bad.status_code == 400 and "reserve_price" in bad.context["form"].errors
    ok = vendor_client.post(step(6, product), {"kind": "auction", "starting_price": "2000", "reserve_price": "3000",
                                               "bid_increment": "50", "duration_hours": "72"})
    assert ok.status_code == 302
    auction = AuctionProduct.objects.get(pk=product.pk)
    assert (auction.starting_price, auction.reserve_price, auction.duration_hours) == (Decimal("2000"), Decimal("3000"), 72)
    assert auction.status == ListingStatus.PENDING and not StoreProduct.objects.filter(pk=product.pk).exists()


def validated(vendor, **kwargs):
    product = store_product(vendor, **kwargs)
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    product_submit(product=product)
    return product_validate(product=product, actor=shop_manager())


def test_editing_a_validated_listings_description_or_price_sends_it_back_to_review(vendor_client, cat):
    product = validated(vendor_client.vendor)
    vendor_client.get(reverse("product_edit", args=[product.pk]))
    # the material step is not reviewed content: it stays public
    vendor_client.post(step(4, product), {"material": cat["material"].pk, "colour": "beige"})
    assert Product.objects.get(pk=product.pk).status == ListingStatus.VALIDATED
    vendor_client.post(step(6, product), {"kind": "store", "price": "999", "stock": "1"})
    assert Product.objects.get(pk=product.pk).status == ListingStatus.PENDING


def test_move_a_fixed_price_piece_to_auction_keeps_its_id_photos_and_sku(vendor_client, cat):
    product = validated(vendor_client.vendor)
    sku = SKUCode.objects.get(product=product).code
    bad = vendor_client.post(reverse("submit_to_auction", args=[product.pk]), {"starting_price": "", "duration_hours": "72"})
    assert bad.status_code == 400 and StoreProduct.objects.filter(pk=product.pk).exists()
    ok = vendor_client.post(reverse("submit_to_auction", args=[product.pk]), {"starting_price": "500", "duration_hours": "72"})
    assert ok.status_code == 302
    auction = AuctionProduct.objects.get(pk=product.pk)
    assert auction.status == ListingStatus.PENDING  # staff validate the auction again
    assert auction.images.count() == 1 and SKUCode.objects.get(product=product).code == sku


def test_delete_a_listing(vendor_client, cat):
    product = validated(vendor_client.vendor)
    confirm = vendor_client.get(reverse("product_delete", args=[product.pk]))
    assert confirm.status_code == 200
    assert vendor_client.post(reverse("product_delete", args=[product.pk])).status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()


def test_vendor_b_reaches_none_of_vendor_as_listings(vendor_client, cat):
    theirs = validated(approved_vendor(), title="Nu e al meu")
    c = vendor_client
    for n in (1, 2, 5, 6):
        assert c.get(step(n, theirs)).status_code == 404
        assert c.post(step(n, theirs), general(cat)).status_code == 404
    assert c.get(reverse("product_edit", args=[theirs.pk])).status_code == 404
    assert c.post(reverse("product_delete", args=[theirs.pk])).status_code == 404
    assert c.post(reverse("submit_to_auction", args=[theirs.pk]), {"starting_price": "5", "duration_hours": "72"}).status_code == 404
    image = theirs.images.get()
    mine = store_product(c.vendor, title="Al meu")
    assert c.post(step(5, mine), {"photo_action": "delete", "image": image.pk}).status_code == 404
    assert Product.objects.get(pk=theirs.pk).status == ListingStatus.VALIDATED and theirs.images.count() == 1
    assert StoreProduct.objects.filter(pk=theirs.pk).exists()


def test_sku_generation_on_demand_is_unique_and_only_for_own_drafts(vendor_client, cat):
    mine = [store_product(vendor_client.vendor, title=f"Eșarfă {i}") for i in range(3)]
    theirs = store_product(approved_vendor(), title="Eșarfă străină")
    page = vendor_client.get(reverse("sku_generation"))
    assert {p.pk for p in page.context["products"]} == {p.pk for p in mine}
    vendor_client.post(reverse("sku_generation"), {"product": [mine[0].pk, theirs.pk]})
    assert SKUCode.objects.filter(product=mine[0]).exists() and not SKUCode.objects.filter(product=theirs).exists()
    vendor_client.post(reverse("sku_generation"), {"all": "1"})
    codes = list(SKUCode.objects.filter(product__in=mine).values_list("code", flat=True))
    assert len(codes) == 3 == len(set(codes))
    assert sorted(codes) == ["HERM-GEN-000001", "HERM-GEN-000002", "HERM-GEN-000003"]


def test_non_vendors_are_kept_out_of_the_wizard(client, cat):
    assert client.get(step(1)).status_code == 302  # to the login
    login_with_second_factor(client, shop_manager())
    assert client.get(step(1)).status_code == 403
    assert client.post(step(1), general(cat)).status_code == 403
    assert not Product.objects.exists()


def test_a_bid_less_auction_goes_with_its_listing_but_a_bid_keeps_it(vendor_client, cat):
    from marketplace.auctions.models import Auction
    from marketplace.auctions.services import auction_place_bid
    from tests.factories import customer, live_auction

    quiet = live_auction(vendor_client.vendor)
    assert vendor_client.post(reverse("product_delete", args=[quiet.product_id])).status_code == 302
    assert not Product.objects.filter(pk=quiet.product_id).exists() and not Auction.objects.filter(pk=quiet.pk).exists()

    busy = live_auction(vendor_client.vendor, title="Geantă cu oferte")
    auction_place_bid(auction=busy, user=customer(), amount=Decimal("150"))
    response = vendor_client.post(reverse("product_delete", args=[busy.product_id]))
    assert response.status_code == 302 and Product.objects.filter(pk=busy.product_id).exists()
    assert vendor_client.get(step(1, busy.product)).status_code == 302  # no more editing either
    assert vendor_client.post(step(6, busy.product), {"kind": "store", "price": "10", "stock": "1"}).status_code == 302
    assert AuctionProduct.objects.filter(pk=busy.product_id).exists()


def test_an_auction_listing_sold_at_a_fixed_price_instead_drops_its_quiet_auction(vendor_client, cat):
    from marketplace.auctions.models import Auction
    from tests.factories import live_auction

    auction = live_auction(vendor_client.vendor)
    response = vendor_client.post(step(6, auction.product), {"kind": "store", "price": "900", "stock": "1"})
    assert response.status_code == 302
    assert StoreProduct.objects.get(pk=auction.product_id).status == ListingStatus.PENDING
    assert not Auction.objects.filter(pk=auction.pk).exists()


def test_a_sold_piece_can_no_longer_be_edited_moved_or_deleted(vendor_client, cat):
    from marketplace.orders.services import cart_add, cart_get, checkout_place
    from tests.factories import buyable, checkout_details, customer

    piece = buyable(vendor_client.vendor)
    buyer = customer()
    cart = cart_get(user=buyer, create=True)
    cart_add(cart=cart, product_id=piece.pk)
    checkout_place(buyer=buyer, cart=cart, details=checkout_details([vendor_client.vendor]))
    assert vendor_client.post(reverse("product_delete", args=[piece.pk])).status_code == 302
    assert vendor_client.post(reverse("submit_to_auction", args=[piece.pk]), {"starting_price": "5", "duration_hours": "72"}).status_code == 400
    assert vendor_client.post(step(5, piece), {"description": "x" * 40}).status_code == 302  # sent back to the list
    piece = StoreProduct.objects.get(pk=piece.pk)
    assert piece.description == "" and piece.status == ListingStatus.VALIDATED
