"""Ana signs in on her phone (390×844, Romanian) with her password and a code texted to her confirmed number;
then her security page shows SMS chosen (axe finds no serious or critical problem there).

The SMS leaves through SMSLink.ro's adapter; the gateway's answer is the recorded one of
tests/notifications/test_sms.py (``responses`` intercepts the live server's thread too), so the
code is read from what the gateway was sent, as her phone would show it. Headless Debian
Chromium, CSP watched (tests/browser/support.py). Screenshots go to $SCREENSHOTS (or /tmp).
"""

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses

from marketplace.accounts.services import two_factor_code_channel_set
from marketplace.notifications.models import SmsMessage, SmsPhone
from marketplace.notifications.sms import SmsLinkProvider
from tests.browser.support import needs_chromium
from tests.browser.test_accessibility import axe_problems
from tests.factories import PASSWORD, customer

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp"))

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_ana_signs_in_with_a_texted_code(browser, live_server, csp_watch, settings):
    settings.SMS_PROVIDER, settings.SMSLINK_CONNECTION_ID, settings.SMSLINK_PASSWORD = "smslink", "conn-123", "secret"
    ana = customer(email="ana@snobistic.ro", first_name="Ana")
    SmsPhone.objects.create(user=ana, number="+40712345678", confirmed_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    two_factor_code_channel_set(user=ana, channel="sms")
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="ro-RO")
    page = context.new_page()
    with responses.RequestsMock(passthru_prefixes=(live_server.url,)) as gateway:
        gateway.post(SmsLinkProvider.endpoint, body="MESSAGE;1;Message sent;182937465,1")
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=email]", "ana@snobistic.ro")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_url("**/accounts/2fa/")
        send = page.locator("[data-send-code=sms]")
        assert send.text_content().strip() == "Trimiteți-mi codul prin SMS"
        send.click()
        page.wait_for_load_state()
        assert "Un cod este în drum prin SMS" in page.content()
        assert len(gateway.calls) == 1
        sent = parse_qs(gateway.calls[0].request.body)
    assert sent["to"] == ["0712345678"] and "codul dumneavoastră de autentificare" in sent["message"][0]
    code = re.search(r"\b(\d{6})\b", sent["message"][0]).group(1)
    page.screenshot(path=str(SHOTS / "sms-2fa-390.png"))
    page.fill("input[name=code]", code)
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url("**/accounts/profile/")
    assert SmsMessage.objects.get(user=ana, kind="two_factor_code").text == "[code]"
    # the security page, verified now: the choice of e-mail or SMS, and the fresh-code page; no axe blocker
    page.goto(f"{live_server.url}/accounts/2fa/setup/")
    assert page.locator("input[name=channel][value=sms]").is_checked()
    assert "+40712345678" in page.locator("[data-code-channel]").text_content()
    page.screenshot(path=str(SHOTS / "sms-2fa-setup-390.png"), full_page=True)
    problems = axe_problems(page)
    page.goto(f"{live_server.url}/accounts/2fa/code/")
    problems += axe_problems(page)
    assert problems == []
    context.close()
