"""Export of listings in the import's columns, the empty template and the codes the columns accept."""

from __future__ import annotations

from collections.abc import Callable

import tablib
from import_export import fields, resources

from ..models import Brand, Category, Colour, ConditionGrade, Material, ProductType, Size, SubCategory
from .columns import FORMATS, import_columns


class ProductExportResource(resources.Resource):
    """The vendor's (or, for staff, any) listings as rows, in the import's columns plus id, SKU, status."""

    id = fields.Field(attribute="pk", column_name="id")
    sku = fields.Field(column_name="sku")
    status = fields.Field(attribute="status", column_name="status")
    title = fields.Field(attribute="title", column_name="title")
    description = fields.Field(attribute="description", column_name="description")
    title_en = fields.Field(attribute="title_en", column_name="title_en")
    description_en = fields.Field(attribute="description_en", column_name="description_en")
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
            "id", "sku", "status", "title", "description", "title_en", "description_en", "category", "subcategory", "brand", "product_type",
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

    def dehydrate_title_en(self, obj):
        return _cell(obj.title_en)

    def dehydrate_description_en(self, obj):
        return _cell(obj.description_en)

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
