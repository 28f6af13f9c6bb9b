"""Checking rows: each row of the sheet becomes an unsaved listing or a list of *row, column, why*.

The rules are the wizard's (``marketplace.products.services``), the model's ``full_clean`` and its
database constraints; reference data is read once per run, so a row costs no query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.common.money import MoneyFormatError, format_money, money_error_message, parse_money
from marketplace.vendors.models import VendorProfile

from ..attributes import attributes_clean, attributes_split
from ..models import (
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
    StoreProduct,
    SubCategory,
)
from ..services import _check_step_fields as wizard_rules  # one set of rules for wizard and import
from ..services import _pricing_values as wizard_pricing
from ..sku import sku_prefix
from .columns import ATTRIBUTE_COLUMN, MAX_PHOTOS_PER_ROW, REQUIRED_COLUMNS
from .constraints import validate_model_constraints
from .reading import PhotoArchive

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
class CheckedRow:
    number: int
    product: Product
    prefix: str
    image_urls: list[str]
    image_files: list[str]
    attributes: list[tuple[str, str]] = field(default_factory=list)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value) -> Decimal:
    text = cell_text(value).replace(" ", "").replace("lei", "").replace("RON", "")
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
    text = cell_text(value)
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return [piece.strip() for piece in text.split(separators[0]) if piece.strip()]


class Lookups:
    """Reference data read once per run, so checking a row costs no query."""

    def __init__(self, *, staff: bool):
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


class RowChecker:
    def __init__(self, *, lookups: Lookups, index: dict[str, int], vendor, staff: bool, archive: PhotoArchive | None):
        self.lookups, self.index, self.vendor, self.staff, self.archive = lookups, index, vendor, staff, archive
        self.url_validator = URLValidator(schemes=["http", "https"])
        self.attribute_columns = [column for column in index if column.startswith(ATTRIBUTE_COLUMN)]
        self.now = timezone.now()
        self._prefixes: dict[tuple[int, int], str] = {}  # (brand, category) -> SKU prefix, made once per run
        self._dimension_keys: dict[str, str] = {}  # a measurement's name as written -> its key

    def _sku_prefix(self, brand, category) -> str:
        key = (brand.pk, category.pk)
        if key not in self._prefixes:
            self._prefixes[key] = sku_prefix(brand=brand, category=category)  # the wizard's prefix: one counter
        return self._prefixes[key]

    def check(self, number: int, values) -> tuple[CheckedRow | None, list[RowError]]:
        errors: list[RowError] = []

        # Each cell's text once per row (the checks below read cells some 30 times a row).
        count = len(values)
        texts = {column: cell_text(values[position]) for column, position in self.index.items() if position < count}

        def get(column):
            return texts.get(column, "")

        def fail(column, message):
            errors.append(RowError(number, column, str(message)))

        look = self.lookups
        data = {"title": get("title"), "description": get("description"), "serial_number": get("serial"),
                "title_en": get("title_en"), "description_en": get("description_en")}
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
            "title_en": data["title_en"], "description_en": data["description_en"],
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
        attributes = self._attributes(get, fail)

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
        prefix = self._sku_prefix(brand, category)
        return CheckedRow(number, product, prefix, image_urls, image_files, attributes), []

    def _attributes(self, get, fail) -> list[tuple[str, str]]:
        """The attributes column (name=value; …) and the attribute:<name> columns, by the wizard's rules."""
        try:
            pairs = attributes_split(get("attributes"))
        except ValidationError as exc:
            fail("attributes", exc.messages[0])
            return []
        # An empty cell under attribute:<name> means the listing has no such detail.
        pairs += [(column[len(ATTRIBUTE_COLUMN) :], get(column)) for column in self.attribute_columns if get(column)]
        try:
            return attributes_clean(pairs)
        except ValidationError as exc:
            for message in exc.messages:
                fail("attributes", message)
            return []

    def _dimensions(self, text: str, fail) -> dict:
        result = {}
        for piece in _split(text, ";\n"):
            name, sep, value = piece.partition("=")
            if not sep:
                name, sep, value = piece.partition(":")
            key = self._dimension_keys.get(name)
            if key is None:
                key = self._dimension_keys[name] = slugify(name).replace("-", "_")
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


def _check_step_fields(product: Product, step: int) -> None:
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
    return wizard_pricing(kind, values)


def row_preview(row: CheckedRow) -> dict:
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
