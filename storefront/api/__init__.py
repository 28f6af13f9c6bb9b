"""The storefront API at /pwa/api/: one NinjaAPI, one router per domain, OpenAPI at /pwa/api/docs.

Session authentication (with Django's CSRF check on every write) for the buyer's own data;
the catalogue is public. Every error is ``{code, message, fields}`` (see ``errors``).
Routes parse, authorise and shape; the rules are in ``marketplace.*`` services and selectors.
"""

from ninja import NinjaAPI, Schema

from . import auctions, catalog, customers, errors, notifications, orders, reviews

api = NinjaAPI(
    title="SNOBISTIC storefront API",
    version="1",
    description="The buyer's PWA: catalogue, favourites, wishlist, saved sizes, cart, checkout, orders, auctions.",
    urls_namespace="pwa_api",
)
errors.install(api)
api.add_router("/catalog", catalog.router)
api.add_router("/customers", customers.router)
api.add_router("/notifications", notifications.router)
api.add_router("/", orders.router)  # /cart, /cart/items, /checkout, /orders
api.add_router("/auctions", auctions.router)
api.add_router("/shops", reviews.shops_router)
api.add_router("/reviews", reviews.reviews_router)


class PingOut(Schema):
    ok: bool


@api.get("/ping", response=PingOut, tags=["health"])
def ping(request):
    """A trivial JSON answer (no database): the baseline of the catalogue benchmark."""
    return {"ok": True}
