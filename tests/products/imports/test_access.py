"""Whose shop an import writes into, and who may import or export at all."""

import pytest
from django.urls import reverse

from marketplace.products.models import ImportJob, Product
from tests.factories import (
    UserFactory,
    approved_vendor,
    catalogue,
    login_with_second_factor,
    shop_manager,
    store_product,
)

from .helpers import confirm, csv_file, row, upload

pytestmark = pytest.mark.django_db


# --- Whose shop ---------------------------------------------------------------------------------
def test_vendor_cannot_import_into_another_shop(vendor_client, django_capture_on_commit_callbacks):
    other = approved_vendor(shop_name="Atelier B", slug="atelier-b")
    rows = [row("Pentru B", vendor="atelier-b"), row("Pentru mine", vendor="atelier-a")]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "vendor")]
    assert not other.products.exists() and not Product.objects.exists()


def test_vendor_reaches_neither_another_vendors_jobs_nor_their_products(client, vendor_client, django_capture_on_commit_callbacks):
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    mine = store_product(vendor_client.vendor, title="Geanta lui A", status="validated")
    other = approved_vendor(shop_name="Atelier B", slug="atelier-b")
    theirs = store_product(other, title="Geanta lui B", status="validated")

    login_with_second_factor(client, other.user)
    assert client.get(reverse("vendor_import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("vendor_import_job_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("vendor_import_job_confirm", args=[job.pk])).status_code == 404
    # Export: only B's own listings, even when asking for A's shop by name.
    response = client.get(reverse("export_csv"), {"format": "csv", "vendor": "atelier-a"})
    assert response.status_code == 200
    text = response.content.decode()
    assert theirs.title in text and mine.title not in text
    assert "vendor" not in text.splitlines()[0].split(",")  # no shop column for vendors
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and not Product.objects.filter(title="Geantă Kelly 28").exists()


def test_a_shop_suspended_between_dry_run_and_confirmation_gets_nothing_written(vendor_client, django_capture_on_commit_callbacks):
    from marketplace.vendors.services import vendor_suspend

    job = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY
    job.status = ImportJob.Status.CONFIRMED
    job.save()
    vendor_suspend(vendor=vendor_client.vendor, actor=None, reason="Documente expirate")

    from marketplace.products.imports.jobs import import_job_write_task

    assert import_job_write_task(job.pk) == ImportJob.Status.INVALID
    assert import_job_write_task(job.pk) is None  # delivered twice: the second run does nothing
    job.refresh_from_db()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "vendor")]
    assert not Product.objects.exists()


def test_uploaded_sheets_are_stored_under_unguessable_names(vendor_client, django_capture_on_commit_callbacks):
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()])}, django_capture_on_commit_callbacks)
    folder = job.source.name.split("/")[1]
    assert job.source.name.endswith("produse.csv") and len(folder) == 32 and str(vendor_client.vendor.user.pk) != folder


def test_pending_vendor_and_customers_are_refused_at_every_import_and_export_door(client):
    from tests.factories import VendorFactory

    pending = VendorFactory()
    login_with_second_factor(client, pending.user)
    for url in [reverse("export_csv"), reverse("vendor_product_import"), reverse("vendor_product_import_template", args=["csv"])]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("vendor_product_import"), {"source": csv_file([row()])}).status_code == 403
    assert not ImportJob.objects.exists()


def test_staff_import_for_any_shop_by_vendor_column(client, django_capture_on_commit_callbacks):
    catalogue()
    a = approved_vendor(shop_name="Atelier A", slug="atelier-a")
    b = approved_vendor(shop_name="Atelier B", slug="atelier-b")
    login_with_second_factor(client, shop_manager())
    rows = [row("Pentru A", vendor="atelier-a"), row("Pentru B", vendor="atelier-b"), row("Implicit")]
    job = upload(client, "product_import", {"source": csv_file(rows)}, django_capture_on_commit_callbacks, vendor=b.pk)
    assert job.status == ImportJob.Status.READY
    confirm(client, "import_job_confirm", job, django_capture_on_commit_callbacks)
    assert set(a.products.values_list("title", flat=True)) == {"Pentru A"}
    assert set(b.products.values_list("title", flat=True)) == {"Pentru B", "Implicit"}

    job = upload(client, "product_import", {"source": csv_file([row("Nimănui"), row("Necunoscut", vendor="nu-exista")])}, django_capture_on_commit_callbacks)
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "vendor"), (3, "vendor")]


def test_only_staff_with_product_rights_import(client):
    login_with_second_factor(client, UserFactory(roles=["support-agent"], is_staff=True))
    assert client.get(reverse("product_import")).status_code == 403
    assert client.get(reverse("export_products")).status_code == 200  # agents may read the catalogue
