"""The import sheet's columns, the formats it comes in and the import's tunables."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy
from import_export.formats.base_formats import CSV, XLSX

# --- The sheet's columns ------------------------------------------------------------------------
# (column, what goes in it). The order is the template's order.
COLUMNS: list[tuple[str, object]] = [
    ("title", gettext_lazy("Title (required, at most 150 characters).")),
    ("description", gettext_lazy("Description.")),
    ("title_en", gettext_lazy("Title in English (optional, at most 150 characters).")),
    ("description_en", gettext_lazy("Description in English (optional).")),
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
    ("attributes", gettext_lazy("Other details as name=value, separated by semicolons, e.g. Closure=magnetic; Lining=leather. A column named attribute:<name> (e.g. attribute:Closure) gives one detail per column.")),
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
# A column "attribute:Închidere" (or "atribut:Închidere") is one detail, named as written after the colon.
ATTRIBUTE_COLUMN_PREFIXES = ("attribute:", "atribut:")
ATTRIBUTE_COLUMN = "attribute:"  # the key such a column has in the header index: "attribute:<name>"

FORMATS = {"csv": CSV, "xlsx": XLSX}


def import_setting(name: str):
    """Tunables, overridable in settings: rows per file, rows done inside the request, fetch timeouts."""
    defaults = {
        "PRODUCT_IMPORT_MAX_ROWS": 20_000,
        "PRODUCT_IMPORT_INLINE_MAX_ROWS": 500,
        "PRODUCT_IMPORT_FETCH_CONNECT_TIMEOUT": 5,
        "PRODUCT_IMPORT_FETCH_READ_TIMEOUT": 20,
        "PRODUCT_EXPORT_INLINE_MAX_ROWS": 1000,  # a bigger export is a job (streamed, e-mailed)
    }
    return getattr(settings, name, defaults[name])


MAX_PHOTOS_PER_ROW = 10
CHUNK_SIZE = 250
STORED_ERRORS = 1000  # a job keeps at most this many problems; the count is kept in full


def import_columns(*, staff: bool) -> list[tuple[str, object]]:
    return [*COLUMNS, VENDOR_COLUMN] if staff else list(COLUMNS)
