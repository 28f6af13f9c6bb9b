import pytest
from django.urls import reverse

from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_suspend
from tests.factories import PASSWORD, VendorFactory, approved_vendor, customer

pytestmark = pytest.mark.django_db


def login_to_vendor_site(client, email):
    return client.post(reverse("vendors:login"), {"username": email, "password": PASSWORD})


def test_an_approved_vendor_signs_in_and_sees_the_dashboard(client):
    vendor = approved_vendor(shop_name="Maison Test")
    response = login_to_vendor_site(client, vendor.user.email)
    assert response.status_code == 302
    dashboard = client.get(reverse("vendors:index"))
    assert dashboard.status_code == 200
    assert "Maison Test" in dashboard.content.decode()


@pytest.mark.parametrize("who", ["customer", "pending vendor", "suspended vendor"])
def test_others_are_refused_at_login_with_a_clear_reason(client, who):
    if who == "customer":
        user = customer()
        reason = "vânzători aprobați"
    elif who == "pending vendor":
        user = VendorFactory().user
        reason = "așteaptă aprobarea"
    else:
        vendor = approved_vendor()
        vendor_suspend(vendor=vendor, actor=None, reason="Documente expirate")
        user, reason = vendor.user, "Documente expirate"
    response = login_to_vendor_site(client, user.email)
    assert response.status_code == 200  # the form again, with the reason
    assert reason in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("who", ["customer", "pending vendor"])
def test_signed_in_non_vendors_get_a_refusal_page(client, who):
    user = customer() if who == "customer" else VendorFactory().user
    client.force_login(user)
    response = client.get(reverse("vendors:index"))
    assert response.status_code == 403
    assert "Nu puteți intra" in response.content.decode()
    assert client.get(reverse("vendors:vendors_vendorprofile_changelist")).status_code == 403


def test_staff_without_a_shop_is_refused_too(client):
    from tests.factories import shop_manager

    client.force_login(shop_manager())
    assert client.get(reverse("vendors:index")).status_code == 403


def test_vendor_changelist_holds_only_their_own_rows_both_ways(client):
    first, second = approved_vendor(shop_name="Prima"), approved_vendor(shop_name="Secunda")
    for me, other in [(first, second), (second, first)]:
        client.force_login(me.user)
        response = client.get(reverse("vendors:vendors_vendorprofile_changelist"))
        assert response.status_code == 200
        shown = list(response.context["cl"].queryset)
        assert shown == [me]
        assert other.shop_name not in response.content.decode()
        # another vendor's row by id: as if it did not exist
        foreign = client.get(reverse("vendors:vendors_vendorprofile_change", args=[other.pk]))
        assert foreign.status_code == 302
        assert client.get(reverse("vendors:vendors_vendorprofile_change", args=[me.pk])).status_code == 200


def test_a_vendor_edits_description_and_iban_but_not_legal_data(client):
    vendor = approved_vendor(shop_name="Atelier")
    client.force_login(vendor.user)
    url = reverse("vendors:vendors_vendorprofile_change", args=[vendor.pk])
    response = client.post(
        url,
        {"description": "Piese noi în fiecare săptămână.", "iban": "RO49 AAAA 1B31 0075 9384 0000", "legal_name": "Altceva SRL"},
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.description == "Piese noi în fiecare săptămână."
    assert vendor.iban == "RO49AAAA1B31007593840000"
    assert vendor.legal_name == "Atelier SRL"

    bad = client.post(url, {"description": "x", "iban": "RO00BAD"})
    assert bad.status_code == 200
    assert "iban" in bad.context["adminform"].form.errors
    vendor.refresh_from_db()
    assert vendor.iban == "RO49AAAA1B31007593840000"


def test_a_vendor_cannot_add_or_delete_shops(client):
    vendor = approved_vendor()
    client.force_login(vendor.user)
    assert client.get(reverse("vendors:vendors_vendorprofile_add")).status_code == 403
    assert client.post(reverse("vendors:vendors_vendorprofile_delete", args=[vendor.pk]), {"post": "yes"}).status_code == 403
    assert VendorProfile.objects.filter(pk=vendor.pk).exists()
