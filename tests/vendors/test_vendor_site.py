import pytest
from django.urls import reverse

from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_suspend
from tests.accounts.helpers import enrol_email_codes
from tests.factories import PASSWORD, VendorFactory, approved_vendor, customer, login_with_second_factor

pytestmark = pytest.mark.django_db


def sign_in(client, email):
    return client.post(reverse("login"), {"email": email, "password": PASSWORD})


def test_an_approved_vendor_signs_in_enrols_a_second_factor_and_sees_the_dashboard(client):
    vendor = approved_vendor(shop_name="Maison Test")
    assert client.get(reverse("vendors:index"), follow=True).redirect_chain[-1][0].startswith(reverse("login"))
    assert sign_in(client, vendor.user.email).status_code == 302
    enrol = client.get(reverse("vendors:index"))
    assert enrol.status_code == 302 and enrol["Location"].startswith(reverse("two_factor_setup"))
    enrol_email_codes(client, vendor.user)  # after typing the code e-mailed to the account
    dashboard = client.get(reverse("vendors:index"))
    assert dashboard.status_code == 200
    assert "Maison Test" in dashboard.content.decode()


@pytest.mark.parametrize("who", ["customer", "pending vendor", "suspended vendor"])
def test_others_are_refused_with_a_clear_reason(client, who):
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
    assert sign_in(client, user.email).status_code == 302
    response = client.get(reverse("vendors:index"))
    assert response.status_code == 403
    body = response.content.decode()
    assert reason in body and "Nu puteți intra" in body
    assert client.get(reverse("vendors:vendors_vendorprofile_changelist")).status_code == 403


def test_staff_without_a_shop_is_refused_too(client):
    from tests.factories import shop_manager

    login_with_second_factor(client, shop_manager())
    assert client.get(reverse("vendors:index")).status_code == 403


def test_vendor_changelist_holds_only_their_own_rows_both_ways(client):
    first, second = approved_vendor(shop_name="Prima"), approved_vendor(shop_name="Secunda")
    for me, other in [(first, second), (second, first)]:
        login_with_second_factor(client, me.user)
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
    device = login_with_second_factor(client, vendor.user)
    url = reverse("vendors:vendors_vendorprofile_change", args=[vendor.pk])
    # a new IBAN without a fresh second-factor code is refused (wallet: payouts guard)
    no_code = client.post(url, {"description": "Piese noi în fiecare săptămână.", "iban": "RO49 AAAA 1B31 0075 9384 0000"})
    assert no_code.status_code == 200
    assert "two_factor_code" in no_code.context["adminform"].form.errors
    vendor.refresh_from_db()
    assert vendor.iban == "RO16BTRLRONCRT0123456701"
    device.token_set.create(token="a1b2c3d4")
    response = client.post(
        url,
        {"description": "Piese noi în fiecare săptămână.", "iban": "RO49 AAAA 1B31 0075 9384 0000", "legal_name": "Altceva SRL",
         "two_factor_code": "a1b2c3d4"},
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
    login_with_second_factor(client, vendor.user)
    assert client.get(reverse("vendors:vendors_vendorprofile_add")).status_code == 403
    assert client.post(reverse("vendors:vendors_vendorprofile_delete", args=[vendor.pk]), {"post": "yes"}).status_code == 403
    assert VendorProfile.objects.filter(pk=vendor.pk).exists()
