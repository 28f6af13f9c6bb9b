"""The partner GraphQL schema: the catalogue, a product, auctions, and the signed-in buyer's cart, orders
and favourites; mutations for the cart, bids, favourites and checkout. Every resolver calls the same
selectors and services as REST; lists read a fixed number of SQL queries whatever their length."""

from functools import wraps

import graphene
from django.core.exceptions import ValidationError
from django.http import Http404
from graphql import GraphQLError

from doors.errors import error_payload
from marketplace.auctions import selectors as auction_selectors
from marketplace.auctions.models import Auction, Bid
from marketplace.auctions.services import auction_place_bid
from marketplace.common.errors import DomainError
from marketplace.customers.catalogue import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    SORTS,
    CatalogueFilters,
    catalogue_page,
    public_product,
)
from marketplace.customers.selectors import favorites_for
from marketplace.customers.services import favorite_toggle
from marketplace.orders import selectors as order_selectors
from marketplace.orders import services as order_services
from marketplace.products.models import Product, StoreProduct

from ..views.auctions import auction_card
from ..views.orders import cart_out, order_out
from ..views.shaping import image_urls, product_card


def _refusals(resolver):
    """A service's refusal becomes a GraphQL error carrying the doors' code and fields."""

    @wraps(resolver)
    def wrapped(*args, **kwargs):
        try:
            return resolver(*args, **kwargs)
        except (ValidationError, DomainError) as exc:
            status, body = error_payload(exc)
            raise GraphQLError(body["message"], extensions={"code": body["code"], "fields": body["fields"], "status": status}) from None
        except (Http404, Product.DoesNotExist, Auction.DoesNotExist):
            raise GraphQLError("Not found.", extensions={"code": "not_found", "status": 404}) from None

    return wrapped


def _key(value) -> int:
    """A GraphQL ID as a database key; anything else is not found (never an overflow in the driver)."""
    text = str(value)
    if not text.isdigit() or len(text) > 18:
        raise Http404
    return int(text)


def _signed_in(info):
    user = info.context.user
    if not user.is_authenticated:
        raise GraphQLError("Sign in first.", extensions={"code": "not_authenticated", "status": 401})
    return user


class Image(graphene.ObjectType):
    alt = graphene.String()
    thumb = graphene.String()
    card = graphene.String()
    full = graphene.String()


class Shop(graphene.ObjectType):
    id = graphene.ID()
    name = graphene.String()


class ProductNode(graphene.ObjectType):
    class Meta:
        name = "Product"

    id = graphene.ID()
    title = graphene.String()
    brand = graphene.String()
    price = graphene.String(description="lei, as a decimal string")
    currency = graphene.String()
    product_type = graphene.String()
    condition = graphene.String()
    size = graphene.String()
    colour = graphene.String()
    image = graphene.Field(Image)
    description = graphene.String()
    category = graphene.String()
    vendor = graphene.Field(Shop)
    images = graphene.List(Image)


def _product(product) -> dict:
    """A listing with its shop, category and photos (prefetched by the caller: no query here)."""
    images = sorted(product.images.all(), key=lambda image: (not image.is_primary, image.position, image.pk))
    return {
        **product_card(product),
        "image": image_urls(images[0]) if images else None,
        "description": product.display_description, "category": product.category.slug,
        "vendor": {"id": product.vendor_id, "name": product.vendor.shop_name},
        "images": [image_urls(image) for image in images],
    }


DETAIL_FIELDS = {"description", "category", "vendor", "images"}


def _asked(info, field: str) -> set[str]:
    """The names asked under ``field`` of the current selection (fragments included)."""
    names: set[str] = set()

    def walk(selection_set):
        for selection in selection_set.selections if selection_set else ():
            kind = selection.kind
            if kind == "field":
                names.add(selection.name.value)
            elif kind == "inline_fragment":
                walk(selection.selection_set)
            elif kind == "fragment_spread":
                walk(info.fragments[selection.name.value].selection_set)

    for node in info.field_nodes:
        for selection in node.selection_set.selections if node.selection_set else ():
            if selection.kind == "field" and selection.name.value == field:
                walk(selection.selection_set)
            elif selection.kind in ("inline_fragment", "fragment_spread"):
                names.update(DETAIL_FIELDS)  # rare in practice: read everything rather than guess
    return names


class ProductPage(graphene.ObjectType):
    items = graphene.List(ProductNode)
    next_cursor = graphene.String()


