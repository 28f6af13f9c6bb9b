"""Catalogue reference data: the category tree, brands, materials, condition grades and size charts.

Listings (products, images, SKUs) build on these.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import BilingualNameModel, TimeStampedModel

from .dimensions import validate_preset_keys
from .rules import ListingQuerySet, ListingStatus


class Category(BilingualNameModel):
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    preset_dimensions = models.JSONField(
        _("preset measurements"),
        default=list,
        blank=True,
        validators=[validate_preset_keys],
        help_text=_("The measurements a listing in this category asks for, e.g. length, height, handle_drop."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="products_category_not_own_parent")
        ]

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("A category cannot sit under itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class SubCategory(BilingualNameModel):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="subcategories", verbose_name=_("category")
    )
    slug = models.SlugField(_("slug"), max_length=140)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("subcategory")
        verbose_name_plural = _("subcategories")
        ordering = ["category", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="products_subcategory_slug_per_category")
        ]


class Brand(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    country = models.CharField(_("country of origin"), max_length=2, blank=True)
    founded = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Material(BilingualNameModel):
    slug = models.SlugField(_("slug"), max_length=140, unique=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["name"]


class ConditionGrade(BilingualNameModel):
    """How worn a piece is, from "new with tags" down; ``rank`` 1 is the best."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    description = models.CharField(_("description (Romanian)"), max_length=255, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("condition grade")
        verbose_name_plural = _("condition grades")
        ordering = ["rank"]


class SizeChart(BilingualNameModel):
    """A conversion table between size systems for one kind of garment (women's shoes, ...)."""

    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    categories = models.ManyToManyField(
        Category, related_name="size_charts", blank=True, verbose_name=_("categories")
    )

    class Meta:
        verbose_name = _("size chart")
        verbose_name_plural = _("size charts")
        ordering = ["name"]


class Size(models.Model):
    """One row of a size chart: the same size written in each system."""

    class System(models.TextChoices):
        EU = "eu", "EU"
        IT = "it", "IT"
        FR = "fr", "FR"
        US = "us", "US"
        UK = "uk", "UK"

    chart = models.ForeignKey(SizeChart, on_delete=models.CASCADE, related_name="sizes", verbose_name=_("size chart"))
    position = models.PositiveSmallIntegerField(_("position"))
    eu = models.CharField("EU", max_length=10)
    it = models.CharField("IT", max_length=10)
    fr = models.CharField("FR", max_length=10)
    us = models.CharField("US", max_length=10)
    uk = models.CharField("UK", max_length=10)

    class Meta:
        verbose_name = _("size")
        verbose_name_plural = _("sizes")
        ordering = ["chart", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "position"], name="products_size_position_per_chart"),
            models.UniqueConstraint(fields=["chart", "eu"], name="products_size_eu_per_chart"),
        ]

    def __str__(self) -> str:
        return f"EU {self.eu} · IT {self.it} · FR {self.fr} · US {self.us} · UK {self.uk}"

    def label(self, system: str) -> str:
        return getattr(self, self.System(system).value)


# ---------------------------------------------------------------------------------------------
# Listings
# ---------------------------------------------------------------------------------------------
class ProductType(models.TextChoices):
    NEW = "new", _("New")
    OUTLET = "outlet", _("Outlet")
    PRELOVED = "preloved", _("Pre-loved")


class Colour(models.TextChoices):
    BLACK = "black", _("Black")
    WHITE = "white", _("White")
    BEIGE = "beige", _("Beige")
    BROWN = "brown", _("Brown")
    GREY = "grey", _("Grey")
    RED = "red", _("Red")
    PINK = "pink", _("Pink")
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    GOLD = "gold", _("Gold")
    SILVER = "silver", _("Silver")
    MULTI = "multicolour", _("Multicolour")


