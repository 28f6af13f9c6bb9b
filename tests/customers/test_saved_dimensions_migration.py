"""The sizes kept in UserProfile.saved_dimensions (JSON) become SavedDimension rows before the field goes."""

import pytest
from django.db import connection

from marketplace.customers.models import SavedDimension
from tests.migration_steps import migrate, migrate_to_latest, reset_sequences, targets_before

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW = [("customers", "0002_saved_dimensions_from_profiles")]


def test_saved_sizes_move_from_the_profile_json_into_rows():
    reset_sequences()
    old = migrate(targets_before(*NEW))
    Category = old.get_model("products", "Category")
    SizeChart = old.get_model("products", "SizeChart")
    Size = old.get_model("products", "Size")
    User = old.get_model("accounts", "User")
    UserProfile = old.get_model("accounts", "UserProfile")
    shoes = Category.objects.create(name="Încălțăminte", slug="incaltaminte-m")
    dresses = Category.objects.create(name="Rochii", slug="rochii-m")
    shoe_chart = SizeChart.objects.create(name="Pantofi", slug="pantofi-m")
    shoe_chart.categories.add(shoes)
    dress_chart = SizeChart.objects.create(name="Rochii", slug="rochii-chart-m")
    dress_chart.categories.add(dresses)
    size_38 = Size.objects.create(chart=shoe_chart, position=1, eu="38", it="38", fr="39", us="7.5", uk="5")
    size_m = Size.objects.create(chart=dress_chart, position=1, eu="38", it="42", fr="38", us="6", uk="10")
    ana = User.objects.create(email="ana@example.ro", username="ana-m")
    dan = User.objects.create(email="dan@example.ro", username="dan-m")
    for user, sizes in [
        (ana, {"incaltaminte-m": {"system": "eu", "size": "38"}, "rochii-m": {"system": "it", "size": "42"},
               "nu-exista": {"system": "eu", "size": "40"}}),
        (dan, {"incaltaminte-m": "38", "rochii-m": {"system": "eu", "size": "99"}}),
    ]:
        UserProfile.objects.update_or_create(user=user, defaults={"saved_dimensions": sizes})

    migrate_to_latest()

    rows = set(SavedDimension.objects.values_list("user__email", "category__slug", "size_id", "system"))
    assert rows == {
        ("ana@example.ro", "incaltaminte-m", size_38.pk, "eu"),
        ("ana@example.ro", "rochii-m", size_m.pk, "it"),
        ("dan@example.ro", "incaltaminte-m", size_38.pk, "eu"),  # a bare label reads as EU; a size that is not there is dropped
    }
    columns = [c.name for c in connection.introspection.get_table_description(connection.cursor(), "accounts_userprofile")]
    assert "saved_dimensions" not in columns