class AuctionNode(graphene.ObjectType):
    class Meta:
        name = "Auction"

    id = graphene.ID()
    product_id = graphene.ID()
    title = graphene.String()
    brand = graphene.String()
    price = graphene.String()
    currency = graphene.String()
    status = graphene.String()
    start_time = graphene.DateTime()
    end_time = graphene.DateTime()
    bids_count = graphene.Int()
    image = graphene.Field(Image)


class CartLine(graphene.ObjectType):
    item_id = graphene.ID()
    product_id = graphene.ID()
    title = graphene.String()
    price = graphene.String()
    quantity = graphene.Int()
    line_total = graphene.String()
    available = graphene.Boolean()
    problem = graphene.String()
    image = graphene.Field(Image)


class CartGroup(graphene.ObjectType):
    vendor = graphene.Field(Shop)
    subtotal = graphene.String()
    lines = graphene.List(CartLine)


class Cart(graphene.ObjectType):
    count = graphene.Int()
    items_total = graphene.String()
    has_problems = graphene.Boolean()
    groups = graphene.List(CartGroup)


class OrderItem(graphene.ObjectType):
    title = graphene.String()
    quantity = graphene.Int()
    unit_price = graphene.String()
    line_total = graphene.String()


class OrderShipment(graphene.ObjectType):
    vendor = graphene.String()
    delivery_method = graphene.String()
    shipping_price = graphene.String()
    items = graphene.List(OrderItem)


class OrderNode(graphene.ObjectType):
    class Meta:
        name = "Order"

    id = graphene.ID()
    number = graphene.String()
    status = graphene.String()
    status_label = graphene.String()
    payment_method = graphene.String()
    items_total = graphene.String()
    shipping_total = graphene.String()
    total = graphene.String()
    currency = graphene.String()
    created_at = graphene.DateTime()
    shipments = graphene.List(OrderShipment)


Sort = graphene.Enum("CatalogueSort", [(name.upper(), name) for name in SORTS])


class Query(graphene.ObjectType):
    catalogue = graphene.Field(
        ProductPage,
        category=graphene.String(), subcategory=graphene.String(), brand=graphene.String(), vendor=graphene.String(),
        product_type=graphene.String(), condition=graphene.String(), size=graphene.String(), colour=graphene.String(),
        price_min=graphene.Decimal(), price_max=graphene.Decimal(), q=graphene.String(), authenticated=graphene.Boolean(),
        sort=Sort(default_value="newest"), first=graphene.Int(default_value=PAGE_SIZE), after=graphene.String(),
        description=f"The public catalogue with the storefront's filters; at most {MAX_PAGE_SIZE} pieces a page.",
    )
    product = graphene.Field(ProductNode, id=graphene.ID(required=True))
    auctions = graphene.List(AuctionNode, first=graphene.Int(default_value=24))
    my_cart = graphene.Field(Cart)
    my_orders = graphene.List(OrderNode, first=graphene.Int(default_value=20))
    my_favourites = graphene.List(ProductNode)

    @_refusals
    def resolve_catalogue(self, info, sort="newest", first=PAGE_SIZE, after=None, **filters):
        details = bool(_asked(info, "items") & DETAIL_FIELDS)  # the shop, category, every photo: only when asked
        page = catalogue_page(
            filters=CatalogueFilters(**filters), sort=getattr(sort, "value", sort), cursor=after, limit=first,
            with_details=details,
        )
        shape = _product if details else product_card
        return {"items": [shape(p) for p in page.items], "next_cursor": page.next_cursor}

    @_refusals
    def resolve_product(self, info, id):
        return _product(public_product(pk=_key(id)))

    def resolve_auctions(self, info, first=24):
        return [auction_card(a) for a in auction_selectors.auction_list_public()[: max(1, min(first, 48))]]

    def resolve_my_cart(self, info):
        return cart_out(order_services.cart_get(user=_signed_in(info)))

    def resolve_my_orders(self, info, first=20):
        orders = order_selectors.order_list_for_buyer(user=_signed_in(info))[: max(1, min(first, 100))]
        return [order_out(order) for order in orders]

    def resolve_my_favourites(self, info):
        favourites = favorites_for(user=_signed_in(info)).prefetch_related("product__images").select_related(
            "product__vendor", "product__category"
        )
        return [_product(f.product) for f in favourites]


