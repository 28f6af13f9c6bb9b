"""Bulk import and export of listings as spreadsheets (CSV, XLSX), on django-import-export.

One row of the sheet is one listing. ``product_import_rows`` reads the rows, checks each
with the same rules as the wizard (the model's ``full_clean`` and its database constraints,
the platform's auction durations) and answers with every problem as *row, column, why*.
A dry run stops there and writes nothing. A real run writes nothing either when any row is
wrong; otherwise it writes the listings ``pending`` (submitted for validation, as a finished
wizard does) with their SKU codes, then attaches their photos: from a ZIP uploaded beside the
sheet (matched by file name) or fetched from the URLs in the row.

Row numbers are those of the spreadsheet: the header is row 1, the first listing row 2.

Speed: reference data (categories, brands, sizes, shops...) is read once per run into
dictionaries, slugs are checked and SKU numbers reserved per chunk of rows, SKU codes are
inserted in bulk. Rows are written in chunks, each in its own transaction, so a job's
progress is visible to the page that polls it; every row has been checked before the first
chunk is written.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX

from marketplace.common.fetch import fetch_url, too_large_error
from marketplace.common.money import MoneyFormatError, format_money, money_error_message, parse_money

from .models import (
    AuctionProduct,
    Brand,
    Category,
    Colour,
    ConditionGrade,
    ListingStatus,
    Material,
    Product,
    ProductType,
    Size,
    SizeChart,
    SKUCode,
    SKUSequence,
    StoreProduct,
    SubCategory,
)

# --- The sheet's columns ------------------------------------------------------------------------
# (column, what goes in it). The order is the template's order.
COLUMNS: list[tuple[str, object]] = [
    ("title", gettext_lazy("Title (required, at most 150 characters).")),
    ("description", gettext_lazy("Description.")),
    ("category", gettext_lazy("Category code (slug), required.")),
    ("subcategory", gettext_lazy("Subcategory code (slug) within that category.")),
    ("brand", gettext_lazy("Brand name or code (slug), required.")),
    ("product_type", gettext_lazy("new, outlet or preloved (required).")),
    ("condition", gettext_lazy("Condition grade code (slug), required.")),
    ("size", gettext_lazy("EU size label, from a size chart of the category.")),
    ("colour", gettext_lazy("Colour code, e.g. black, beige, multicolour.")),
    ("material", gettext_lazy("Material code (slug).")),
    ("dimensions", gettext_lazy("Measurements in cm, e.g. length=30; height=22.5")),
    ("serial", gettext_lazy("Serial number or date code.")),
    ("price", gettext_lazy("Fixed price in lei, e.g. 1200.50 (for a fixed-price listing).")),
    ("stock", gettext_lazy("Pieces in stock (fixed price; 1 when empty).")),
    ("starting_price", gettext_lazy("Starting price in lei (for an auction, instead of price).")),
    ("reserve_price", gettext_lazy("Hidden reserve price in lei (auction, optional).")),
    ("bid_increment", gettext_lazy("Bid increment in lei (auction, optional).")),
    ("duration_hours", gettext_lazy("Auction duration in hours, one the platform allows.")),
    ("image_urls", gettext_lazy("Photo addresses (http or https), separated by | or spaces.")),
    ("image_files", gettext_lazy("Photo file names in the uploaded ZIP, separated by |.")),
]
VENDOR_COLUMN = ("vendor", gettext_lazy("Shop code (slug) the listing belongs to — staff only."))
# Columns an export adds that an import accepts and ignores (a re-imported export is fine).
EXPORT_ONLY_COLUMNS = ("id", "sku", "status")
REQUIRED_COLUMNS = ("title", "category", "brand", "product_type", "condition")

FORMATS = {"csv": CSV, "xlsx": XLSX}


def import_setting(name: str):
    """Tunables, overridable in settings: rows per file, rows done inside the request, fetch timeouts."""
    defaults = {
        "PRODUCT_IMPORT_MAX_ROWS": 20_000,
        "PRODUCT_IMPORT_INLINE_MAX_ROWS": 500,
        "PRODUCT_IMPORT_FETCH_CONNECT_TIMEOUT": 5,
        "PRODUCT_IMPORT_FETCH_READ_TIMEOUT": 20,
    }
    return getattr(settings, name, defaults[name])


MAX_PHOTOS_PER_ROW = 10
CHUNK_SIZE = 250
STORED_ERRORS = 1000  # a job keeps at most this many problems; the count is kept in full

# Model field -> sheet column, for the messages full_clean gives.
_FIELD_COLUMNS = {
    "serial_number": "serial",
    "vendor": "vendor",
    "custom_dimensions": "dimensions",
}
# Database constraint -> the column it is about.
_CONSTRAINT_COLUMNS = {
    "products_store_price_positive": "price",
    "products_store_stock_not_negative": "stock",
    "products_auction_start_positive": "starting_price",
    "products_auction_reserve_not_below_start": "reserve_price",
    "products_auction_increment_positive": "bid_increment",
}
_FK_FIELDS = ["vendor", "category", "subcategory", "brand", "condition", "size", "material"]


def import_columns(*, staff: bool) -> list[tuple[str, object]]:
    return [*COLUMNS, VENDOR_COLUMN] if staff else list(COLUMNS)


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (header = 1), the column ('' for the whole row), why."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportOutcome:
    total: int = 0
    errors: list[RowError] = field(default_factory=list)
    photo_errors: list[RowError] = field(default_factory=list)
    product_ids: list[int] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    photos_added: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    product: Product
    prefix: str
    image_urls: list[str]
    image_files: list[str]


# --- Reading the file ---------------------------------------------------------------------------
def import_format(name: str):
    """The django-import-export format for a file name (``.csv`` or ``.xlsx``), or ValidationError."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise ValidationError(_("Upload a CSV or XLSX file."), code="format")
    return FORMATS[extension]


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1250", errors="replace")  # a CSV saved by Excel on Romanian Windows


