"""clean_unused_media: only files no row references and older than a day; local disk and S3 (paged)."""

import datetime as dt
import os

import boto3
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from moto import mock_aws
from storages.backends.s3 import S3Storage

from marketplace.common import media_cleanup
from marketplace.common.media_cleanup import clean_unused_media, clean_unused_media_task
from marketplace.products.models import ProductImage
from tests.factories import approved_vendor, jpeg_bytes, store_product

pytestmark = pytest.mark.django_db
OLD = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


def photo_row(storage_name: str, rendition: str):
    product = store_product(approved_vendor())
    image = ProductImage(product=product, alt_text="x", is_primary=True)
    image.original.name = storage_name
    image.renditions = {"card": rendition}
    image.save()
    return image


def test_disk_dry_run_lists_then_a_run_deletes_only_old_unreferenced_files(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path)
    for name in ("products/1/kept.jpg", "products/1/r/1-card.webp", "products/1/orphan.jpg", "chat/old.jpg", "fresh.jpg"):
        storage.save(name, ContentFile(b"x"))
    two_days_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).timestamp()
    for name in ("products/1/kept.jpg", "products/1/r/1-card.webp", "products/1/orphan.jpg", "chat/old.jpg"):
        os.utime(tmp_path / name, (two_days_ago, two_days_ago))
    photo_row("products/1/kept.jpg", "products/1/r/1-card.webp")

    report = clean_unused_media(dry_run=True, storage=storage)
    assert sorted(report.unused) == ["chat/old.jpg", "products/1/orphan.jpg"]
    assert (report.scanned, report.referenced, report.too_recent, report.deleted) == (5, 2, 1, 0)
    assert storage.exists("chat/old.jpg")

    report = clean_unused_media(dry_run=False, storage=storage)
    assert report.deleted == 2
    assert not storage.exists("chat/old.jpg") and not storage.exists("products/1/orphan.jpg")
    assert storage.exists("products/1/kept.jpg") and storage.exists("products/1/r/1-card.webp") and storage.exists("fresh.jpg")


@mock_aws
def test_s3_is_listed_page_by_page(monkeypatch):
    monkeypatch.setattr(media_cleanup, "S3_PAGE_SIZE", 2)
    boto3.client("s3", region_name="eu-central-1").create_bucket(
        Bucket="snobistic-media", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    storage = S3Storage(bucket_name="snobistic-media", location="media", region_name="eu-central-1",
                        access_key="test", secret_key="test")
    for n in range(5):
        storage.save(f"chat/orphan-{n}.jpg", ContentFile(b"x"))
    storage.save("products/1/kept.jpg", ContentFile(b"x"))
    photo_row("products/1/kept.jpg", "")
    calls = []
    original = storage.bucket.meta.client.get_paginator

    def paginator(name):
        pages = original(name)
        real = pages.paginate

        def paginate(**kwargs):
            for page in real(**kwargs):
                calls.append(len(page.get("Contents", [])))
                yield page
        pages.paginate = paginate
        return pages

    monkeypatch.setattr(storage.bucket.meta.client, "get_paginator", paginator)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    report = clean_unused_media(dry_run=False, storage=storage, now=later)
    assert calls == [2, 2, 2]  # 6 keys, 2 a page
    assert report.deleted == 5 and report.referenced == 1
    assert storage.exists("products/1/kept.jpg") and not storage.exists("chat/orphan-0.jpg")
    assert clean_unused_media(dry_run=True, storage=storage, now=later).unused == []


def test_the_command_has_a_dry_run_and_the_job_deletes(capsys):
    from django.core.files.storage import default_storage

    with time_machine.travel(OLD):
        name = default_storage.save("tmp/orphan.jpg", ContentFile(jpeg_bytes()))
    call_command("clean_unused_media", "--dry-run")
    out = capsys.readouterr().out
    assert f"would delete {name}" in out and default_storage.exists(name)
    assert "deleted 1" in clean_unused_media_task()
    assert not default_storage.exists(name)