class Product(TimeStampedModel):
    """A listing: one piece a vendor sells, at a fixed price (StoreProduct) or at auction (AuctionProduct).

    Built by the six-step wizard: while ``status`` is draft, ``wizard_step`` says how far the
    vendor got. Only validated listings are public.
    """

    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.PROTECT, related_name="products", verbose_name=_("vendor")
    )
    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(
        _("title (English)"), max_length=150, blank=True, help_text=_("Optional: shown to buyers who browse in English.")
    )
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Optional: shown to buyers who browse in English.")
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category"))
    subcategory = models.ForeignKey(
        SubCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="products", verbose_name=_("subcategory")
    )
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="products", verbose_name=_("brand"))
    product_type = models.CharField(_("type"), max_length=10, choices=ProductType.choices)
    condition = models.ForeignKey(
        ConditionGrade, on_delete=models.PROTECT, related_name="products", verbose_name=_("condition")
    )
    size = models.ForeignKey(Size, on_delete=models.PROTECT, null=True, blank=True, related_name="products", verbose_name=_("size"))
    colour = models.CharField(_("colour"), max_length=12, choices=Colour.choices, blank=True)
    material = models.ForeignKey(
        Material, on_delete=models.PROTECT, null=True, blank=True, related_name="products", verbose_name=_("material")
    )
    dimensions = models.JSONField(_("dimensions (cm)"), default=dict, blank=True)
    custom_dimensions = models.JSONField(_("other measurements"), default=list, blank=True)
    serial_number = models.CharField(_("serial or date code"), max_length=80, blank=True)
    authenticity_notes = models.TextField(_("authenticity details"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT, db_index=True)
    wizard_step = models.PositiveSmallIntegerField(_("wizard step reached"), default=1)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)

    objects = ListingQuerySet.as_manager()  # .public(), .on_sale(): see rules.py

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="products_queue")]
        permissions = [
            ("view_unpublished_product", _("Can view unpublished product")),
            ("approve_product", _("Can approve product for listing")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="products_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the buyer's language: the English one when browsing in English and the vendor wrote it."""
        if self.title_en and (get_language() or "ro").startswith("en"):
            return self.title_en
        return self.title

    @property
    def display_description(self) -> str:
        if self.description_en and (get_language() or "ro").startswith("en"):
            return self.description_en
        return self.description

    @property
    def kind(self) -> str | None:
        """'store', 'auction', or None while the wizard has not reached the price step."""
        if hasattr(self, "storeproduct"):
            return "store"
        if hasattr(self, "auctionproduct"):
            return "auction"
        return None


class StoreProduct(Product):
    """Sold at a fixed price."""

    price = models.DecimalField(_("price (lei)"), max_digits=12, decimal_places=2)
    stock = models.PositiveIntegerField(_("stock"), default=1)

    class Meta:
        verbose_name = _("fixed-price product")
        verbose_name_plural = _("fixed-price products")
        # The storefront pages the catalogue by keyset on (price, id): a page is an index range scan.
        indexes = [models.Index(fields=["price", "product_ptr"], name="products_store_price_id")]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="products_store_price_positive"),
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="products_store_stock_not_negative"),
        ]


class AuctionProduct(Product):
    """Sold in a timed auction."""

    starting_price = models.DecimalField(_("starting price (lei)"), max_digits=12, decimal_places=2)
    reserve_price = models.DecimalField(_("reserve price (lei)"), max_digits=12, decimal_places=2, null=True, blank=True)
    bid_increment = models.DecimalField(_("bid increment (lei)"), max_digits=12, decimal_places=2, null=True, blank=True)
    duration_hours = models.PositiveSmallIntegerField(_("duration (hours)"))
    start_time = models.DateTimeField(_("starts at"), null=True, blank=True)
    end_time = models.DateTimeField(_("ends at"), null=True, blank=True)

    class Meta:
        verbose_name = _("auction product")
        verbose_name_plural = _("auction products")
        constraints = [
            models.CheckConstraint(condition=models.Q(starting_price__gt=0), name="products_auction_start_positive"),
            models.CheckConstraint(
                condition=models.Q(reserve_price__isnull=True) | models.Q(reserve_price__gte=models.F("starting_price")),
                name="products_auction_reserve_not_below_start",
            ),
            models.CheckConstraint(
                condition=models.Q(bid_increment__isnull=True) | models.Q(bid_increment__gt=0),
                name="products_auction_increment_positive",
            ),
        ]