def count_rows(*, name: str, content: bytes) -> int:
    """A quick estimate of the rows in a file (never fewer than there are), to choose inline or job."""
    fmt = import_format(name)
    if fmt is CSV:
        return max(content.count(b"\n") - 1 + (0 if content.endswith(b"\n") else 1), 0)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return max((book.active.max_row or 1) - 1, 0)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ValidationError(_("This XLSX file cannot be read."), code="unreadable") from exc


def read_table(*, name: str, content: bytes) -> tablib.Dataset:
    """The sheet as a tablib Dataset (first sheet of an XLSX), or ValidationError."""
    fmt = import_format(name)
    max_rows = import_setting("PRODUCT_IMPORT_MAX_ROWS")
    if count_rows(name=name, content=content) > max_rows * 2 + 10:
        raise ValidationError(_("A file can hold at most %(n)s rows.") % {"n": max_rows}, code="too_many_rows")
    try:
        if fmt is CSV:
            text = _decode(content)
            first_line = text.split("\n", 1)[0]
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            dataset = fmt().create_dataset(text, delimiter=delimiter)
        else:
            dataset = fmt().create_dataset(content)
    except Exception as exc:  # tablib/openpyxl/csv raise many kinds on a broken file
        raise ValidationError(_("This file cannot be read as %(format)s.") % {"format": name.rsplit(".", 1)[-1].upper()}, code="unreadable") from exc
    if not dataset.headers or not any(dataset.headers):
        raise ValidationError(_("The first row must name the columns (download the template)."), code="no_header")
    if dataset.height > max_rows:
        raise ValidationError(_("A file can hold at most %(n)s rows.") % {"n": max_rows}, code="too_many_rows")
    return dataset


def _header_index(headers: Iterable, *, staff: bool) -> dict[str, int]:
    known = {name for name, _help in import_columns(staff=staff)} | {"vendor"} | set(EXPORT_ONLY_COLUMNS)
    index, unknown, repeated = {}, [], []
    for position, raw in enumerate(headers):
        name = str(raw or "").strip().lower().replace(" ", "_").replace("-", "_")
        if not name:
            continue
        if name not in known:
            unknown.append(str(raw))
        elif name in index:
            repeated.append(name)
        else:
            index[name] = position
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if repeated:
        problems.append(_("Columns given twice: %(names)s.") % {"names": ", ".join(repeated)})
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        raise ValidationError(" ".join(problems), code="columns")
    return index


