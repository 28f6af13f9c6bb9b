"""``/api/products/``: the public catalogue (the storefront's filters and cursor), and a vendor's own
listings written through the listing services (a change to a validated piece sends it back to review)."""

import json

import django_filters
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from doors import catalogue_cache as page_cache
from marketplace.customers.catalogue import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    SORTS,
    CatalogueFilters,
    catalogue_page,
    public_product,
)
from marketplace.products.attributes import MAX_ATTRIBUTES, product_attributes_set
from marketplace.products.models import (
    Brand,
    Category,
    ConditionGrade,
    Material,
    Product,
    ProductType,
    Size,
    StoreProduct,
    SubCategory,
)
from marketplace.products.rules import ListingStatus
from marketplace.products.selectors import product_list_for_admin
from marketplace.products.services import (
    STEP_FIELDS,
    product_delete,
    product_draft_create,
    product_image_add,
    product_pricing_set,
    product_step_save,
)
from marketplace.vendors.access import approved_vendor_for_user, vendor_object, vendor_scope

from ..pagination import NewestFirst
from ..permissions import IsVendor
from .shaping import image_urls, product_card, product_detail


class CatalogueQuery(serializers.Serializer):
    """The storefront catalogue's filters, as query parameters."""

    category = serializers.SlugField(required=False, max_length=80)
    subcategory = serializers.SlugField(required=False, max_length=80)
    brand = serializers.SlugField(required=False, max_length=80)
    vendor = serializers.SlugField(required=False, max_length=80)
    product_type = serializers.ChoiceField(choices=ProductType.choices, required=False)
    condition = serializers.SlugField(required=False, max_length=80)
    size = serializers.CharField(required=False, max_length=10)
    colour = serializers.CharField(required=False, max_length=12)
    price_min = serializers.DecimalField(required=False, max_digits=12, decimal_places=2, min_value=0)
    price_max = serializers.DecimalField(required=False, max_digits=12, decimal_places=2, min_value=0)
    q = serializers.CharField(required=False, max_length=100)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="newest")
    cursor = serializers.CharField(required=False, max_length=200)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=PAGE_SIZE)
    authenticated = serializers.BooleanField(required=False, default=False, help_text="only pieces with a valid certificate")


class ListingWrite(serializers.Serializer):
    """A vendor's listing, steps 1-5 of the wizard (any subset on PATCH)."""

    title = serializers.CharField(max_length=150)
    title_en = serializers.CharField(max_length=150, required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    subcategory = serializers.PrimaryKeyRelatedField(queryset=SubCategory.objects.all(), required=False, allow_null=True)
    brand = serializers.PrimaryKeyRelatedField(queryset=Brand.objects.all())
    product_type = serializers.ChoiceField(choices=ProductType.choices)
    condition = serializers.PrimaryKeyRelatedField(queryset=ConditionGrade.objects.all())
    size = serializers.PrimaryKeyRelatedField(queryset=Size.objects.all(), required=False, allow_null=True)
    dimensions = serializers.DictField(child=serializers.CharField(max_length=10), required=False)
    custom_dimensions = serializers.ListField(child=serializers.DictField(), required=False, max_length=8)
    material = serializers.PrimaryKeyRelatedField(queryset=Material.objects.all(), required=False, allow_null=True)
    colour = serializers.CharField(max_length=12, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    description_en = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    serial_number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    authenticity_notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    attributes = serializers.ListField(
        child=inline_serializer("AttributeWrite", {
            "name": serializers.CharField(max_length=60, allow_blank=True),
            "value": serializers.CharField(max_length=200, allow_blank=True),
        }),
        required=False, max_length=MAX_ATTRIBUTES,
        help_text="The listing's other details (name and value); the list given replaces them all.",
    )


class PricingWrite(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("store", "store"), ("auction", "auction")])
    price = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    stock = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    starting_price = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    reserve_price = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    bid_increment = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    duration_hours = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=24 * 60)


class PhotoWrite(serializers.Serializer):
    photo = serializers.ImageField()
    alt_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OwnListingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ListingStatus.choices)
    product_type = django_filters.ChoiceFilter(choices=ProductType.choices)
    category = django_filters.NumberFilter(field_name="category_id")

    class Meta:
        model = Product
        fields = ["status", "product_type", "category"]


def own_listing_detail(product) -> dict:
    """One of the vendor's listings with its details (attributes): one query more than a row of the list."""
    return {**own_listing(product), "attributes": [{"name": a.name, "value": a.value} for a in product.attributes.order_by("pk")]}


def own_listing(product) -> dict:
    store, auction = getattr(product, "storeproduct", None), getattr(product, "auctionproduct", None)
    images = getattr(product, "primary_images", None) or []
    return {
        "id": product.pk, "title": product.title, "title_en": product.title_en, "status": product.status,
        "status_label": str(product.get_status_display()), "kind": "auction" if auction else "store",
        "wizard_step": product.wizard_step, "rejection_reason": product.rejection_reason,
        "price": str(store.price) if store else None, "stock": store.stock if store else None,
        "starting_price": str(auction.starting_price) if auction else None,
        "sku": getattr(getattr(product, "sku", None), "code", ""),
        "category": product.category_id, "brand": product.brand_id, "image": image_urls(images[0] if images else None),
    }


