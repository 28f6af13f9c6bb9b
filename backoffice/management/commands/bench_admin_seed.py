"""Fill a PostgreSQL database for ``make bench-admin``: 2,000 shops, 1,000,000 listings, 200,000 orders (each with
its shipment and line) and their buyers, written by ``INSERT … SELECT … FROM generate_series`` so the rows are
made by the database (minutes, not hours). Idempotent: a table already at its size is left as it is.

The columns come from the models: a field the bench does not set gets its model default (or NULL, or an
empty string for a text field), so a field added later does not break the seed.
"""

import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.orders.models import Order, OrderItem, Shipment
from marketplace.products.models import Brand, Category, ConditionGrade, Product
from marketplace.vendors.models import VendorProfile

PREFIX = "bench"


def _series_insert(model, *, count: int, start: int, values: dict) -> int:
    """INSERT ``count`` rows of ``model``'s own table, one per ``g`` in ``start .. start+count-1``; ``values`` maps
    a field's attname to an SQL expression over ``g``, or to ``(expression, [its %s parameters])``."""
    quote = connection.ops.quote_name
    columns, selects, arguments = [], [], []
    for field in model._meta.local_concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        columns.append(quote(field.column))
        if field.attname in values:
            expression, params = values[field.attname] if isinstance(values[field.attname], tuple) else (values[field.attname], [])
            selects.append(expression)
            arguments.extend(params)
        elif field.has_default():
            selects.append("%s")
            arguments.append(field.get_db_prep_save(field.get_default(), connection))
        elif field.null:
            selects.append("NULL")
        elif isinstance(field, (models.CharField, models.TextField)):
            selects.append("''")  # the database asks only for a value; forms are not run here
        else:
            raise CommandError(f"{model.__name__}.{field.attname} needs a value in the bench seed")
    # Table and column names from the models, every value a parameter.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(selects)} FROM generate_series(%s, %s) AS g ON CONFLICT DO NOTHING"  # noqa: E501, S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*arguments, start, start + count - 1])
        return cursor.rowcount