# --- Photos: a ZIP beside the sheet, or addresses to fetch ------------------------------------
class PhotoArchive:
    """The uploaded ZIP of photos, looked up by file name (folders and letter case ignored)."""

    def __init__(self, file):
        try:
            self.zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValidationError(_("The photo archive is not a ZIP file."), code="bad_zip") from exc
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self.repeated: set[str] = set()
        for info in self.zip.infolist():
            if info.is_dir():
                continue
            key = info.filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
            if not key or key.startswith("."):
                continue
            if key in self.entries:
                self.repeated.add(key)
            self.entries[key] = info

    def check(self, name: str) -> str | None:
        """Why this name cannot be used, or None."""
        key = name.lower()
        if key not in self.entries:
            return _("%(name)s is not in the ZIP.") % {"name": name}
        if key in self.repeated:
            return _("%(name)s is in the ZIP more than once.") % {"name": name}
        return None

    def upload(self, name: str) -> SimpleUploadedFile:
        info = self.entries[name.lower()]
        if info.file_size > settings.PRODUCT_IMAGE_MAX_BYTES:  # refuse before inflating it
            raise too_large_error(settings.PRODUCT_IMAGE_MAX_BYTES)
        with self.zip.open(info) as handle:
            data = handle.read(settings.PRODUCT_IMAGE_MAX_BYTES + 1)
        return SimpleUploadedFile(name, data)


def fetch_image_url(url: str) -> SimpleUploadedFile:
    """Download one photo through the platform's safe fetcher (``marketplace.common.fetch``).

    The bytes are checked as a photo by ``product_image_add`` (the same validator as uploads).
    """
    timeout = (import_setting("PRODUCT_IMPORT_FETCH_CONNECT_TIMEOUT"), import_setting("PRODUCT_IMPORT_FETCH_READ_TIMEOUT"))
    return fetch_url(url, max_bytes=settings.PRODUCT_IMAGE_MAX_BYTES, timeout=timeout, user_agent="SNOBISTIC-import/1")



# --- Checking rows ------------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value) -> Decimal:
    text = _text(value).replace(" ", "").replace("lei", "").replace("RON", "")
    if "," in text and "." in text:  # 1.999,00 or 1,999.00: the last mark is the decimal one
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")  # 1200,50 as written in Romanian
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def _integer(value) -> int:
    number = _decimal(value)
    if number != number.to_integral_value():
        raise ValueError
    return int(number)


def _split(value, separators: str) -> list[str]:
    text = _text(value)
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return [piece.strip() for piece in text.split(separators[0]) if piece.strip()]


class _Lookups:
    """Reference data read once per run, so checking a row costs no query."""

    def __init__(self, *, staff: bool):
        from marketplace.vendors.models import VendorProfile

        self.categories = {c.slug: c for c in Category.objects.all()}
        by_id = {c.pk: c for c in self.categories.values()}
        self.subcategories = {(s.category_id, s.slug): s for s in SubCategory.objects.all()}
        self.brands: dict[str, Brand] = {}
        for brand in Brand.objects.all():
            self.brands[brand.slug.lower()] = brand
            self.brands[brand.name.strip().lower()] = brand
        self.conditions = {c.slug: c for c in ConditionGrade.objects.all()}
        self.materials = {m.slug: m for m in Material.objects.all()}
        sizes_by_chart = defaultdict(dict)
        for size in Size.objects.select_related("chart"):
            sizes_by_chart[size.chart_id][size.eu.strip().lower()] = size
        charts_by_category = defaultdict(list)
        for chart_id, category_id in SizeChart.categories.through.objects.values_list("sizechart_id", "category_id"):
            charts_by_category[category_id].append(chart_id)
        self.sizes: dict[int, dict[str, Size]] = {}
        for category in by_id.values():
            found: dict[str, Size] = {}
            for chart_id in charts_by_category.get(category.pk, ()):  # the wizard offers these sizes
                for label, size in sizes_by_chart[chart_id].items():
                    found.setdefault(label, size)
            self.sizes[category.pk] = found
        self.colours = {}
        for choice in Colour:
            self.colours[choice.value] = choice.value
            self.colours[str(choice.label).lower()] = choice.value
        self.product_types = {t.value: t.value for t in ProductType} | {"pre-loved": "preloved", "pre_loved": "preloved"}
        self.vendors = (
            {v.slug.lower(): v for v in VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED)} if staff else {}
        )


