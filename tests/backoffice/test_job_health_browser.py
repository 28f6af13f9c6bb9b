"""Issue 18 in Chromium: an Admin finds "Starea job-urilor" in the staff menu, sees a late job flagged and
a failed one, and retries it with the button; a shop manager previews a pending listing under its banner."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_q.models import Failure, Schedule, Task

from marketplace.administration.roles import ADMIN, SHOP_MANAGER
from tests.browser.pages import signed_in
from tests.browser.support import browser, csp_watch, needs_chromium  # noqa: F401 (fixtures)
from tests.factories import UserFactory, approved_vendor, catalogue, store_product

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = "/tmp/ops-shots"


def browser_job(*args, **kwargs):
    return "ok"


def test_an_admin_sees_a_late_job_and_retries_a_failed_one(browser, live_server, csp_watch, tmp_path):  # noqa: F811
    now = timezone.now()
    Schedule.objects.create(name="orders.expire_unpaid_orders", func="marketplace.orders.tasks.expire_unpaid_orders",
                            schedule_type=Schedule.MINUTES, minutes=5, next_run=now - timedelta(minutes=30))
    Schedule.objects.create(name="orders.complete_orders", func="marketplace.orders.tasks.complete_orders",
                            schedule_type=Schedule.HOURLY, next_run=now + timedelta(minutes=20))
    failed = Task.objects.create(
        id=uuid.uuid4().hex, name="f", func="tests.backoffice.test_job_health_browser.browser_job", group="orders.complete_orders",
        args=(), kwargs={}, started=now - timedelta(minutes=41), stopped=now - timedelta(minutes=40), success=False, result="boom",
    )
    context = signed_in(browser, live_server, UserFactory(roles=[ADMIN], is_staff=True), two_factor=True)
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:index"))
    with translation.override("ro"):
        group = gettext("Platform")
    page.locator("h2", has_text=group).first.click()  # the "Platformă" group of the menu starts folded
    page.locator(f"a[href='{reverse('job_health')}']:visible", has_text="Starea job-urilor").first.click()
    page.wait_for_url("**" + reverse("job_health"))
    assert page.locator("[data-schedule='orders.expire_unpaid_orders'][data-late]").count() == 1
    assert "nu a rulat de două ori cât intervalul" in page.inner_text("body")
    page.screenshot(path=f"{SHOTS}-jobs.png", full_page=True)
    page.locator(f"[data-schedule] [data-retry='{failed.id}']").click()
    page.wait_for_load_state()
    assert "pus din nou în coadă" in page.inner_text("body")
    assert not Failure.objects.filter(pk=failed.pk).exists()
    page.screenshot(path=f"{SHOTS}-jobs-retried.png", full_page=True)
    csp_watch.assert_none()


def test_a_manager_previews_a_pending_listing_under_the_banner(browser, live_server, csp_watch):  # noqa: F811
    catalogue()
    product = store_product(approved_vendor(), status="pending", title="Geantă Kelly 28 Epsom")
    context = signed_in(browser, live_server, UserFactory(roles=[SHOP_MANAGER], is_staff=True), two_factor=True)
    page = context.new_page()
    page.goto(live_server.url + reverse("product_detail", args=[product.pk]))
    banner = page.locator("[data-preview-banner]")
    assert banner.is_visible() and "Previzualizare — nepublicat" in banner.inner_text()
    page.screenshot(path=f"{SHOTS}-preview.png")
    anonymous = browser.new_context(locale="ro-RO").new_page()
    assert anonymous.goto(live_server.url + reverse("product_detail", args=[product.pk])).status == 404
    csp_watch.assert_none()
