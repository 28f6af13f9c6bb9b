from django.db.models import Prefetch, QuerySet

from .models import ListingStatus, Product, ProductImage, StoreProduct


def product_list_for_admin() -> QuerySet[Product]:
    """Everything a listing row shows, in a fixed number of queries whatever the page length."""
    return Product.objects.select_related(
        "vendor", "brand", "category", "subcategory", "condition", "sku", "storeproduct", "auctionproduct"
    ).prefetch_related(Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images"))


def validation_queue() -> QuerySet[Product]:
    return product_list_for_admin().filter(status=ListingStatus.PENDING).order_by("submitted_at", "pk")


def product_for_review(*, pk) -> Product:
    return (
        Product.objects.select_related("vendor__user", "brand", "category", "subcategory", "condition", "size", "material", "sku", "storeproduct", "auctionproduct")
        .prefetch_related("images", "attributes")
        .get(pk=pk)
    )


def product_for_vendor_wizard() -> QuerySet[Product]:
    """One listing with what the wizard pages show; scope it with vendors.access before use."""
    return Product.objects.select_related(
        "vendor", "category", "subcategory", "brand", "condition", "size__chart", "material", "storeproduct", "auctionproduct"
    )


def products_without_sku(queryset: QuerySet[Product]) -> QuerySet[Product]:
    return queryset.filter(sku__isnull=True).select_related("brand", "category").order_by("-created_at")


def store_product_for_preview(*, pk) -> StoreProduct:
    """A fixed-price listing in any status, with what its storefront page shows: for staff who may
    see unpublished listings (``products.view_unpublished_product``). DoesNotExist when there is none."""
    return (
        StoreProduct.objects.select_related("brand", "condition", "size", "category", "subcategory", "vendor", "material", "sku")
        .prefetch_related("images", "attributes")
        .get(pk=pk)
    )
