"""The buyer's SMS page: ask for a code, confirm it, remove the number (signed in only)."""

import re

import pytest

from marketplace.notifications.models import SmsMessage, SmsPhone
from tests.factories import customer

pytestmark = pytest.mark.django_db


def test_a_buyer_confirms_a_number_from_the_page(client):
    assert client.get("/customers/sms/").status_code == 302  # sign in first
    buyer = customer()
    client.force_login(buyer)
    assert client.post("/customers/sms/", {"action": "send", "number": "abc"}).status_code == 400
    assert client.post("/customers/sms/", {"action": "send", "number": "0712 345 678"}).status_code == 302
    code = re.search(r"\b(\d{6})\b", SmsMessage.objects.get(kind="phone_code").text).group(1)  # queued after commit
    page = client.get("/customers/sms/").content.decode()
    assert 'name="code"' in page
    phone = SmsPhone.objects.get(user=buyer)
    assert phone.number == "+40712345678" and phone.confirmed_at is None
    assert client.post("/customers/sms/", {"action": "confirm", "code": "abcdef"}).status_code == 400
    assert client.post("/customers/sms/", {"action": "confirm", "code": code}).status_code == 302
    assert "+40712345678" in client.get("/customers/sms/").content.decode()
    assert SmsPhone.objects.get(user=buyer).confirmed_at is not None
    assert client.post("/customers/sms/", {"action": "remove"}).status_code == 302
    assert not SmsPhone.objects.filter(user=buyer).exists()
