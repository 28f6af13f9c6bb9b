"""Roles changed in the staff admin's user form (its groups field) go through the role services."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory

from marketplace.accounts.models import User
from marketplace.administration import services as role_services
from marketplace.administration.models import Role
from marketplace.administration.roles import CUSTOMER, SUPPORT_AGENT
from tests.factories import customer, shop_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    seen = []
    assign, revoke = role_services.role_assign, role_services.role_revoke

    def spy_assign(*, user, slug):
        seen.append(("assign", slug))
        assign(user=user, slug=slug)

    def spy_revoke(*, user, slug):
        seen.append(("revoke", slug))
        revoke(user=user, slug=slug)

    monkeypatch.setattr(role_services, "role_assign", spy_assign)
    monkeypatch.setattr(role_services, "role_revoke", spy_revoke)
    return seen


def _save_groups(user, groups):
    model_admin = admin.site._registry[User]
    request = RequestFactory().post("/admin/")
    request.user = shop_manager()
    form_class = model_admin.get_form(request, user, change=True, fields=["email", "username", "groups"])
    form = form_class(
        data={"email": user.email, "username": user.username, "groups": [g.pk for g in groups]}, instance=user
    )
    assert form.is_valid(), form.errors
    form.save(commit=False)  # as the admin's change view does before save_model
    model_admin.save_model(request, form.instance, form, change=True)
    model_admin.save_related(request, form, [], change=True)


def test_groups_chosen_in_the_user_admin_become_role_service_calls(calls):
    user = customer()
    agent = Role.objects.get(slug=SUPPORT_AGENT).group
    _save_groups(user, [agent])
    assert calls == [("revoke", CUSTOMER), ("assign", SUPPORT_AGENT)]
    user = User.objects.get(pk=user.pk)
    assert user.has_role(SUPPORT_AGENT) and not user.has_role(CUSTOMER)


def test_an_unchanged_groups_field_calls_nothing(calls):
    user = customer()
    _save_groups(user, [Role.objects.get(slug=CUSTOMER).group])
    assert calls == []


def test_only_roles_groups_are_offered():
    stray = Group.objects.create(name="Fără rol")
    model_admin = admin.site._registry[User]
    request = RequestFactory().get("/admin/")
    request.user = shop_manager()
    field = model_admin.get_form(request, customer(), change=True).base_fields["groups"]
    assert stray not in field.queryset and field.queryset.count() == Role.objects.count()
