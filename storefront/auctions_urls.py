from django.urls import path

import doors.converters  # noqa: F401  (registers <id:…>, a bounded <int:…>)
from storefront.pages import auctions as views

urlpatterns = [
    path("", views.auction_list_view, name="auction_list"),
    path("<id:pk>/", views.auction_detail_view, name="auction_detail"),
    path("<id:auction_id>/bid/", views.place_bid_view, name="place_bid"),
    path("<id:auction_id>/status/", views.auction_status_view, name="auction_status"),
]
