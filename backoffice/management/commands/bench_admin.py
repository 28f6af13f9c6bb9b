"""Time the back offices' big changelists (``make bench-admin``) on the database ``bench_admin_seed`` filled.

For each list — staff: listings, orders, shipments, users; a shop: its listings, its shipments — four pages are
asked as a signed-in user would ask them (through Django's test client, with the whole middleware stack and the
templates): the first page, a filter, a search and page 500. Each page is asked once to warm up, then
``--rounds`` times; every timing counts. Prints one line per page and
``staff_p95_ms=<n> vendor_p95_ms=<n>``.
"""

import statistics
import time

from django.conf import settings
from django.contrib import admin
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from backoffice.sites import vendor_site
from marketplace.accounts.models import User
from marketplace.administration.roles import VENDOR
from marketplace.administration.services import role_assign
from marketplace.vendors.models import VendorProfile


def _changelist(site, model_label: str) -> str:
    for model in site._registry:
        if model._meta.label_lower == model_label:
            return reverse(f"{site.name}:{model._meta.app_label}_{model._meta.model_name}_changelist")
    raise CommandError(f"{model_label} is not registered on {site.name}")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Time the staff and vendor changelists on a million listings (after bench_admin_seed)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5)

    def signed_in(self, user) -> Client:
        client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "testserver")
        device, _ = StaticDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    def time_pages(self, client: Client, pages: list[tuple[str, str, dict]], rounds: int) -> list[float]:
        timings = []
        for label, url, params in pages:
            response = client.get(url, params)
            if response.status_code != 200:
                raise CommandError(f"{label}: {url} {params} answered {response.status_code}")
            seen = []
            for _ in range(rounds):
                started = time.perf_counter()
                client.get(url, params)
                seen.append((time.perf_counter() - started) * 1000)
            timings.extend(seen)
            self.stdout.write(f"{label:<34} median_ms={statistics.median(seen):7.1f} max_ms={max(seen):7.1f}")
        return timings

    def handle(self, *args, rounds: int, **options):
        staff = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        shop = VendorProfile.objects.filter(slug="bench-1").select_related("user").first()
        if staff is None or shop is None:
            raise CommandError("Seed first: manage.py seed_demo and manage.py bench_admin_seed.")
        if not shop.user.has_role(VENDOR):  # the seed writes shops approved; approving grants the role
            role_assign(user=shop.user, slug=VENDOR)
        products = _changelist(admin.site, "products.product")
        orders = _changelist(admin.site, "orders.order")
        shipments = _changelist(admin.site, "shipping.shipmentparcel")
        users = _changelist(admin.site, "accounts.user")
        staff_pages = [
            ("staff listings: first page", products, {}),
            ("staff listings: pending", products, {"status__exact": "pending"}),
            ("staff listings: search", products, {"q": "Geantă bench 424242"}),
            ("staff listings: page 500", products, {"p": "500"}),
            ("staff orders: first page", orders, {}),
            ("staff orders: paid", orders, {"status__exact": "paid"}),
            ("staff orders: search number", orders, {"q": "B000123456"}),
            ("staff orders: page 500", orders, {"p": "500"}),
            ("staff shipments: first page", shipments, {}),
            ("staff shipments: courier", shipments, {"delivery_method__exact": "courier"}),
            ("staff shipments: search", shipments, {"q": "B000123456"}),
            ("staff shipments: page 500", shipments, {"p": "500"}),
            ("staff users: first page", users, {}),
            ("staff users: active", users, {"is_active__exact": "1"}),
            ("staff users: search", users, {"q": "bench-4242@example.ro"}),
            ("staff users: page 500", users, {"p": "500"}),
        ]
        own_products = _changelist(vendor_site, "products.product")
        own_shipments = _changelist(vendor_site, "orders.shipment")
        vendor_pages = [
            ("shop listings: first page", own_products, {}),
            ("shop listings: validated", own_products, {"status__exact": "validated"}),
            ("shop listings: search", own_products, {"q": "Rochie"}),
            ("shop listings: page 5", own_products, {"p": "5"}),
            ("shop shipments: first page", own_shipments, {}),
            ("shop shipments: paid", own_shipments, {"order__status__exact": "paid"}),
            ("shop shipments: search", own_shipments, {"q": "B000000001"}),
            ("shop shipments: page 2", own_shipments, {"p": "2"}),
        ]
        staff_ms = self.time_pages(self.signed_in(staff), staff_pages, rounds)
        vendor_ms = self.time_pages(self.signed_in(shop.user), vendor_pages, rounds)
        self.stdout.write(f"staff_p95_ms={_p95(staff_ms):.0f} vendor_p95_ms={_p95(vendor_ms):.0f}")
