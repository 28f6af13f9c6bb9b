import pytest
from django.apps import apps
from django.core.management import call_command

from backoffice.roles import CUSTOMER, SHOP_MANAGER, SUPPORT_AGENT
from marketplace.accounts.models import User
from marketplace.products.models import Brand, Category, SizeChart
from marketplace.vendors.models import VendorProfile

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row of every model, every field: what 'changes nothing' is measured against."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin"}:
            continue
        state[model._meta.label] = sorted(
            (tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()),
        )
    return state


def test_seed_demo_loads_the_catalogue_skeleton_and_accounts():
    call_command("seed_demo", verbosity=0)
    roots = set(Category.objects.filter(parent=None).values_list("slug", flat=True))
    assert {"genti", "incaltaminte", "imbracaminte", "accesorii", "bijuterii", "ceasuri"} == roots
    assert Category.objects.get(slug="ceasuri").subcategories.exists()
    assert Brand.objects.filter(name="Hermès").exists()
    women = SizeChart.objects.get(slug="incaltaminte-femei").sizes.get(eu="38")
    assert (women.uk, women.us) == ("5", "8")
    assert VendorProfile.objects.filter(status="approved").count() == 2
    assert User.objects.get(email="manager@snobistic.ro").has_role(SHOP_MANAGER)
    assert User.objects.get(email="suport@snobistic.ro").has_role(SUPPORT_AGENT)
    assert User.objects.get(email="ana@snobistic.ro").has_role(CUSTOMER)
    assert User.objects.get(email="admin@snobistic.ro").is_superuser


def test_seed_demo_twice_changes_nothing_the_second_time():
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first


def test_demo_passwords_are_printed_only_in_debug(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert settings.DEMO_PASSWORD not in capsys.readouterr().out
    settings.DEBUG = True
    call_command("seed_demo")
    assert settings.DEMO_PASSWORD in capsys.readouterr().out
