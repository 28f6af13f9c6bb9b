"""The Content-Security-Policy is enforced: our scripts run, injected markup does not.

Given the storefront and the two back offices, when they are opened in Chromium, then pages work
with the policy on (any violation fails the test through the shared ``browser`` fixture), and markup
an attacker manages to inject into a page (an ``onerror=`` handler, a ``<script>`` without the
nonce) is refused by the browser.
"""

import re

import pytest
from django.urls import reverse

from tests.browser.pages import signed_in, staff_admin, vendor_owner
from tests.browser.support import needs_chromium
from tests.factories import approved_vendor, login_with_second_factor, store_product

NONCE = re.compile(r"'nonce-([^']+)'")


def _directives(header: str) -> dict:
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.mark.django_db
def test_storefront_pages_carry_an_enforced_policy_whose_nonce_is_on_every_script(client):
    product = store_product(approved_vendor(), status="validated", title="Geantă Kelly 28")
    for url in ("/", "/products/", f"/products/{product.pk}/", reverse("login"), reverse("cart")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy-Report-Only" not in response.headers
        policy = _directives(response.headers["Content-Security-Policy"])
        nonce = NONCE.search(" ".join(policy["script-src"])).group(1)
        assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"], url
        assert policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert {"ws:", "wss:"} <= set(policy["connect-src"])  # live bids over websockets
        assert "https://checkout.stripe.com" in policy["form-action"]  # checkout redirects to Stripe
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts, url
        assert all(f'nonce="{nonce}"' in tag for tag in scripts), (url, scripts)
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handler
        assert not re.search(r"\sstyle=", html), url  # no inline style


@pytest.mark.django_db
def test_back_offices_allow_alpine_but_still_only_our_scripts(client):
    login_with_second_factor(client, staff_admin())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"][0] == "'self'" and "'unsafe-eval'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    # the storefront keeps the strict policy
    assert "'unsafe-eval'" not in client.get("/").headers["Content-Security-Policy"]


INJECT = """() => {
    document.body.insertAdjacentHTML("beforeend", '<img src="/static/images/logo.svg" onload="window.pwned = 1">');
    const script = document.createElement("script");
    script.textContent = "window.pwned = 2";
    document.body.append(script);
}"""


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_markup_injected_into_a_page_does_not_run_and_the_guard_reports_it(browser, live_server, csp_watch):
    product = store_product(approved_vendor(), status="validated", title="Geantă Kelly 28")
    page = signed_in(browser, live_server).new_page()
    page.goto(f"{live_server.url}/products/{product.pk}/")
    page.evaluate(INJECT)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.pwned") is None
    refused = {violation.get("directive") for violation in csp_watch.violations}
    assert {"script-src-attr", "script-src-elem"} <= refused, csp_watch.violations
    csp_watch.violations.clear()  # expected here; any other test fails on them

    # the same in the staff back office, whose policy is looser for Alpine only
    admin = signed_in(browser, live_server, staff_admin(), two_factor=True).new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.evaluate(INJECT)
    admin.wait_for_timeout(300)
    assert admin.evaluate("() => window.pwned") is None
    assert {"script-src-attr", "script-src-elem"} <= {v.get("directive") for v in csp_watch.violations}
    csp_watch.violations.clear()


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_back_offices_work_under_the_policy(browser, live_server):
    product = store_product(approved_vendor(), status="pending", title="Geantă Kelly 28")
    admin = signed_in(browser, live_server, staff_admin(), two_factor=True).new_page()
    for path in (
        reverse("admin:index"),
        reverse("admin:products_product_changelist"),
        reverse("admin:products_product_change", args=[product.pk]),
    ):
        response = admin.goto(f"{live_server.url}{path}")
        assert response.status == 200 and response.url.endswith(path)
        # Alpine evaluated the page's x-data (it needs 'unsafe-eval'): the theme switcher is bound
        admin.wait_for_function("() => window.Alpine !== undefined && document.documentElement._x_dataStack !== undefined")
    vendor = signed_in(browser, live_server, vendor_owner(), two_factor=True).new_page()
    for path in (reverse("vendors:index"), reverse("vendors:products_product_changelist"), reverse("product_add_step1")):
        response = vendor.goto(f"{live_server.url}{path}")
        assert response.status == 200 and response.url.endswith(path)
        vendor.wait_for_function("() => window.Alpine !== undefined && document.documentElement._x_dataStack !== undefined")
