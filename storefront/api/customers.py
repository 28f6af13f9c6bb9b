"""The signed-in buyer's lists: favourites, wishlist (price-drop alerts), saved sizes; the address book and the
company look-up (ANAF) of the checkout."""

from dataclasses import asdict
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from marketplace.common.errors import DomainError
from marketplace.common.ratelimit import rate_limited
from marketplace.customers import addresses, selectors, services
from marketplace.customers.catalogue import public_product
from marketplace.customers.company_registry import RegistryUnavailable
from marketplace.customers.company_registry import company_lookup as registry_lookup
from marketplace.products.models import Category, Size
from storefront.presenters import product_card

from .schemas import ErrorOut, Id, ProductCardOut, SizeSystem

router = Router(tags=["customers"], auth=django_auth)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class FavoriteOut(Schema):
    product_id: Id
    is_favorite: bool


class WishlistItemOut(Schema):
    product: ProductCardOut
    price_when_added: str
    current_price: str | None
    price_dropped: bool
    alert_price_drop: bool


class WishlistIn(Schema):
    product_id: Id


class WishlistAlertIn(Schema):
    alert_price_drop: bool


class SavedSizeOut(Schema):
    category: str
    category_name: str
    size_id: Id
    system: str
    label: str


class SavedSizeIn(Schema):
    size_id: Id
    system: SizeSystem = "eu"


def _card(product, favorites=frozenset()):
    # Favourites and wishlist hold Product rows; the card reads the fixed-price child's price.
    store = product.storeproduct
    store.primary_images = getattr(product, "primary_images", [])
    return product_card(store, favorites=favorites)


def _wishlist_out(item, favorites=frozenset()) -> dict:
    current = selectors.wishlist_current_price(item)
    return {
        "product": _card(item.product, favorites),
        "price_when_added": str(item.price_when_added),
        "current_price": str(current) if current is not None else None,
        "price_dropped": selectors.wishlist_price_dropped(item),
        "alert_price_drop": item.alert_price_drop,
    }


# --- favourites ----------------------------------------------------------------------------
@router.get("/favorites", response={200: list[ProductCardOut], **ERRORS})
def favorite_list(request):
    favorites = list(selectors.favorites_for(user=request.user))
    ids = {favorite.product_id for favorite in favorites}
    return [_card(favorite.product, ids) for favorite in favorites]


@router.post("/favorites/{int:product_id}/toggle", response={200: FavoriteOut, **ERRORS})
def favorite_toggle(request, product_id: Id):
    favorite = services.favorite_toggle(user=request.user, product=public_product(pk=product_id))
    return {"product_id": product_id, "is_favorite": favorite is not None}


# --- wishlist ------------------------------------------------------------------------------
@router.get("/wishlist", response={200: list[WishlistItemOut], **ERRORS})
def wishlist_list(request):
    items = list(selectors.wishlist_for(user=request.user))
    favorites = selectors.favorite_product_ids(user=request.user, product_ids=[i.product_id for i in items])
    return [_wishlist_out(item, favorites) for item in items]


@router.post("/wishlist", response={201: WishlistItemOut, **ERRORS})
def wishlist_add(request, payload: WishlistIn):
    item = services.wishlist_add(user=request.user, product=public_product(pk=payload.product_id))
    item = selectors.wishlist_for(user=request.user).get(pk=item.pk)
    return Status(201, _wishlist_out(item))


@router.patch("/wishlist/{int:product_id}", response={200: WishlistItemOut, **ERRORS})
def wishlist_alert(request, product_id: Id, payload: WishlistAlertIn):
    item = get_object_or_404(selectors.wishlist_for(user=request.user), product_id=product_id)
    services.wishlist_set_alert(item=item, enabled=payload.alert_price_drop)
    return _wishlist_out(item)


@router.delete("/wishlist/{int:product_id}", response={204: None, **ERRORS})
def wishlist_remove(request, product_id: Id):
    item = get_object_or_404(selectors.wishlist_for(user=request.user), product_id=product_id)
    services.wishlist_remove(user=request.user, product=item.product)
    return Status(204, None)


# --- saved sizes ---------------------------------------------------------------------------
def _saved_out(saved) -> dict:
    return {
        "category": saved.category.slug,
        "category_name": saved.category.display_name,
        "size_id": saved.size_id,
        "system": saved.system,
        "label": saved.label,
    }


@router.get("/sizes", response={200: list[SavedSizeOut], **ERRORS})
def saved_size_list(request):
    return [_saved_out(saved) for saved in selectors.saved_dimensions_for(user=request.user)]


