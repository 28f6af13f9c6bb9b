"""The doors' one error table: every code the services raise has its status; NotFound is a 404 in every door;
a service's refusal lands on the right field of the form that asked for it."""

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from doors.errors import STATUS_BY_CODE, error_payload, error_status, form_add_service_error
from marketplace.common.errors import DomainError, NotFound
from marketplace.customers.services import saved_dimension_set
from tests.factories import approved_vendor, buyable, customer

DOMAIN = Path(__file__).resolve().parents[2] / "marketplace"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _is_courier(node: ast.ClassDef) -> bool:
    """A courier adapter's ``code`` names the courier ("sameday"), not an error."""
    return any(isinstance(base, ast.Name) and base.id.endswith("Courier") for base in node.bases)


def codes_the_domain_raises() -> set[str]:
    """Every literal ``code=...`` given to an error, and every ``code = ...`` of an error class, under marketplace/."""
    codes: set[str] = set()
    for path in DOMAIN.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                codes |= {k.value.value for k in node.keywords if k.arg == "code" and isinstance(k.value, ast.Constant)}
            elif isinstance(node, ast.ClassDef) and not _is_courier(node):
                for item in node.body:
                    if (
                        isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant)
                        and any(isinstance(t, ast.Name) and t.id == "code" for t in item.targets)
                    ):
                        codes.add(item.value.value)
    return {code for code in codes if isinstance(code, str)}


def test_the_table_has_a_status_for_every_code_the_services_raise():
    codes = codes_the_domain_raises()
    assert {"not_found", "below_minimum", "empty_cart", "invalid_quantity", "too_large"} <= codes  # the walk finds them
    assert sorted(codes - set(STATUS_BY_CODE)) == []


@pytest.mark.parametrize(
    ("code", "status"),
    [("not_found", 404), ("login_required", 401), ("own_lot", 403), ("below_minimum", 409), ("empty_cart", 400), ("?", 400)],
)
def test_a_code_has_one_status(code, status):
    assert error_status(code) == status


def test_one_payload_for_a_validation_error_and_a_domain_error():
    assert error_payload(ValidationError("Too low.", code="below_minimum")) == (
        409, {"code": "below_minimum", "message": "Too low.", "fields": {}}
    )
    status, body = error_payload(ValidationError({"quantity": ValidationError("Only 1 left.", code="invalid_quantity")}))
    assert (status, body) == (400, {"code": "invalid_quantity", "message": "Only 1 left.", "fields": {"quantity": ["Only 1 left."]}})
    assert error_payload(NotFound()) == (404, {"code": "not_found", "message": "Not found.", "fields": {}})
    assert error_payload(DomainError("No.", code="not_yours", fields={"shop": "Not yours."}))[1]["fields"] == {"shop": ["Not yours."]}


@pytest.mark.django_db
def test_not_found_is_the_api_json_404_and_the_pages_404_page(client):
    client.force_login(customer())
    api = client.get("/pwa/api/orders/999999")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
    assert api.json()["code"] == "not_found" and api.json()["fields"] == {}
    page = client.get("/cart/orders/999999/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


class SizeForm(forms.Form):
    system = forms.CharField(required=False)
    note = forms.CharField(required=False)


@pytest.mark.django_db
def test_a_service_refusal_lands_on_the_field_it_names():
    form = SizeForm(data={"system": "XX"})
    assert form.is_valid()
    with pytest.raises(ValidationError) as refused:
        saved_dimension_set(user=None, category=None, size=None, system="XX")
    form_add_service_error(form, refused.value)
    assert list(form.errors) == ["system"] and form.errors["system"] == ["Unknown size system."]


def test_what_names_no_field_of_the_form_goes_above_it():
    form = SizeForm(data={})
    assert form.is_valid()
    form_add_service_error(form, ValidationError({"quantity": "Only 1 left.", "note": "Too long."}))
    form_add_service_error(form, ValidationError("The cart is empty.", code="empty_cart"))
    form_add_service_error(form, NotFound())
    assert form.errors["note"] == ["Too long."]
    assert form.non_field_errors() == ["Only 1 left.", "The cart is empty.", "Not found."]


def test_a_page_may_put_a_refusal_of_the_whole_input_on_that_input():
    form = SizeForm(data={})
    assert form.is_valid()
    form_add_service_error(form, ValidationError("Not a spreadsheet.", code="format"), default_field="note")
    assert form.errors == {"note": ["Not a spreadsheet."]}


@pytest.mark.django_db
@pytest.mark.parametrize(("product_id", "status", "code"), [(999999, 404, "not_found"), ("sold", 400, "unavailable")])
def test_the_cart_page_and_the_api_answer_a_refusal_alike(client, product_id, status, code):
    if product_id == "sold":
        product_id = buyable(approved_vendor(), stock=0).pk
    page = client.post(reverse("add_to_cart", args=[product_id]), HTTP_ACCEPT="application/json")
    api = client.post("/pwa/api/cart/items", {"product_id": product_id}, content_type="application/json")
    assert (page.status_code, page.json()["code"]) == (api.status_code, api.json()["code"]) == (status, code)
    assert page.json() == api.json()
