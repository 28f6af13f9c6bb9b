"""axe-core (WCAG 2.2 AA + best practices) finds no serious or critical violation on the main pages.

Given a shop with listings, an order and its shipment, when a staff admin, a vendor and a buyer open
the main pages of the staff back office, the vendor back office and the storefront, then axe-core,
run inside each page, reports no serious or critical violation. axe is injected with
``page.evaluate`` on a normal context, so the pages keep their Content-Security-Policy on (and the
shared ``browser`` fixture still fails on any CSP violation).
"""

from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from marketplace.vendors.models import VendorProfile
from tests.browser.pages import signed_in, staff_admin
from tests.browser.support import needs_chromium
from tests.factories import approved_vendor, customer, store_product
from tests.orders.helpers import place_order

AXE_SCRIPT = (Path(pytest.importorskip("axe_playwright_python").__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def axe_problems(page) -> list[str]:
    """Serious and critical axe violations of the page, one line per rule with its first nodes."""
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{page.url} {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): "
        + " | ".join(f"{n['target']} {n.get('failureSummary', '')[:160]}" for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def visit_all(page, live_server, paths) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200 and response.url.split("?")[0].endswith(path.split("?")[0]), (path, response.url)
        page.wait_for_load_state("networkidle")
        if page.get_by_role("main").count() != 1:  # axe rates a missing <main> only "moderate"
            problems.append(f"{page.url} has {page.get_by_role('main').count()} <main> landmarks, not 1")
        problems += axe_problems(page)
    return problems


@pytest.fixture
def shop():
    vendor = approved_vendor()
    products = [store_product(vendor, status="validated", title=f"Geantă Kelly {n}", price=f"{1200 + n}.00") for n in range(3)]
    store_product(vendor, status="pending", title="Pantofi Louboutin 38")
    order = place_order(customer(), products[:1])
    return vendor, products, order


def test_staff_back_office_main_pages_pass_axe(browser, live_server, shop):
    vendor, products, _order = shop
    page = signed_in(browser, live_server, staff_admin(), two_factor=True).new_page()
    problems = visit_all(
        page,
        live_server,
        [
            reverse("admin:index"),
            reverse("admin:products_product_changelist"),
            reverse("admin:products_product_change", args=[products[0].pk]),
            reverse("admin:orders_order_changelist"),
            reverse("admin:vendors_vendorprofile_changelist"),
            reverse("admin_settings"),
            reverse("admin:auditlog_logentry_changelist"),
            reverse("admin:auditlog_logentry_change", args=[LogEntry.objects.get_for_model(VendorProfile).latest("pk").pk]),
        ],
    )
    assert not problems, "\n".join(problems)


def test_vendor_back_office_main_pages_pass_axe(browser, live_server, shop):
    vendor, _products, _order = shop
    page = signed_in(browser, live_server, vendor.user, two_factor=True).new_page()
    problems = visit_all(
        page,
        live_server,
        [
            reverse("vendors:index"),
            reverse("vendors:products_product_changelist"),
            reverse("product_add_step1"),
            reverse("vendors:orders_shipment_changelist"),
        ],
    )
    assert not problems, "\n".join(problems)


def test_storefront_main_pages_pass_axe(browser, live_server, shop):
    _vendor, products, _order = shop
    page = signed_in(browser, live_server).new_page()
    problems = visit_all(
        page, live_server, ["/", "/products/", f"/products/{products[1].pk}/", reverse("cart"), reverse("login")]
    )
    assert not problems, "\n".join(problems)
