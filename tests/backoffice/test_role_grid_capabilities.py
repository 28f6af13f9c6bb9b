"""The roles grid speaks a shop manager's language (issue 11, item 3): permissions grouped by
capability, labelled in Romanian (Django's English name and code second), with a search."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from marketplace.administration.selectors import permissions_for_grid
from tests.browser.pages import signed_in, staff_admin
from tests.browser.support import needs_chromium
from tests.factories import UserFactory, login_with_second_factor


@pytest.mark.django_db
def test_the_grid_is_grouped_by_capability_with_romanian_labels(client):
    login_with_second_factor(client, UserFactory(roles=["admin"], is_staff=True))
    response = client.get(reverse("role_management"))
    assert response.status_code == 200
    groups = response.context["groups"]
    # every permission of the grid is there once, none lost to the grouping
    shown = [row["perm"].pk for _capability, rows in groups for row in rows]
    assert sorted(shown) == sorted(permissions_for_grid().values_list("pk", flat=True))
    labels = {capability.key: str(capability.label) for capability, _rows in groups}
    assert labels["orders"] == "Comenzi, plăți și facturi" and labels["shops"] == "Magazine și vânzători"
    by_code = {row["code"]: (capability.key, row["label"]) for capability, rows in groups for row in rows}
    assert by_code["vendors.approve_vendor"] == ("shops", "Poate aproba sau suspenda vânzători")
    assert by_code["orders.view_order"] == ("orders", "Vizualizare: comenzi")
    assert by_code["products.change_brand"][0] == "catalogue"
    # no row of our own apps is labelled with Django's raw English name
    ours = ("accounts", "vendors", "products", "auctions", "orders", "customers", "notifications", "administration")
    english = [
        row["code"] for _capability, rows in groups for row in rows
        if row["code"].split(".")[0] in ours and row["label"] == row["perm"].name
    ]
    assert english == []
    body = response.content.decode()
    assert "Vizualizare: comenzi" in body and 'lang="en">orders.view_order' in body
    assert 'data-role-grid-search' in body
    assert "Can view order" not in body.split("data-search=")[0]  # headings and labels come before any raw name


@pytest.mark.django_db
def test_english_labels_in_english(client):
    login_with_second_factor(client, UserFactory(roles=["admin"], is_staff=True))
    client.cookies["django_language"] = "en"
    response = client.get(reverse("role_management"), HTTP_ACCEPT_LANGUAGE="en")
    rows = {row["code"]: row["label"] for _c, rs in response.context["groups"] for row in rs}
    assert rows["orders.view_order"] == "See: orders"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@needs_chromium
def test_the_search_narrows_the_grid_and_saving_keeps_hidden_rows(browser, live_server):
    admin = staff_admin()
    page = signed_in(browser, live_server, admin, two_factor=True).new_page()
    page.goto(f"{live_server.url}{reverse('role_management')}")
    rows = page.locator("[data-permission-row]")
    total = rows.count()
    assert total > 100
    # typing without diacritics finds the Romanian label
    page.fill("[data-role-grid-search]", "aproba vanzatori")
    visible = page.locator("[data-permission-row]:not([hidden])")
    assert visible.count() == 1
    assert "Poate aproba sau suspenda vânzători" in visible.first.inner_text()
    assert page.locator("tbody[data-capability='orders']").is_hidden()
    page.fill("[data-role-grid-search]", "nimic-asemanator")
    assert page.locator("[data-role-grid-empty]").is_visible()
    # saving with a filter on keeps every role's permissions (hidden boxes are still submitted)
    page.fill("[data-role-grid-search]", "comenzi")
    from marketplace.administration.models import Role

    before = {role.pk: set(role.permissions.values_list("pk", flat=True)) for role in Role.objects.all()}
    with page.expect_navigation():
        page.click("[data-role-grid] button[type=submit]")
    assert {role.pk: set(role.permissions.values_list("pk", flat=True)) for role in Role.objects.all()} == before
    assert Permission.objects.exists()
