"""The ANAF registry adapter against recorded v9 answers, the cached look-up, and the checkout's API route:
found fills the invoice; not found, timeout, firewall page and the offline provider all leave manual entry."""

import json
from pathlib import Path

import pytest
import requests
import responses
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from marketplace.customers.company_registry import RegistryUnavailable, company_lookup
from marketplace.customers.company_registry.anaf import URL, AnafRegistry
from tests.factories import customer

RECORDED = Path(__file__).parent / "recorded" / "anaf"
API = "/pwa/api/customers/company"


def recorded(name: str):
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@responses.activate
def test_a_vat_payer_fills_name_address_county_and_the_ro_prefix():
    responses.post(URL, json=recorded("found_vat_payer.json"))
    record = AnafRegistry(timeout=1).lookup("18547290")
    assert record.name == "ATELIER LUX DESIGN S.R.L."
    assert record.vat_number == "RO18547290" and record.vat_payer
    assert record.registration_number == "J40/1234/2006"
    assert record.address == "Str. Paul Greene nr. 5, BL.2, SC.A, AP.4"
    assert record.city == "București, Sector 1"
    assert record.county == "București"
    assert record.postal_code == "011452"
    assert not record.inactive
    # what was asked: one CUI as a number, at today's date, as ANAF documents it
    sent = json.loads(responses.calls[0].request.body)
    assert sent == [{"cui": 18547290, "data": timezone.localdate().isoformat()}]


@responses.activate
def test_a_company_outside_vat_keeps_the_bare_cui_and_an_inactive_one_says_so():
    responses.post(URL, json=recorded("found_not_vat_payer_inactive.json"))
    record = AnafRegistry(timeout=1).lookup("36804251")
    assert record.vat_number == "36804251" and not record.vat_payer
    assert record.city == "Cluj-Napoca" and record.county == "Cluj"
    assert record.address == "Str. Memorandumului nr. 21"
    assert record.inactive


@responses.activate
def test_a_cui_anaf_does_not_know_is_none():
    responses.post(URL, json=recorded("not_found.json"))
    assert AnafRegistry(timeout=1).lookup("14399840") is None


@pytest.mark.parametrize("answer", [
    {"body": requests.exceptions.ConnectTimeout()},
    {"body": requests.exceptions.ReadTimeout()},
    {"body": requests.exceptions.ConnectionError()},
    {"status": 500, "body": "Internal Server Error"},
    {"status": 200, "body": (RECORDED / "waf_rejected.html").read_text(), "content_type": "text/html"},
    {"status": 200, "json": {"cod": 500, "message": "Eroare interna"}},
])
@responses.activate
def test_every_failure_of_the_registry_is_unavailable_never_a_crash(answer):
    responses.post(URL, **answer)
    with pytest.raises(RegistryUnavailable):
        AnafRegistry(timeout=1).lookup("18547290")


@pytest.mark.django_db
@override_settings(COMPANY_REGISTRY_PROVIDER="anaf")
@responses.activate
def test_lookups_are_cached_and_a_bad_check_digit_never_calls_anaf():
    responses.post(URL, json=recorded("found_vat_payer.json"))
    first = company_lookup("RO 18547290")
    second = company_lookup("18547290")
    assert first == second and len(responses.calls) == 1
    with pytest.raises(ValidationError):
        company_lookup("RO18547291")
    assert len(responses.calls) == 1


# --- the checkout's route ------------------------------------------------------------------
@pytest.fixture
def signed_in(client, db):
    client.force_login(customer())
    return client


@override_settings(COMPANY_REGISTRY_PROVIDER="anaf")
@responses.activate
def test_the_api_fills_the_invoice_fields(signed_in):
    responses.post(URL, json=recorded("found_vat_payer.json"))
    response = signed_in.get(API, {"cui": "RO18547290"})
    assert response.status_code == 200 and response.json()["status"] == "found"
    body = response.json()["company"]
    assert body["name"] == "ATELIER LUX DESIGN S.R.L." and body["county"] == "București"
    assert body["vat_number"] == "RO18547290" and body["registration_number"] == "J40/1234/2006"


@override_settings(COMPANY_REGISTRY_PROVIDER="anaf")
@responses.activate
def test_the_api_says_not_found_and_unavailable_so_the_buyer_types_it_in(signed_in):
    responses.post(URL, json=recorded("not_found.json"))
    response = signed_in.get(API, {"cui": "14399840"})
    assert response.status_code == 200 and response.json()["status"] == "not_found" and response.json()["company"] is None
    responses.replace(responses.POST, URL, body=requests.exceptions.ReadTimeout())
    response = signed_in.get(API, {"cui": "18547290"})
    # not an error of the request (no 5xx): the answer says so and the buyer types the company in
    assert response.status_code == 200 and response.json()["status"] == "unavailable"
    assert "de mână" in response.json()["message"]


def test_offline_provider_and_bad_input_and_no_session(client, signed_in):
    response = signed_in.get(API, {"cui": "18547290"})  # the suite's provider is offline
    assert response.status_code == 200 and response.json()["status"] == "unavailable"
    response = signed_in.get(API, {"cui": "12345"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_vat"
    signed_in.logout()
    assert client.get(API, {"cui": "18547290"}).status_code == 401


@override_settings(COMPANY_REGISTRY_PROVIDER="anaf", RATE_LIMITS={"company_lookup": (2, 600)})
@responses.activate
def test_lookups_are_rate_limited_per_buyer(signed_in):
    responses.post(URL, json=recorded("not_found.json"))
    codes = [signed_in.get(API, {"cui": "14399840"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
