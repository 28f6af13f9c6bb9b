"""New accounts get the Customer role in one place: ``account_created``, called by every door that opens one."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from marketplace.accounts import services
from marketplace.accounts.models import User
from marketplace.administration.roles import CUSTOMER
from storefront import account_adapters as adapters
from storefront.management.commands import seed_demo
from tests.accounts.test_social import google_callback, providers  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def created(monkeypatch):
    """The e-mails of the accounts that went through the hook (which still does its work)."""
    seen: list[str] = []
    real = services.account_created

    def spy(*, user):
        seen.append(user.email)
        real(user=user)

    monkeypatch.setattr(services, "account_created", spy)
    monkeypatch.setattr(adapters, "account_created", spy)
    monkeypatch.setattr(seed_demo, "account_created", spy)
    return seen


def test_the_hook_gives_the_customer_role():
    user = services.user_create(email="nou@example.com", password=None)
    assert not user.has_role(CUSTOMER)
    services.account_created(user=user)
    assert User.objects.get(pk=user.pk).has_role(CUSTOMER)


def test_sign_up_goes_through_the_hook(created):
    request = RequestFactory().post("/")
    request.LANGUAGE_CODE = "ro"
    request.session = {}
    user = services.account_register(request=request, email="ana@example.com", password="o-parola-lunga-2026")
    assert created == ["ana@example.com"] and user.has_role(CUSTOMER)


def test_social_sign_up_goes_through_the_hook(client, providers, monkeypatch, created):  # noqa: F811
    google_callback(client, monkeypatch)
    assert created == ["ioana.google@gmail.com"]
    assert User.objects.get(email="ioana.google@gmail.com").has_role(CUSTOMER)


def test_the_demo_seed_goes_through_the_hook_for_buyers_and_vendors(created):
    call_command("seed_demo", verbosity=0)
    buyers = User.objects.filter(is_staff=False)
    assert set(created) == set(buyers.values_list("email", flat=True)) and created
    assert all(user.has_role(CUSTOMER) for user in buyers)