class Command(BaseCommand):
    help = "Seed a PostgreSQL database with a million listings, 200,000 orders and 2,000 shops for bench-admin."

    def add_arguments(self, parser):
        parser.add_argument("--vendors", type=int, default=2_000)
        parser.add_argument("--products", type=int, default=1_000_000)
        parser.add_argument("--orders", type=int, default=200_000)
        parser.add_argument("--buyers", type=int, default=50_000)

    def handle(self, *args, vendors: int, products: int, orders: int, buyers: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench-admin measures PostgreSQL: set DATABASE_URL.")
        started = time.perf_counter()
        password = make_password("bench-not-for-sign-in")
        now = timezone.now()
        # Each step commits on its own (a run stopped half-way goes on from there next time).
        self.seed_users(buyers=buyers, vendors=vendors, password=password, now=now)
        self.seed_vendors(vendors=vendors, now=now)
        self.seed_products(products=products, now=now)
        self.seed_orders(orders=orders, buyers=buyers, now=now)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"seeded in {time.perf_counter() - started:.0f} s: " + ", ".join(
            f"{model.__name__}={model.objects.count()}" for model in (User, VendorProfile, Product, Order, Shipment)
        ))

    def _have(self, model, **filters) -> int:
        return model.objects.filter(**filters).count()

    def seed_users(self, *, buyers, vendors, password, now):
        if self._have(User, email__startswith=f"{PREFIX}-") >= buyers + vendors:
            return
        total = buyers + vendors
        _series_insert(User, count=total, start=1, values={
            "email": f"'{PREFIX}-' || g || '@example.ro'", "username": f"'{PREFIX}-' || g", "password": ("%s", [password]),
            "is_active": "true",
            "date_joined": ("%s::timestamptz - (g || ' minutes')::interval", [now]),
        })

    def seed_vendors(self, *, vendors, now):
        if self._have(VendorProfile, slug__startswith=f"{PREFIX}-") >= vendors:
            return
        buyers = User.objects.filter(email__startswith=f"{PREFIX}-").count() - vendors
        # The last `vendors` bench users own the shops.
        _series_insert(VendorProfile, count=vendors, start=1, values={
            "user_id": ("(SELECT id FROM accounts_user WHERE username = %s || (%s + g))", [f"{PREFIX}-", buyers]),
            "shop_name": "'Butic ' || g", "slug": f"'{PREFIX}-' || g",
            "legal_name": "'Butic ' || g || ' SRL'", "iban": "'RO49AAAA1B31007593840000'",
            "is_private_seller": "true",
            "status": "'approved'", "created_at": ("%s", [now]), "updated_at": ("%s", [now]),
        })

    def seed_products(self, *, products, now):
        have = self._have(Product, slug__startswith=f"{PREFIX}-")
        if have >= products:
            return
        shops = list(VendorProfile.objects.filter(slug__startswith=f"{PREFIX}-").order_by("pk").values_list("pk", flat=True))
        brands = list(Brand.objects.order_by("pk").values_list("pk", flat=True))
        categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))
        grades = list(ConditionGrade.objects.order_by("pk").values_list("pk", flat=True))
        if not (brands and categories and grades):
            raise CommandError("Load the catalogue's reference data first (manage.py seed_demo).")
        words = ["Geantă", "Pantofi", "Rochie", "Sacou", "Eșarfă", "Ceas", "Curea", "Portofel", "Ochelari", "Cercei"]
        statuses = ["validated"] * 7 + ["pending", "draft", "rejected"]
        batch = 100_000
        for start in range(have + 1, products + 1, batch):
            count = min(batch, products - start + 1)
            before = Product.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            _series_insert(Product, count=count, start=start, values={
                "vendor_id": (f"(%s::bigint[])[1 + g %% {len(shops)}]", [shops]),
                "title": (f"(%s::text[])[1 + g %% {len(words)}] || ' bench ' || g", [words]),
                "slug": f"'{PREFIX}-' || g",
                "brand_id": (f"(%s::bigint[])[1 + g %% {len(brands)}]", [brands]),
                "category_id": (f"(%s::bigint[])[1 + g %% {len(categories)}]", [categories]),
                "condition_id": (f"(%s::bigint[])[1 + g %% {len(grades)}]", [grades]),
                "product_type": "(ARRAY['new','outlet','preloved'])[1 + g %% 3]",
                "status": (f"(%s::text[])[1 + g %% {len(statuses)}]", [statuses]),
                "rejection_reason": "CASE WHEN g %% 10 = 9 THEN 'Fotografii neclare' ELSE '' END",
                "wizard_step": "6",
                "created_at": ("%s::timestamptz - (g || ' seconds')::interval", [now]),
                "updated_at": ("%s::timestamptz - (g || ' seconds')::interval", [now]),
            })
            with connection.cursor() as cursor:
                cursor.execute(  # the batch's rows are the ones past the largest key before it
                    "INSERT INTO products_storeproduct (product_ptr_id, price, stock) "
                    "SELECT id, 100 + (id %% 20000), 1 FROM products_product WHERE id > %s AND slug LIKE %s "
                    "ON CONFLICT DO NOTHING",
                    [before, f"{PREFIX}-%"],
                )
            self.stdout.write(f"listings: {start + count - 1}")

    def seed_orders(self, *, orders, buyers, now):
        have = self._have(Order, number__startswith="B")
        if have >= orders:
            return
        statuses = ["paid", "shipped", "delivered", "completed", "cancelled", "pending_payment"]
        ago = "%s::timestamptz - (g || ' minutes')::interval"
        _series_insert(Order, count=orders - have, start=have + 1, values={
            "number": "'B' || lpad(g::text, 9, '0')", "buyer_id": ("(SELECT id FROM accounts_user WHERE username = %s || (1 + g %% %s))", [f"{PREFIX}-", buyers]),
            "email": f"'{PREFIX}-' || (1 + g %% {buyers}) || '@example.ro'",
            "status": (f"(%s::text[])[1 + g %% {len(statuses)}]", [statuses]), "payment_method": "'card'",
            "shipping_name": "'Client Bench ' || g", "shipping_city": "'București'",
            "items_total": "100 + g %% 20000", "total": "120 + g %% 20000",
            "placed_at": (ago, [now]), "paid_at": (ago, [now]), "created_at": (ago, [now]), "updated_at": (ago, [now]),
        })
        with connection.cursor() as cursor:
            # One shop's parcel per order, and its one line: a listing of that shop.
            cursor.execute(
                "INSERT INTO orders_shipment (created_at, updated_at, order_id, vendor_id, delivery_method, locker_id, "
                "items_total, shipping_price, delivered_by, cancel_reason) "
                "SELECT o.created_at, o.updated_at, o.id, v.id, 'courier', '', o.items_total, 20, '', '' "
                "FROM orders_order o JOIN LATERAL (SELECT id FROM vendors_vendorprofile WHERE slug = %s || '-' || "
                "(1 + (substr(o.number, 2)::int %% %s))) v ON true WHERE o.number LIKE 'B%%' "
                "AND NOT EXISTS (SELECT 1 FROM orders_shipment s WHERE s.order_id = o.id)",
                [PREFIX, VendorProfile.objects.filter(slug__startswith=f"{PREFIX}-").count()],
            )
        self.seed_lines()

    def seed_lines(self):
        quote = connection.ops.quote_name
        columns = {field.attname: field for field in OrderItem._meta.local_concrete_fields if not field.primary_key}
        given = {
            "order_id": "s.order_id", "shipment_id": "s.id", "vendor_id": "s.vendor_id",
            "product_id": "f.id",
            "title": "'Geantă bench'", "sku": "''", "unit_price": "s.items_total", "quantity": "1",
            "line_total": "s.items_total",
        }
        selects, arguments = [], []
        for attname, field in columns.items():
            if attname in given:
                selects.append(given[attname])
            elif field.has_default():
                selects.append("%s")
                arguments.append(field.get_db_prep_save(field.get_default(), connection))
            elif field.null:
                selects.append("NULL")
            else:
                raise CommandError(f"OrderItem.{attname} needs a value in the bench seed")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(OrderItem._meta.db_table)} ({', '.join(quote(f.column) for f in columns.values())}) "  # noqa: S608
                "WITH first_piece AS (SELECT DISTINCT ON (vendor_id) vendor_id, id FROM products_product "
                "ORDER BY vendor_id, id) "
                f"SELECT {', '.join(selects)} FROM orders_shipment s JOIN orders_order o ON o.id = s.order_id "
                "JOIN first_piece f ON f.vendor_id = s.vendor_id "
                "WHERE o.number LIKE 'B%%' AND NOT EXISTS (SELECT 1 FROM orders_orderitem i WHERE i.shipment_id = s.id)",
                arguments,
            )