class AddCartLine(graphene.Mutation):
    class Arguments:
        product_id = graphene.ID(required=True)
        quantity = graphene.Int(default_value=1)

    Output = Cart

    @_refusals
    def mutate(self, info, product_id, quantity=1):
        if not 1 <= quantity <= 99:
            raise ValidationError({"quantity": "Give a quantity from 1 to 99."}, code="invalid")
        product_key = _key(product_id)
        cart = order_services.cart_get(user=_signed_in(info), create=True)
        order_services.cart_add(cart=cart, product_id=product_key, quantity=quantity)
        return cart_out(cart)


class RemoveCartLine(graphene.Mutation):
    class Arguments:
        item_id = graphene.ID(required=True)

    Output = Cart

    @_refusals
    def mutate(self, info, item_id):
        cart = order_services.cart_get(user=_signed_in(info))
        if cart is None:
            raise Http404
        order_services.cart_remove(cart=cart, item_id=_key(item_id))
        return cart_out(cart)


class BidResult(graphene.ObjectType):
    outcome = graphene.String()
    outcome_label = graphene.String()
    price = graphene.String()
    leader_is_me = graphene.Boolean()
    minimum_bid = graphene.String()


class PlaceBid(graphene.Mutation):
    class Arguments:
        auction_id = graphene.ID(required=True)
        amount = graphene.Decimal(required=True)

    Output = BidResult

    @_refusals
    def mutate(self, info, auction_id, amount):
        user = _signed_in(info)
        auction = auction_selectors.auction_for_detail(pk=_key(auction_id))
        bid = auction_place_bid(auction=auction, user=user, amount=amount)
        state = auction_selectors.auction_status(auction=bid.auction, user=user)
        return {
            "outcome": bid.outcome, "outcome_label": str(Bid.Outcome(bid.outcome).label), "price": state["price"],
            "leader_is_me": state["leader_is_me"], "minimum_bid": state["minimum_bid"],
        }


class FavouriteResult(graphene.ObjectType):
    product_id = graphene.ID()
    is_favourite = graphene.Boolean()


class ToggleFavourite(graphene.Mutation):
    class Arguments:
        product_id = graphene.ID(required=True)

    Output = FavouriteResult

    @_refusals
    def mutate(self, info, product_id):
        user = _signed_in(info)
        product = StoreProduct.objects.public().get(pk=_key(product_id))
        return {"product_id": product.pk, "is_favourite": favorite_toggle(user=user, product=product) is not None}


class DeliveryInput(graphene.InputObjectType):
    vendor_id = graphene.ID(required=True)
    method = graphene.String(required=True)
    locker = graphene.String(default_value="")


class CheckoutInput(graphene.InputObjectType):
    shipping_name = graphene.String(required=True)
    shipping_phone = graphene.String(required=True)
    shipping_address = graphene.String(required=True)
    shipping_city = graphene.String(required=True)
    shipping_county = graphene.String(required=True)
    shipping_postal_code = graphene.String(required=True)
    payment_method = graphene.String(required=True)
    terms_accepted = graphene.Boolean(required=True)
    deliveries = graphene.List(graphene.NonNull(DeliveryInput), required=True)
    billing_type = graphene.String(default_value="individual")
    billing_name = graphene.String(default_value="")
    billing_vat_number = graphene.String(default_value="")
    billing_registration_number = graphene.String(default_value="")
    billing_address = graphene.String(default_value="")
    billing_city = graphene.String(default_value="")
    billing_county = graphene.String(default_value="")


class Checkout(graphene.Mutation):
    class Arguments:
        input = CheckoutInput(required=True)

    Output = OrderNode

    @_refusals
    def mutate(self, info, input):
        user = _signed_in(info)
        values = dict(input)
        deliveries = {}
        for delivery in values.pop("deliveries"):
            deliveries[_key(delivery.vendor_id)] = (delivery.method, delivery.locker or "")
        for name, value in values.items():
            if isinstance(value, str) and len(value) > 255:
                raise ValidationError({name: "Too long."}, code="max_length")
        cart = order_services.cart_get(user=user)
        if cart is None:
            raise ValidationError("Your cart is empty.", code="empty_cart")
        order = order_services.checkout_place(
            buyer=user, cart=cart, details=order_services.CheckoutDetails(**values, deliveries=deliveries)
        )
        return order_out(order_selectors.order_for_buyer(user=user, pk=order.pk), detail=True)


class Mutation(graphene.ObjectType):
    add_cart_line = AddCartLine.Field()
    remove_cart_line = RemoveCartLine.Field()
    place_bid = PlaceBid.Field()
    toggle_favourite = ToggleFavourite.Field()
    checkout = Checkout.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