class _RowChecker:
    def __init__(self, *, lookups: _Lookups, index: dict[str, int], vendor, staff: bool, archive: PhotoArchive | None):
        self.lookups, self.index, self.vendor, self.staff, self.archive = lookups, index, vendor, staff, archive
        self.url_validator = URLValidator(schemes=["http", "https"])
        self.now = timezone.now()

    def check(self, number: int, values) -> tuple[_Row | None, list[RowError]]:
        errors: list[RowError] = []

        def get(column):
            position = self.index.get(column)
            return _text(values[position]) if position is not None and position < len(values) else ""

        def fail(column, message):
            errors.append(RowError(number, column, str(message)))

        look = self.lookups
        data = {"title": get("title"), "description": get("description"), "serial_number": get("serial")}
        for column in REQUIRED_COLUMNS:
            if not get(column):
                fail(column, _("This column is required."))

        # The shop: a vendor's own; staff choose per row (vendor column) or a default for the file.
        vendor_slug = get("vendor")
        vendor = self.vendor
        if vendor_slug:
            if not self.staff:
                if vendor is None or vendor_slug.lower() != vendor.slug.lower():
                    fail("vendor", _("You can import only into your own shop."))
            else:
                vendor = look.vendors.get(vendor_slug.lower())
                if vendor is None:
                    fail("vendor", _("No approved shop has the code %(code)s.") % {"code": vendor_slug})
        elif vendor is None:
            fail("vendor", _("Say which shop the listing belongs to (the vendor column)."))
        if vendor is not None and not vendor.is_approved:
            fail("vendor", _("Only an approved shop can list products."))

        category = None
        if get("category"):
            category = look.categories.get(get("category").lower())
            if category is None:
                fail("category", _("No category has the code %(code)s.") % {"code": get("category")})
        subcategory = None
        if get("subcategory") and category is not None:
            subcategory = look.subcategories.get((category.pk, get("subcategory").lower()))
            if subcategory is None:
                fail("subcategory", _("%(category)s has no subcategory %(code)s.") % {"category": category.slug, "code": get("subcategory")})
        brand = None
        if get("brand"):
            brand = look.brands.get(get("brand").lower())
            if brand is None:
                fail("brand", _("No brand is called %(name)s.") % {"name": get("brand")})
        product_type = ""
        if get("product_type"):
            product_type = look.product_types.get(get("product_type").lower(), "")
            if not product_type:
                fail("product_type", _("Use one of: new, outlet, preloved."))
        condition = None
        if get("condition"):
            condition = look.conditions.get(get("condition").lower())
            if condition is None:
                fail("condition", _("No condition grade has the code %(code)s.") % {"code": get("condition")})
        size = None
        if get("size") and category is not None:
            size = look.sizes.get(category.pk, {}).get(get("size").lower())
            if size is None:
                fail("size", _("No EU size %(size)s in the size charts of %(category)s.") % {"size": get("size"), "category": category.slug})
        colour = ""
        if get("colour"):
            colour = look.colours.get(get("colour").lower(), "")
            if not colour:
                fail("colour", _("Use one of: %(values)s.") % {"values": ", ".join(Colour.values)})
        material = None
        if get("material"):
            material = look.materials.get(get("material").lower())
            if material is None:
                fail("material", _("No material has the code %(code)s.") % {"code": get("material")})
        dimensions = {}
        if get("dimensions"):
            dimensions = self._dimensions(get("dimensions"), fail)

        def money(column, required=False):
            if not get(column):
                if required:
                    fail(column, _("This column is required."))
                return None
            try:  # the one money parser: 1.234,50 or 1234.50; not 1e3, nor other digits
                return parse_money(get(column))
            except MoneyFormatError:
                fail(column, _("%(value)s is not an amount in lei.") % {"value": get(column)} + " " + money_error_message())
                return None

        def whole(column, default=None):
            if not get(column):
                return default
            try:
                return _integer(get(column))
            except ValueError:
                fail(column, _("%(value)s is not a whole number.") % {"value": get(column)})
                return None

        auction_columns = ("starting_price", "reserve_price", "bid_increment", "duration_hours")
        is_auction = any(get(c) for c in auction_columns)
        if is_auction and (get("price") or get("stock")):
            fail("price", _("Give either a fixed price or auction settings, not both."))
        common = {
            "title": data["title"], "description": data["description"], "serial_number": data["serial_number"],
            "category": category, "subcategory": subcategory, "brand": brand, "product_type": product_type,
            "condition": condition, "size": size, "colour": colour, "material": material, "dimensions": dimensions,
            "status": ListingStatus.PENDING, "wizard_step": 6, "submitted_at": self.now,
        }
        if vendor is not None:
            common["vendor"] = vendor
        if is_auction:
            kind = "auction"
            pricing = {
                "starting_price": money("starting_price", required=True), "reserve_price": money("reserve_price"),
                "bid_increment": money("bid_increment"), "duration_hours": whole("duration_hours"),
            }
            product = AuctionProduct(**common, **pricing)
        else:
            kind = "store"
            pricing = {"price": money("price", required=True), "stock": whole("stock", default=1)}
            product = StoreProduct(**common, price=pricing["price"], stock=pricing["stock"] if pricing["stock"] is not None else 1)

        image_urls = _split(get("image_urls"), " |,\n")
        for url in image_urls:
            try:
                self.url_validator(url)
            except ValidationError:
                fail("image_urls", _("%(url)s is not an http or https address.") % {"url": url[:200]})
        image_files = _split(get("image_files"), "|,;")
        if image_files and self.archive is None:
            fail("image_files", _("Upload the ZIP with the photos named here."))
        elif self.archive is not None:
            for name in image_files:
                problem = self.archive.check(name)
                if problem:
                    fail("image_files", problem)
        if len(image_urls) + len(image_files) > MAX_PHOTOS_PER_ROW:
            fail("image_files", _("At most %(n)s photos per listing.") % {"n": MAX_PHOTOS_PER_ROW})

        # The model's own rules (lengths, choices, decimals, clean()) and its database constraints.
        # Foreign keys were resolved above from real rows, so their per-row existence query is skipped;
        # the slug is made when the row is written.
        failed_columns = {e.column for e in errors}
        for rule in (
            # The wizard's own rules: steps 1-2 (subcategory, size, measurements) and step 6 (prices,
            # stock, allowed auction durations), then the model's (full_clean) and its constraints.
            lambda: category is not None and _check_step_fields(product, 1),
            lambda: category is not None and _check_measurements(product),
            lambda: _pricing_values(kind, pricing),
            lambda: product.full_clean(exclude=[*_FK_FIELDS, "slug"], validate_unique=False, validate_constraints=False),
            lambda: validate_model_constraints(product),
        ):
            try:
                rule()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    column = self._column_for(name, messages)
                    if column in failed_columns:
                        continue  # already said
                    failed_columns.add(column)
                    for message in messages:
                        fail(column, message)
        if errors:
            return None, errors
        prefix = _sku_prefix(brand=brand, category=category)
        return _Row(number, product, prefix, image_urls, image_files), []

    def _dimensions(self, text: str, fail) -> dict:
        result = {}
        for piece in _split(text, ";\n"):
            name, sep, value = piece.partition("=")
            if not sep:
                name, sep, value = piece.partition(":")
            key = slugify(name).replace("-", "_")
            try:
                amount = _decimal(value)
            except ValueError:
                fail("dimensions", _("Write measurements as name=value in cm, e.g. length=30; height=22.5"))
                return {}
            if not key or amount <= 0:
                fail("dimensions", _("Write measurements as name=value in cm, e.g. length=30; height=22.5"))
                return {}
            result[key] = str(amount.quantize(Decimal("0.1")))  # as the wizard keeps them
        return result

    @staticmethod
    def _column_for(name: str, messages) -> str:
        if name == NON_FIELD_ERRORS:
            for constraint, column in _CONSTRAINT_COLUMNS.items():
                if any(constraint in str(m) for m in messages):
                    return column
            return ""
        if name.startswith("dim_"):
            return "dimensions"
        return _FIELD_COLUMNS.get(name, name)


