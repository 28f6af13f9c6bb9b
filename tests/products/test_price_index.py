"""The catalogue's (price, id) index is the model's own Index now; the storefront's raw one is gone."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_storeproduct_has_the_meta_index_and_not_the_raw_one():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "products_storeproduct")
    assert found["products_store_price_id"]["index"]
    assert found["products_store_price_id"]["columns"] == ["price", "product_ptr_id"]
    assert "storefront_catalogue_price" not in found
