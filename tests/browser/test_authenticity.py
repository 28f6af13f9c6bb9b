"""A guest asks for an authentication on a phone (issue 16).

Headless Debian Chromium at 390×844, Romanian, CSP watched (tests/browser/support.py). Given a
brand in the catalogue, when a guest opens /authenticity/, picks the category (its photo guide
opens), chooses three photos from the camera input and sends the request, then the page asks
them to check their e-mail; the e-mailed link confirms the request and lands on its status page.
"""

import re

import pytest
from django.core import mail

from marketplace.authenticity.models import AuthenticationRequest
from tests.browser.support import needs_chromium
from tests.factories import catalogue, jpeg_bytes

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}


def test_a_guest_requests_an_authentication_on_a_phone(browser, live_server):
    brand = catalogue()["brand"]
    context = browser.new_context(viewport=PHONE, locale="ro-RO", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/authenticity/")
    assert page.locator("h1").inner_text() == "Autentificați o piesă"
    # nothing wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.fill("#id_email", "oaspete@example.com")
    page.select_option("#id_brand", str(brand.pk))
    page.select_option("#id_category", "bags")
    assert page.locator('[data-guide="bags"]').evaluate("d => d.open")
    page.fill("#id_model_name", "Birkin 30")
    files = [{"name": f"p{i}.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(colour=(40 * i, 20, 20))} for i in range(3)]
    page.set_input_files("#id_photos", files)
    assert "3" in page.locator("[data-photo-count]").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Trimiteți cererea").click()

    assert page.locator("[data-auth-sent] h1").inner_text() == "Verificați-vă e-mailul"
    request = AuthenticationRequest.objects.get()
    assert request.status == "unconfirmed" and request.photos.count() == 3
    link = re.search(r"https?://\S+(/authenticity/confirm/\S+/)", mail.outbox[-1].body).group(1)

    page.goto(f"{live_server.url}{link}")
    assert page.locator("[data-auth-status]").get_attribute("data-auth-status") == "pending"
    assert "În evaluare" in page.content()
    context.close()