# --- The model's database constraints, checked without a query per row ---------------------------
_UNKNOWN = None
_OPERATORS = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "in": lambda a, b: a in b,
}


class _Unsupported(Exception):
    pass


def _value(instance, name: str):
    return getattr(instance, instance._meta.get_field(name).attname)


def _evaluate(q, instance):
    """SQL's three-valued result of a CheckConstraint condition on an unsaved instance
    (True, False, or None for unknown), or _Unsupported for lookups it does not know."""
    from django.db.models import F, Q

    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(_evaluate(child, instance))
            continue
        lookup, expected = child
        name, _sep, operator = lookup.partition("__")
        operator = operator or "exact"
        actual = _value(instance, name)
        if isinstance(expected, F):
            expected = _value(instance, expected.name)
        elif hasattr(expected, "resolve_expression"):
            raise _Unsupported
        if operator == "isnull":
            results.append((actual is None) == bool(expected))
        elif operator == "exact" and expected is None:
            results.append(actual is None)
        elif operator not in _OPERATORS or "__" in operator:
            raise _Unsupported
        elif actual is None or expected is None:
            results.append(_UNKNOWN)
        else:
            results.append(bool(_OPERATORS[operator](actual, expected)))
    if q.connector == Q.AND:
        outcome = False if False in results else (_UNKNOWN if _UNKNOWN in results else True)
    else:
        outcome = True if True in results else (_UNKNOWN if _UNKNOWN in results else False)
    if q.negated and outcome is not _UNKNOWN:
        outcome = not outcome
    return outcome