class ProductViewSet(viewsets.ViewSet):
    """Public reads for everybody; writes (and ``?mine=1``) for an approved shop, on its own listings only."""

    lookup_value_converter = "id"

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = OwnListingFilter

    def get_permissions(self):
        if self.action in ("list", "retrieve") and not self._mine():
            return [permissions.AllowAny()]
        return [IsVendor()]

    def _mine(self) -> bool:
        return self.request.query_params.get("mine") in ("1", "true")

    def _own(self, pk):
        return vendor_object(product_list_for_admin(), user=self.request.user, pk=pk)

    @extend_schema(
        parameters=[CatalogueQuery, OpenApiParameter("mine", bool, description="a vendor's own listings, every status")],
        responses=inline_serializer("ProductPage", {
            "results": serializers.ListField(child=serializers.JSONField()), "next_cursor": serializers.CharField(allow_null=True),
        }),
    )
    def list(self, request):
        if self._mine():
            queryset = OwnListingFilter(request.query_params, queryset=vendor_scope(product_list_for_admin(), user=request.user))
            if not queryset.is_valid():
                raise serializers.ValidationError(queryset.errors)
            paginator = NewestFirst()
            page = paginator.paginate_queryset(queryset.qs, request, view=self)
            return paginator.get_paginated_response([own_listing(p) for p in page])
        # an anonymous page asked in the last minute (keyed by the raw query: only valid ones are stored)
        key = page_cache.page_key(request._request, json.dumps(sorted(request.query_params.lists())), door="api")
        if key is not None and (body := cache.get(key)) is not None:
            return HttpResponse(body, content_type="application/json")
        query = CatalogueQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = dict(query.validated_data)
        sort, cursor, limit = values.pop("sort"), values.pop("cursor", None), values.pop("limit")
        page = catalogue_page(filters=CatalogueFilters(**values), sort=sort, cursor=cursor, limit=limit)
        data = {"results": [product_card(p) for p in page.items], "next_cursor": page.next_cursor}
        if key is None:
            return Response(data)
        body = JSONRenderer().render(data)
        cache.set(key, body, page_cache.seconds())
        return HttpResponse(body, content_type="application/json")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        if self._mine():
            return Response(own_listing_detail(self._own(pk)))
        try:
            product = public_product(pk=int(pk))
        except (StoreProduct.DoesNotExist, ValueError, OverflowError):
            return Response({"code": "not_found", "message": _("Not found."), "fields": {}}, status=404)
        return Response(product_detail(product))

    @extend_schema(request=ListingWrite, responses={201: OpenApiTypes.OBJECT})
    @transaction.atomic  # refused details leave no half-written listing
    def create(self, request):
        data = ListingWrite(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        first = {name: values.get(name) for name in STEP_FIELDS[1] if name in values or name == "subcategory"}
        product = product_draft_create(vendor=approved_vendor_for_user(request.user), **first)
        product = self._save_steps(product, values, after=1)
        self._save_attributes(product, values)
        return Response(own_listing_detail(self._own(product.pk)), status=status.HTTP_201_CREATED)

    @extend_schema(request=ListingWrite, responses=OpenApiTypes.OBJECT)
    @transaction.atomic  # refused details leave no half-written listing
    def partial_update(self, request, pk=None):
        product = self._own(pk)
        data = ListingWrite(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product = self._save_steps(product, data.validated_data, after=0)
        self._save_attributes(product, data.validated_data)
        return Response(own_listing_detail(self._own(pk)))

    @staticmethod
    def _save_attributes(product, values: dict) -> None:
        if "attributes" in values:
            product_attributes_set(product=product, attributes=[(a["name"], a["value"]) for a in values["attributes"]])

    def _save_steps(self, product, values: dict, *, after: int):
        """Write each wizard step the body touches, in order; a step not reached yet on the way to a
        touched one is saved as it stands (saving a step opens the next, as in the wizard)."""
        touched = [step for step, names in STEP_FIELDS.items() if any(name in values for name in names)]
        last = max(touched, default=0)
        for step, names in sorted(STEP_FIELDS.items()):
            if step <= after or step > last or (step not in touched and step < product.wizard_step):
                continue
            current = {name: getattr(product, name) for name in names}
            current.update({name: values[name] for name in names if name in values})
            product = product_step_save(product=product, step=step, data=current)
        return product

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        product_delete(product=self._own(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PricingWrite, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Step 6: a fixed price or auction settings; a draft goes to the validation queue."""
        product = self._own(pk)
        data = PricingWrite(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kind = values.pop("kind")
        product_pricing_set(product=product, kind=kind, values=values)
        return Response(own_listing(self._own(pk)))

    @extend_schema(request={"multipart/form-data": PhotoWrite}, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def images(self, request, pk=None):
        product = self._own(pk)
        data = PhotoWrite(data=request.data)
        data.is_valid(raise_exception=True)
        image = product_image_add(product=product, upload=data.validated_data["photo"], alt_text=data.validated_data["alt_text"])
        return Response({"id": image.pk, **(image_urls(image) or {})}, status=status.HTTP_201_CREATED)
