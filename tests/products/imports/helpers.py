"""Sheets, ZIPs and the upload/confirm round trip shared by the import tests."""

import csv
import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.products.models import ImportJob
from tests.factories import (
    jpeg_bytes,
)

HEADER = ["title", "category", "subcategory", "brand", "product_type", "condition", "price", "stock"]


def row(title="Geantă Kelly 28", **values):
    base = {
        "title": title, "category": "genti", "subcategory": "genti-de-mana", "brand": "Hermès",
        "product_type": "preloved", "condition": "excelent", "price": "1200.50", "stock": "1",
    }
    return {**base, **values}


def csv_file(rows, name="produse.csv", header=None):
    header = header or list(dict.fromkeys([*HEADER, *(k for r in rows for k in r)]))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="produse.xlsx"):
    header = list(dict.fromkeys([*HEADER, *(k for r in rows for k in r)]))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append([r.get(column) for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def zip_file(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, name in enumerate(names):
            archive.writestr(name, jpeg_bytes(colour=(20 * index, 200, 30)))
    return SimpleUploadedFile("poze.zip", buffer.getvalue(), content_type="application/zip")


def upload(client, url_name, files, commit_callbacks, **data):
    with commit_callbacks(execute=True):
        response = client.post(reverse(url_name), {**files, **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def confirm(client, url_name, job, commit_callbacks):
    with commit_callbacks(execute=True):
        response = client.post(reverse(url_name, args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job
