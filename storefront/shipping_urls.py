"""Shipping's storefront doors, at the root: /webhooks/couriers/<code>/, /lockers/, /track/<awb>/."""

from django.urls import path

from storefront.pages import shipping as views

urlpatterns = [
    path("webhooks/couriers/<slug:code>/", views.courier_webhook_view, name="courier_webhook"),
    path("lockers/", views.locker_search_view, name="locker_search"),
    path("track/<str:awb>/", views.tracking_view, name="awb_tracking"),
]
