"""The OpenAPI schema generates without a warning, and its documentation page serves under the CSP."""

import pytest
from django.core.management import call_command


def test_the_openapi_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/users/login/", "/api/products/", "/api/auctions/{id}/place_bid/", "/api/cart/", "/api/orders/",
                 "/api/vendor-dashboard/", "/api/customer-profile/", "/api/settings/"):
        assert f"{path}:" in text, path
    assert "bearerAuth" in text


@pytest.mark.django_db
def test_the_documentation_page_uses_our_own_redoc_and_the_nonce(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "redoc.standalone.js" in page and 'nonce="' in page and "cdn" not in page.lower()
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
