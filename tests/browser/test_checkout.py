"""Checkout on a phone (issue 19), as ana@snobistic.ro: headless Chromium at 390×844, Romanian, CSP watched.

Given Ana's default address in her address book and a 17,000-lei bag in her cart, the checkout opens
with the address filled in and the county chosen; company fields stay hidden until she picks
"company"; the CUI look-up fills the company from ANAF's registry (its recorded answer, served by
`responses` in this process, where the live server runs); a look-up of another CUI while ANAF times
out says to type it in by hand and leaves the fields as they are; the order is placed and the confirmation
page shows the summary and what happens next. Screenshots go to $SCREENSHOTS (default /tmp).
"""

import json
import os
from pathlib import Path

import pytest
import requests
import responses
from django.test import Client, override_settings

from marketplace.customers.addresses import AddressDetails, address_save
from marketplace.customers.company_registry.anaf import URL
from marketplace.orders.models import Order
from tests.browser.support import needs_chromium
from tests.storefront.conftest import public_piece

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp"))
RECORDED = Path(__file__).resolve().parents[1] / "customers" / "recorded" / "anaf"


@override_settings(COMPANY_REGISTRY_PROVIDER="anaf")
def test_ana_checks_out_as_a_company_on_a_phone(browser, live_server):
    from tests.factories import UserFactory, VendorFactory

    ana = UserFactory(email="ana@snobistic.ro", first_name="Ana", last_name="Popescu")
    vendor = VendorFactory(status="approved", shop_name="Maison Lux")
    bag = public_piece(vendor, title="Geantă Kelly 28", price="17000.00")
    address_save(user=ana, details=AddressDetails(
        label="Acasă", name="Ana Popescu", phone="0722123456", address="Str. Lăpușneanu 3", city="Iași", county="Iași",
        postal_code="700057"))
    client = Client()
    client.force_login(ana)
    assert client.post(f"/cart/add/{bag.pk}/").status_code == 302
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="ro-RO")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as anaf:
        anaf.add_passthru(live_server.url)
        anaf.post(URL, json=json.loads((RECORDED / "found_vat_payer.json").read_text(encoding="utf-8")))
        page.goto(f"{live_server.url}/cart/checkout/")
        assert page.locator("h1").inner_text() == "Finalizare comandă"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # the default address is filled in, county chosen from the list
        assert page.input_value("input[name=shipping_address]") == "Str. Lăpușneanu 3"
        assert page.input_value("select[name=shipping_county]") == "Iași"
        # company fields only for a company
        assert not page.locator("input[name=billing_vat_number]").is_visible()
        page.check("input[name=billing_type][value=company]")
        assert page.locator("input[name=billing_vat_number]").is_visible()
        page.fill("input[name=billing_vat_number]", "RO18547290")
        page.get_by_role("button", name="Căutați").click()
        page.wait_for_function("() => document.querySelector('[data-lookup-status]').dataset.kind === 'ok'")
        assert page.input_value("input[name=billing_name]") == "ATELIER LUX DESIGN S.R.L."
        assert page.input_value("select[name=billing_county]") == "București"
        assert page.input_value("input[name=billing_registration_number]") == "J40/1234/2006"
        page.locator(".invoice").screenshot(path=str(SHOTS / "checkout-company-390.png"))
        # ANAF stops answering: looking up another CUI tells the buyer to type it in, and nothing typed is lost
        anaf.replace(responses.POST, URL, body=requests.exceptions.ReadTimeout())
        page.fill("input[name=billing_vat_number]", "36804251")
        page.get_by_role("button", name="Căutați").click()
        page.wait_for_function("() => document.querySelector('[data-lookup-status]').dataset.kind === 'warn'")
        assert "completați de mână" in page.locator("[data-lookup-status]").inner_text()
        assert page.input_value("input[name=billing_name]") == "ATELIER LUX DESIGN S.R.L."
        assert len(anaf.calls) == 2
        page.fill("input[name=billing_vat_number]", "RO18547290")
    page.screenshot(path=str(SHOTS / "checkout-390.png"), full_page=True)

    page.check(f"input[name=delivery_{vendor.pk}][value=courier]")
    page.check("input[name=payment_method][value=cod]")
    page.check("input[name=terms]")
    with page.expect_navigation():
        page.get_by_role("button", name="Plasează comanda").click()
    order = Order.objects.get(buyer=ana)
    assert (order.billing_type, order.billing_vat_number, order.shipping_county) == ("company", "RO18547290", "Iași")
    assert page.locator("#next-heading").inner_text() == "Ce urmează"
    assert "Geantă Kelly 28" in page.locator("#summary-heading + h3 + ul").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "checkout-confirmation-390.png"), full_page=True)
    context.close()