def validate_model_constraints(instance) -> None:
    """The same check as ``Model.validate_constraints``, with CheckConstraints on plain comparisons
    evaluated in Python instead of one query each (a CHECK passes when its result is unknown,
    as in SQL). Anything else falls back to Django's own query. The database enforces them all
    again when the row is written."""
    from django.db.models import CheckConstraint

    errors = []
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    try:
                        if _evaluate(constraint.condition, instance) is False:
                            raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
                        continue
                    except _Unsupported:
                        pass
                constraint.validate(model_class, instance)
            except ValidationError as exc:
                errors.append(exc)
    if errors:
        raise ValidationError({NON_FIELD_ERRORS: errors})


def _check_step_fields(product: Product, step: int) -> None:
    from .services import _check_step_fields as wizard_rules  # one set of rules for wizard and import

    wizard_rules(product, step)


def _check_measurements(product: Product) -> None:
    """The wizard's step 2 rules. Its size rule (a size from a chart of the category) costs a query
    per row there; here the size was only looked up among those charts, so it is left out."""
    size = product.size
    product.size = None
    try:
        _check_step_fields(product, 2)
    finally:
        product.size = size


def _pricing_values(kind: str, values: dict) -> dict:
    from .services import _pricing_values as wizard_pricing

    return wizard_pricing(kind, values)


def _sku_prefix(*, brand: Brand, category: Category) -> str:
    # The same BRAND-CAT prefix as services.sku_generate, so the counters are shared.
    from .services import _prefix

    return f"{_prefix(brand.name, 4)}-{_prefix(category.slug, 3)}"


# --- Writing ------------------------------------------------------------------------------------
def _assign_slugs(rows: list[_Row], used: set[str]) -> None:
    def candidate(title):
        return f"{(slugify(title)[:150] or 'produs')}-{get_random_string(6).lower()}"

    pending = rows
    while pending:
        for row in pending:
            row.product.slug = candidate(row.product.title)
        wanted = [row.product.slug for row in pending]
        taken = set(Product.objects.filter(slug__in=wanted).values_list("slug", flat=True)) | used
        clashes, seen = [], set()
        for row in pending:
            if row.product.slug in taken or row.product.slug in seen:
                clashes.append(row)
            seen.add(row.product.slug)
        used.update(seen)
        pending = clashes


def _reserve_sku_numbers(prefix: str, count: int) -> int:
    """Reserve ``count`` consecutive numbers for a prefix under the counter's row lock; the first one."""
    SKUSequence.objects.get_or_create(prefix=prefix)
    sequence = SKUSequence.objects.select_for_update().get(prefix=prefix)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return first


