from typing import Annotated, Literal

from ninja import Field, Schema

from doors.money import MoneyInput
from marketplace.products.models import Colour, ProductType

# The largest id a database row can have (a signed 64-bit key). Every id the API reads — path, query
# or body — is of this type, so 2**63 and beyond are refused as bad input (422), never sent to the
# database to overflow there (a 500).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ImageOut(Schema):
    src: str
    srcset: str
    full: str
    alt: str


class ProductCardOut(Schema):
    id: int
    title: str
    url: str
    brand: str
    price: str = Field(description="Decimal amount in lei, as a string")
    price_display: str = Field(description="the price written for the reader's language")
    currency: str
    product_type: str
    product_type_label: str
    condition: str
    size: str
    colour: str
    image: ImageOut | None
    is_favorite: bool
    authenticated: bool = Field(False, description="the piece has a valid authenticity certificate")
    seller_rating: str | None = Field(None, description="the shop's average rating (1–5) from buyers' reviews")
    seller_reviews: int = Field(0, description="how many reviews the shop's rating counts")


class AttributeOut(Schema):
    name: str
    value: str


class ProductDetailOut(ProductCardOut):
    description: str
    images: list[ImageOut]
    category: str
    subcategory: str
    material: str
    colour_label: str
    dimensions: dict
    sku: str
    vendor: str
    in_stock: bool
    attributes: list[AttributeOut]


class ProductPageOut(Schema):
    items: list[ProductCardOut]
    next_cursor: str | None


SizeSystem = Literal["eu", "it", "fr", "us", "uk"]


class CatalogueQuery(Schema):
    category: str | None = Field(None, max_length=140, description="category slug (includes its children)")
    subcategory: str | None = Field(None, max_length=140)
    brand: str | None = Field(None, max_length=140)
    type: ProductType | None = None
    condition: str | None = Field(None, max_length=40)
    size: str | None = Field(None, max_length=10, description="size label in `size_system`")
    size_system: SizeSystem = "eu"
    colour: Colour | None = None
    price_min: MoneyInput | None = None  # the one money parser: 1.234,50 or 1234.50, never 1e3
    price_max: MoneyInput | None = None
    vendor: str | None = Field(None, max_length=140)
    q: str | None = Field(None, max_length=200, description="full-text search")
    my_sizes: bool = Field(False, description="only the buyer's saved sizes in categories where they saved one")
    authenticated: bool = Field(False, description="only pieces with a valid authenticity certificate")
    sort: Literal["relevance", "newest", "price_asc", "price_desc"] = Field(
        "relevance", description="relevance: the best match first when `q` is given, else the newest"
    )
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(24, ge=1, le=48)