@router.put("/sizes/{slug:category}", response={200: SavedSizeOut, **ERRORS})
def saved_size_set(request, category: str, payload: SavedSizeIn):
    category_row = get_object_or_404(Category, slug=category)
    size = Size.objects.filter(pk=payload.size_id).first()
    if size is None:
        raise ValidationError({"size_id": _("Choose a size from the list.")})
    saved = services.saved_dimension_set(user=request.user, category=category_row, size=size, system=payload.system)
    return _saved_out(saved)


@router.delete("/sizes/{slug:category}", response={204: None, **ERRORS})
def saved_size_remove(request, category: str):
    category_row = get_object_or_404(Category, slug=category)
    services.saved_dimension_remove(user=request.user, category=category_row)
    return Status(204, None)


# --- company look-up (checkout) ------------------------------------------------------------
class CompanyOut(Schema):
    vat_number: str
    name: str
    registration_number: str
    address: str
    city: str
    county: str = Field(..., description="one of Romania's 41 counties or București; empty when not matched")
    postal_code: str
    vat_payer: bool
    inactive: bool


class CompanyLookupOut(Schema):
    status: Literal["found", "not_found", "unavailable"] = Field(
        ..., description="unavailable: ANAF did not answer (or the look-up is off): the buyer types the company in"
    )
    message: str
    company: CompanyOut | None


@router.get("/company", response={200: CompanyLookupOut, **ERRORS, 429: ErrorOut}, url_name="company_lookup")
def company_lookup(request, cui: str = Query(..., max_length=32)):
    """The company with this CUI in ANAF's public registry, to fill the checkout's invoice fields.

    A registry that does not answer is not an error of the request: ``status`` says ``unavailable``
    and the buyer fills the fields by hand. A CUI with a wrong check digit is 400 ``invalid_vat``."""
    limit, period = settings.RATE_LIMITS["company_lookup"]
    if rate_limited(scope="company_lookup", key=str(request.user.pk), limit=limit, period=period):
        raise DomainError(_("Too many look-ups; fill in the company by hand or try again in a few minutes."), code="rate_limited")
    try:
        record = registry_lookup(cui)
    except RegistryUnavailable:
        message = _("The ANAF registry is not answering right now: fill in the company details by hand.")
        return {"status": "unavailable", "message": message, "company": None}
    if record is None:
        message = _("ANAF has no company with this CUI. Check it, or fill in the details by hand.")
        return {"status": "not_found", "message": message, "company": None}
    message = _("Filled in from the ANAF registry. Check the details.")
    if record.inactive:
        message = _("Filled in from the ANAF registry, which lists this company as inactive.")
    return {"status": "found", "message": message, "company": asdict(record)}


# --- address book --------------------------------------------------------------------------
class AddressIn(Schema):
    label: str = Field("", max_length=50)
    name: str = Field(..., max_length=150)
    phone: str = Field(..., max_length=20)
    address: str = Field(..., max_length=255)
    city: str = Field(..., max_length=100)
    county: str = Field(..., max_length=100, description="one of Romania's 41 counties or București")
    postal_code: str = Field(..., max_length=10)
    is_default: bool = False


class AddressOut(Schema):
    id: int
    label: str
    name: str
    phone: str
    address: str
    city: str
    county: str
    postal_code: str
    is_default: bool


@router.get("/addresses", response={200: list[AddressOut], **ERRORS})
def address_list(request):
    return list(addresses.addresses_for(user=request.user))


@router.post("/addresses", response={201: AddressOut, **ERRORS, 409: ErrorOut})
def address_create(request, payload: AddressIn):
    data = payload.model_dump(exclude={"is_default"})
    address = addresses.address_save(
        user=request.user, details=addresses.AddressDetails(**data), make_default=payload.is_default
    )
    return Status(201, address)


@router.put("/addresses/{int:address_id}", response={200: AddressOut, **ERRORS})
def address_update(request, address_id: Id, payload: AddressIn):
    address = addresses.address_for_user(user=request.user, pk=address_id)
    data = payload.model_dump(exclude={"is_default"})
    return addresses.address_save(
        user=request.user, details=addresses.AddressDetails(**data), address=address, make_default=payload.is_default
    )


@router.delete("/addresses/{int:address_id}", response={204: None, **ERRORS})
def address_delete(request, address_id: Id):
    addresses.address_delete(address=addresses.address_for_user(user=request.user, pk=address_id))
    return Status(204, None)