class SKUCode(models.Model):
    """A human-readable stock code: BRAND-CATEGORY-000123."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="sku", verbose_name=_("product"))
    code = models.CharField(_("SKU"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("SKU code")
        verbose_name_plural = _("SKU codes")

    def __str__(self) -> str:
        return self.code


class SKUSequence(models.Model):
    """The last number used per brand-category prefix; row-locked while a code is made."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)


class Attribute(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="attributes", verbose_name=_("product"))
    name = models.CharField(_("name"), max_length=60)
    value = models.CharField(_("value"), max_length=200)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        constraints = [models.UniqueConstraint(fields=["product", "name"], name="products_attribute_once")]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


def product_image_path(instance, filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductImage(TimeStampedModel):
    """A photo. The upload is kept as ``original``; ``image`` is what is shown (cut-out or original)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product"))
    original = models.ImageField(_("original"), upload_to=product_image_path)
    image = models.ImageField(_("image shown"), upload_to=product_image_path, blank=True)
    alt_text = models.CharField(_("alternative text"), max_length=200, blank=True)
    is_primary = models.BooleanField(_("main photo"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    background_removed = models.BooleanField(_("background removed"), default=False)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["product", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(is_primary=True), name="products_one_primary_image"
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text or f"#{self.pk}"


class ListingAwaitingReview(Product):
    """The staff validation queue: pending listings, oldest first (a proxy of Product)."""

    class Meta:
        proxy = True
        verbose_name = _("listing to validate")
        verbose_name_plural = _("validation queue")


def import_file_path(instance, filename: str) -> str:
    """A path nobody can guess: uploaded sheets are the vendor's business, not public media."""
    return f"imports/{uuid.uuid4().hex}/{filename}"


class ImportJob(TimeStampedModel):
    """One spreadsheet import, from upload through the dry run to the written listings.

    Moved here from ``backoffice`` (issue 12); ``db_table`` keeps its table.

    Checked and written either inside the request (small files) or by a django-q2 job; the
    back office polls ``done``/``total`` for its progress bar.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Waiting to be imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("uploaded by")
    )
    vendor = models.ForeignKey(
        "vendors.VendorProfile",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name=_("shop"),
        help_text=_("A vendor's own shop; for staff, the shop of rows without a vendor column."),
    )
    for_staff = models.BooleanField(_("staff import"), default=False)
    source = models.FileField(_("spreadsheet"), upload_to=import_file_path)
    photos = models.FileField(_("photo archive"), upload_to=import_file_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    photo_errors = models.JSONField(_("photo problems"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("listings created"), default=0)
    photos_added = models.PositiveIntegerField(_("photos added"), default=0)
    task_id = models.CharField(_("job id"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        db_table = "backoffice_importjob"
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="backoffice_import_done_le_total"),
            models.CheckConstraint(
                condition=models.Q(for_staff=True) | models.Q(vendor__isnull=False), name="backoffice_import_vendor_has_shop"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source.name.rsplit('/', 1)[-1]}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.CONFIRMED, self.Status.IMPORTING)


class ExportJob(TimeStampedModel):
    """One spreadsheet export of listings, written by a django-q2 job in a streaming way.

    The back office polls ``done``/``total`` for its progress bar and offers the file when ``done``;
    the person who asked is e-mailed a link. The file lives under an unguessable name and is served
    only to its owner.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("asked by"))
    vendor = models.ForeignKey(
        "vendors.VendorProfile", on_delete=models.CASCADE, null=True, blank=True, related_name="export_jobs",
        verbose_name=_("shop"), help_text=_("A vendor's own shop; empty for a staff export of any shop."),
    )
    fmt = models.CharField(_("format"), max_length=4, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.fmt}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
