from django.urls import path

from . import views

urlpatterns = [
    path("", views.auction_list_view, name="auction_list"),
    path("<int:pk>/", views.auction_detail_view, name="auction_detail"),
    path("<int:auction_id>/bid/", views.place_bid_view, name="place_bid"),
    path("<int:auction_id>/status/", views.auction_status_view, name="auction_status"),
]
