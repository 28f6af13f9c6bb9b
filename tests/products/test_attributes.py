"""Issue 18: a listing's details (the seed's Attribute) are set in the vendor wizard and the staff admin,
by one set of rules, and shown on the product page and in the partner API."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.administration.roles import ADMIN
from marketplace.products.attributes import attributes_clean, attributes_parse, product_attributes_set
from marketplace.products.models import Attribute, ListingStatus, Product
from marketplace.products.services import product_image_add, product_submit, product_validate
from tests.factories import (
    UserFactory,
    approved_vendor,
    catalogue,
    jpeg_bytes,
    login_with_second_factor,
    shop_manager,
    store_product,
)

pytestmark = pytest.mark.django_db


def step4(product):
    return f"{reverse('product_add_step4')}?product={product.pk}"


def attribute_rows(rows, total=3):
    data = {"attr-TOTAL_FORMS": str(total), "attr-INITIAL_FORMS": "0", "attr-MIN_NUM_FORMS": "0", "attr-MAX_NUM_FORMS": "20"}
    for i, (name, value) in enumerate(rows):
        data[f"attr-{i}-name"], data[f"attr-{i}-value"] = name, value
    return data


@pytest.fixture
def cat():
    return catalogue()


@pytest.fixture
def vendor_client(client):
    vendor = approved_vendor()
    login_with_second_factor(client, vendor.user)
    client.vendor = vendor
    return client


def validated(vendor):
    product = store_product(vendor)
    product_image_add(product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"))
    product_submit(product=product)
    return product_validate(product=product, actor=shop_manager())


# --- the rules ------------------------------------------------------------------------------------
def test_rules_drop_blank_rows_collapse_spaces_and_refuse_repeats_and_half_rows():
    assert attributes_clean([("  Închidere ", " clapă   cu turet"), ("", ""), ("Feronerie", "aurie")]) == [
        ("Închidere", "clapă cu turet"), ("Feronerie", "aurie"),
    ]
    with pytest.raises(ValidationError) as exc:
        attributes_clean([("Închidere", "clapă"), ("ÎNCHIDERE", "magnet"), ("Culoare", ""), ("", "roșu"), ("x" * 61, "y")])
    assert [e.code for e in exc.value.error_list] == ["duplicate", "required", "required", "max_length"]
    with pytest.raises(ValidationError) as exc:
        attributes_clean([(f"n{i}", "v") for i in range(21)])
    assert exc.value.error_list[0].code == "out_of_range"
    assert attributes_parse("Închidere=clapă; Feronerie: aurie\nȘtanțare=Z") == [
        ("Închidere", "clapă"), ("Feronerie", "aurie"), ("Ștanțare", "Z"),
    ]
    with pytest.raises(ValidationError) as exc:
        attributes_parse("doar text")
    assert exc.value.error_list[0].code == "format"


def test_setting_replaces_the_set_and_says_whether_it_changed(cat):
    product = store_product(approved_vendor())
    assert product_attributes_set(product=product, attributes=[("Închidere", "clapă"), ("Feronerie", "aurie")]) is True
    first = {a.name: a.pk for a in product.attributes.all()}
    assert product_attributes_set(product=product, attributes=[("Închidere", "clapă"), ("Feronerie", "aurie")]) is False
    assert product_attributes_set(product=product, attributes=[("Închidere", "magnet"), ("Căptușeală", "piele")]) is True
    kept = {a.name: (a.pk, a.value) for a in product.attributes.all()}
    assert kept == {"Închidere": (first["Închidere"], "magnet"), "Căptușeală": (kept["Căptușeală"][0], "piele")}


# --- the wizard (step 4) -------------------------------------------------------------------------
def test_the_wizard_sets_details_on_the_material_step(vendor_client, cat):
    product = store_product(vendor_client.vendor)
    Product.objects.filter(pk=product.pk).update(wizard_step=4)
    page = vendor_client.get(step4(product), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "data-attributes" in page and "Alte detalii (opțional)" in page
    data = {"material": cat["material"].pk, "colour": "black", **attribute_rows([("Închidere", "clapă cu turet"), ("Feronerie", "paladiu")])}
    response = vendor_client.post(step4(product), data)
    assert response.status_code == 302
    assert sorted(product.attributes.values_list("name", "value")) == [("Feronerie", "paladiu"), ("Închidere", "clapă cu turet")]
    # The page shows them again to be edited; an emptied row removes its detail.
    page = vendor_client.get(step4(product)).content.decode()
    assert 'value="clapă cu turet"' in page
    data = {"material": cat["material"].pk, "colour": "black", **attribute_rows([("Închidere", "clapă cu turet"), ("", "")])}
    vendor_client.post(step4(product), data)
    assert list(product.attributes.values_list("name", flat=True)) == ["Închidere"]


def test_the_wizard_refuses_a_repeated_detail_and_changes_nothing(vendor_client, cat):
    product = store_product(vendor_client.vendor)
    Product.objects.filter(pk=product.pk).update(wizard_step=4)
    data = {"material": cat["material"].pk, "colour": "beige", **attribute_rows([("Închidere", "clapă"), ("închidere", "magnet")])}
    response = vendor_client.post(step4(product), data, HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 400
    assert "„închidere” apare de două ori." in response.content.decode() or "apare de două ori" in response.content.decode()
    assert not Attribute.objects.exists()
    assert Product.objects.get(pk=product.pk).colour != "beige"  # the material step was rolled back too


def test_changing_a_validated_listings_details_sends_it_back_to_review(vendor_client, cat):
    product = validated(vendor_client.vendor)
    data = {"material": cat["material"].pk, "colour": "black"}
    vendor_client.post(step4(product), data)  # no details section posted: details untouched, still public
    assert Product.objects.get(pk=product.pk).status == ListingStatus.VALIDATED
    vendor_client.post(step4(product), {**data, **attribute_rows([("Închidere", "magnet")])})
    assert Product.objects.get(pk=product.pk).status == ListingStatus.PENDING


# --- the staff admin ------------------------------------------------------------------------------
def test_staff_set_details_in_the_product_admin_by_the_same_rules(client, cat):
    product = store_product(approved_vendor())
    login_with_second_factor(client, UserFactory(roles=[ADMIN], is_staff=True))
    url = reverse("admin:products_product_change", args=[product.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ro")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data = {k: v for k, v in data.items() if not isinstance(v, list)}
    prefix = "attributes"
    management = {f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "20"}
    bad = client.post(url, {**data, **management, f"{prefix}-0-name": "Închidere", f"{prefix}-0-value": "clapă",
                            f"{prefix}-1-name": "ÎNCHIDERE", f"{prefix}-1-value": "magnet"}, HTTP_ACCEPT_LANGUAGE="ro")
    assert bad.status_code == 200 and not Attribute.objects.exists()
    ok = client.post(url, {**data, **management, f"{prefix}-0-name": "Închidere", f"{prefix}-0-value": "clapă",
                           f"{prefix}-1-name": "Feronerie", f"{prefix}-1-value": "aurie"})
    assert ok.status_code == 302, ok.context["adminform"].form.errors if ok.context else ok
    assert sorted(product.attributes.values_list("name", flat=True)) == ["Feronerie", "Închidere"]


# --- where buyers and partners read them ----------------------------------------------------------
def test_the_product_page_shows_the_details(client, cat):
    product = validated(approved_vendor())
    product_attributes_set(product=product, attributes=[("Închidere", "clapă cu turet")], review=False)
    page = client.get(reverse("product_detail", args=[product.pk])).content.decode()
    assert "<dt data-attribute>Închidere</dt><dd>clapă cu turet</dd>" in page