def _insert_listings(products: list[Product]) -> None:
    """Insert checked StoreProduct/AuctionProduct rows in a few statements instead of two per row.

    Django's bulk_create refuses multi-table models, so this does in bulk what ``save()`` does
    row by row: the Product rows (ids returned by the database), then each child table's rows
    through the same ``_insert`` that ``Model.save`` uses. No Product signal is listened to.
    """
    Product.objects.bulk_create(products)  # sets .id (RETURNING on PostgreSQL and SQLite)
    by_model: dict[type, list[Product]] = defaultdict(list)
    for product in products:
        product.product_ptr_id = product.id
        by_model[type(product)].append(product)
    for model, children in by_model.items():
        fields = list(model._meta.local_concrete_fields)
        size = max(1, 900 // len(fields))
        for start in range(0, len(children), size):
            model._base_manager._insert(children[start : start + size], fields=fields, using=Product.objects.db)
    for product in products:
        product._state.adding = False


@transaction.atomic
def _write_chunk(rows: list[_Row], used_slugs: set[str]) -> None:
    _assign_slugs(rows, used_slugs)
    _insert_listings([row.product for row in rows])
    by_prefix: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_prefix[row.prefix].append(row)
    codes = []
    for prefix in sorted(by_prefix):  # a fixed order: two imports never lock counters crosswise
        first = _reserve_sku_numbers(prefix, len(by_prefix[prefix]))
        for offset, row in enumerate(by_prefix[prefix]):
            codes.append(SKUCode(product_id=row.product.pk, code=f"{prefix}-{first + offset:06d}"))
    SKUCode.objects.bulk_create(codes)


def _attach_photos(row: _Row, archive: PhotoArchive | None, outcome: ImportOutcome) -> None:
    from .services import product_image_add

    sources = [("image_files", name) for name in row.image_files] + [("image_urls", url) for url in row.image_urls]
    for column, source in sources:
        try:
            upload = archive.upload(source) if column == "image_files" else fetch_image_url(source)
            product_image_add(product=row.product, upload=upload)
            outcome.photos_added += 1
        except ValidationError as exc:
            why = "; ".join(str(m) for m in exc.messages)
            outcome.photo_errors.append(RowError(row.number, column, f"{source[:200]}: {why}"))


def product_import_rows(
    *,
    dataset: tablib.Dataset,
    vendor=None,
    staff: bool = False,
    photos: PhotoArchive | None = None,
    dry_run: bool,
    on_progress: Callable[[str, int], None] | None = None,
) -> ImportOutcome:
    """Check every row of a sheet and, unless ``dry_run`` or a row is wrong, write the listings.

    ``vendor`` is the shop the rows go to: for a vendor, always their own (a vendor column with
    another shop is refused); for staff (``staff=True``) the default for rows whose vendor column
    is empty. Photos are attached after the rows are written; a photo that cannot be used is
    reported in ``photo_errors`` and its listing stays, pending, without it.
    ``on_progress(phase, done)`` is called with phase "checking" or "writing".
    """
    if not staff and vendor is None:
        raise ValidationError(_("Only a shop can import listings."), code="no_vendor")
    progress = on_progress or (lambda phase, done: None)
    index = _header_index(dataset.headers, staff=staff)
    checker = _RowChecker(lookups=_Lookups(staff=staff), index=index, vendor=vendor, staff=staff, archive=photos)
    outcome = ImportOutcome()
    rows: list[_Row] = []
    for position, values in enumerate(dataset):
        if not any(_text(v) for v in values):
            continue  # a blank line
        outcome.total += 1
        row, errors = checker.check(position + 2, values)
        if errors:
            outcome.errors.extend(errors)
        else:
            rows.append(row)
            if len(outcome.preview) < 20:
                outcome.preview.append(_preview(row))
        if outcome.total % CHUNK_SIZE == 0:
            progress("checking", outcome.total)
    progress("checking", outcome.total)
    if outcome.total == 0:
        outcome.errors.append(RowError(0, "", _("The file has no listing rows.")))
    if dry_run or outcome.errors:
        return outcome

    used_slugs: set[str] = set()
    done = 0
    for start in range(0, len(rows), CHUNK_SIZE):
        chunk = rows[start : start + CHUNK_SIZE]
        _write_chunk(chunk, used_slugs)
        outcome.product_ids.extend(row.product.pk for row in chunk)
        for row in chunk:
            if row.image_files or row.image_urls:
                _attach_photos(row, photos, outcome)
        done += len(chunk)
        progress("writing", done)
    return outcome


def _preview(row: _Row) -> dict:
    product = row.product
    if isinstance(product, AuctionProduct):
        price = _("auction from %(price)s lei") % {"price": format_money(product.starting_price, unit=False)}
    else:
        price = format_money(product.price)
    return {
        "row": row.number,
        "title": product.title,
        "vendor": str(product.vendor),
        "brand": str(product.brand),
        "category": str(product.category),
        "price": price,
        "photos": len(row.image_urls) + len(row.image_files),
    }


# --- Export and the template --------------------------------------------------------------------
class ProductExportResource(resources.Resource):
    """The vendor's (or, for staff, any) listings as rows, in the import's columns plus id, SKU, status."""

    id = fields.Field(attribute="pk", column_name="id")
    sku = fields.Field(column_name="sku")
    status = fields.Field(attribute="status", column_name="status")
    title = fields.Field(attribute="title", column_name="title")
    description = fields.Field(attribute="description", column_name="description")
    category = fields.Field(attribute="category__slug", column_name="category")
    subcategory = fields.Field(attribute="subcategory__slug", column_name="subcategory")
    brand = fields.Field(attribute="brand__name", column_name="brand")
    product_type = fields.Field(attribute="product_type", column_name="product_type")
    condition = fields.Field(attribute="condition__slug", column_name="condition")
    size = fields.Field(attribute="size__eu", column_name="size")
    colour = fields.Field(attribute="colour", column_name="colour")
    material = fields.Field(attribute="material__slug", column_name="material")
    dimensions = fields.Field(column_name="dimensions")
    serial = fields.Field(attribute="serial_number", column_name="serial")
    price = fields.Field(column_name="price")
    stock = fields.Field(column_name="stock")
    starting_price = fields.Field(column_name="starting_price")
    reserve_price = fields.Field(column_name="reserve_price")
    bid_increment = fields.Field(column_name="bid_increment")
    duration_hours = fields.Field(column_name="duration_hours")
    image_urls = fields.Field(column_name="image_urls")

    class Meta:
        export_order = (
            "id", "sku", "status", "title", "description", "category", "subcategory", "brand", "product_type",
            "condition", "size", "colour", "material", "dimensions", "serial", "price", "stock", "starting_price",
            "reserve_price", "bid_increment", "duration_hours", "image_urls",
        )

    def __init__(self, *, staff: bool = False, url_for: Callable[[str], str] | None = None):
        super().__init__()
        self.url_for = url_for or (lambda url: url)
        if staff:
            vendor = fields.Field(attribute="vendor__slug", column_name="vendor")
            self.fields["vendor"] = vendor

    def get_export_order(self):
        return (*self._meta.export_order, *(("vendor",) if "vendor" in self.fields else ()))

    def iter_queryset(self, queryset):
        return queryset  # prefetched: one pass, a fixed number of queries

    @staticmethod
    def _store(obj):
        return getattr(obj, "storeproduct", None) if obj.kind == "store" else None

    @staticmethod
    def _auction(obj):
        return getattr(obj, "auctionproduct", None) if obj.kind == "auction" else None

    def dehydrate_title(self, obj):
        return _cell(obj.title)

    def dehydrate_description(self, obj):
        return _cell(obj.description)

    def dehydrate_serial(self, obj):
        return _cell(obj.serial_number)

    def dehydrate_sku(self, obj):
        return getattr(getattr(obj, "sku", None), "code", "")

    def dehydrate_dimensions(self, obj):
        return "; ".join(f"{k}={v}" for k, v in (obj.dimensions or {}).items())

    def dehydrate_price(self, obj):
        store = self._store(obj)
        return str(store.price) if store else ""

    def dehydrate_stock(self, obj):
        store = self._store(obj)
        return store.stock if store else ""

    def dehydrate_starting_price(self, obj):
        auction = self._auction(obj)
        return str(auction.starting_price) if auction else ""

    def dehydrate_reserve_price(self, obj):
        auction = self._auction(obj)
        return str(auction.reserve_price) if auction and auction.reserve_price is not None else ""

    def dehydrate_bid_increment(self, obj):
        auction = self._auction(obj)
        return str(auction.bid_increment) if auction and auction.bid_increment is not None else ""

    def dehydrate_duration_hours(self, obj):
        auction = self._auction(obj)
        return auction.duration_hours if auction else ""

    def dehydrate_image_urls(self, obj):
        return " | ".join(self.url_for(image.image.url) for image in obj.images.all() if image.image)


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV/formula injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def product_export_queryset(queryset):
    """What an export reads, in a fixed number of queries whatever the number of listings."""
    return queryset.select_related(
        "vendor", "brand", "category", "subcategory", "condition", "size", "material", "sku", "storeproduct", "auctionproduct"
    ).prefetch_related("images")


def export_file(*, queryset, fmt: str, staff: bool, url_for=None) -> bytes | str:
    dataset = ProductExportResource(staff=staff, url_for=url_for).export(queryset=product_export_queryset(queryset))
    return FORMATS[fmt]().export_data(dataset)


def template_file(*, fmt: str, staff: bool) -> bytes | str:
    """An empty sheet with the import's columns, to fill in. The XLSX one has a second sheet,
    "codes", with the codes the columns accept (categories, brands, conditions...)."""
    dataset = tablib.Dataset(headers=[name for name, _help in import_columns(staff=staff)], title="listings")
    if fmt != "xlsx":
        return FORMATS[fmt]().export_data(dataset)
    return tablib.Databook([dataset, reference_codes()]).export("xlsx")


def reference_codes() -> tablib.Dataset:
    """Every code an import row may use, one per line: column, code, name (a few queries in all)."""
    codes = tablib.Dataset(headers=["column", "code", "name"], title="codes")
    for category in Category.objects.order_by("slug"):
        codes.append(["category", category.slug, category.display_name])
    for sub in SubCategory.objects.select_related("category").order_by("category__slug", "slug"):
        codes.append(["subcategory", sub.slug, f"{sub.category.slug}: {sub.display_name}"])
    for brand in Brand.objects.order_by("name"):
        codes.append(["brand", brand.name, brand.slug])
    codes.extend([["product_type", value, str(label)] for value, label in ProductType.choices])
    for grade in ConditionGrade.objects.order_by("rank"):
        codes.append(["condition", grade.slug, grade.display_name])
    for material in Material.objects.order_by("slug"):
        codes.append(["material", material.slug, material.display_name])
    codes.extend([["colour", value, str(label)] for value, label in Colour.choices])
    for size in Size.objects.select_related("chart").order_by("chart__slug", "position"):
        codes.append(["size", size.eu, str(size.chart)])
    return codes

