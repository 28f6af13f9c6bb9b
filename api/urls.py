"""/api/: the seed's REST endpoints, the OpenAPI schema and its documentation page, and GraphQL."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

import doors.converters  # noqa: F401 - registers <id:>, the bounded id converter

from .docs import ApiDocsView
from .graphql.views import graphql_view
from .views.account import CustomerProfileView, SettingsView, VendorDashboardView
from .views.auctions import AuctionViewSet
from .views.conversations import ConversationViewSet, MessagesView, TicketViewSet
from .views.orders import CartView, OrderViewSet
from .views.products import ProductViewSet
from .views.users import UserViewSet

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("users", UserViewSet, basename="api-users")
router.register("products", ProductViewSet, basename="api-products")
router.register("auctions", AuctionViewSet, basename="api-auctions")
router.register("orders", OrderViewSet, basename="api-orders")
router.register("conversations", ConversationViewSet, basename="api_conversations")
router.register("tickets", TicketViewSet, basename="api_tickets")

urlpatterns = [
    path("cart/", CartView.as_view(), name="api_cart"),
    path("vendor-dashboard/", VendorDashboardView.as_view(), name="api_vendor_dashboard"),
    path("customer-profile/", CustomerProfileView.as_view(), name="api_customer_profile"),
    path("settings/", SettingsView.as_view(), name="api_settings"),
    path("messages/", MessagesView.as_view(), name="api_messages"),
    path("conversations/", ConversationViewSet.as_view({"get": "list", "post": "create"}), name="api_conversations"),
    path("tickets/", TicketViewSet.as_view({"get": "list", "post": "create"}), name="api_tickets"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", ApiDocsView.as_view(), name="api_docs"),
    path("graphql/", graphql_view, name="api_graphql"),
    path("", include(router.urls)),
]
