"""Issue 18: a listing's details (the seed's Attribute) come in through the spreadsheet import too:
an ``attributes`` column (name=value; …) and one ``attribute:<name>`` column per detail."""

import pytest

from marketplace.products.models import Attribute, ImportJob, StoreProduct

from .helpers import HEADER, confirm, csv_file, row, upload

pytestmark = pytest.mark.django_db


def test_attribute_columns_are_written_with_the_listings(vendor_client, django_capture_on_commit_callbacks):
    header = [*HEADER, "attributes", "attribute:Închidere", "Atribut: Căptușeală"]
    rows = [
        row("Geantă Kelly 28", attributes="Feronerie=paladiu; Ștanțare: Z", **{"attribute:Închidere": "clapă cu turet", "Atribut: Căptușeală": "piele de capră"}),
        row("Geantă Birkin 30", **{"attribute:Închidere": "", "Atribut: Căptușeală": ""}),  # empty cells: no detail
    ]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows, header=header)}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    assert not Attribute.objects.exists()  # a dry run writes nothing
    job = confirm(vendor_client, "vendor_import_job_confirm", job, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE
    kelly, birkin = StoreProduct.objects.order_by("pk")
    assert sorted(kelly.attributes.values_list("name", "value")) == [
        ("Căptușeală", "piele de capră"), ("Feronerie", "paladiu"), ("Închidere", "clapă cu turet"), ("Ștanțare", "Z"),
    ]
    assert not birkin.attributes.exists()


def test_bad_attributes_are_named_by_row_and_column(vendor_client, django_capture_on_commit_callbacks):
    header = [*HEADER, "attributes", "attribute:Închidere"]
    rows = [
        row("Fără egal", attributes="doar text"),
        row("De două ori", attributes="închidere=magnet", **{"attribute:Închidere": "clapă"}),
        row("Prea lung", attributes="Notă=" + "x" * 201),
        row("Bun", attributes="Feronerie=aurie"),
    ]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file(rows, header=header)}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID
    assert {(e["row"], e["column"]) for e in job.errors} == {(2, "attributes"), (3, "attributes"), (4, "attributes")}
    assert any("Închidere" in e["message"] for e in job.errors if e["row"] == 3)


def test_an_attribute_column_without_a_name_is_refused(vendor_client, django_capture_on_commit_callbacks):
    header = [*HEADER, "attribute:"]
    job = upload(vendor_client, "vendor_product_import", {"source": csv_file([row()], header=header)}, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID
    assert "attribute:" in str(job.errors)
