from django.urls import path
from django.views.generic import RedirectView

import doors.converters  # noqa: F401  (registers <id:…>, a bounded <int:…>)

from . import views
from .pages import addresses as address_pages
from .pages import api_tokens as api_token_pages
from .pages import chat as chat_pages
from .pages import currency as currency_pages
from .pages import my_bids as my_bids_pages
from .pages import privacy as privacy_pages
from .pages import reviews as review_pages
from .pages import shops as shop_pages
from .pages import sms_phone as sms_phone_pages

urlpatterns = [
    path("", views.home_view, name="home"),
    path("products/", views.product_list_view, name="product_list"),
    path("products/<id:pk>/", views.product_detail_view, name="product_detail"),
    path("shops/<slug:slug>/", shop_pages.shop_detail_view, name="shop_detail"),
    path("customers/bids/", my_bids_pages.my_bids_view, name="my_bids"),
    path("customers/orders/<id:order_id>/review/", review_pages.order_review_view, name="order_review"),
    path("customers/", views.customer_account_view, name="customer_account"),
    path("customers/dimensions/", views.saved_dimensions_view, name="saved_dimensions"),
    path("customers/wishlist/", views.wishlist_view, name="wishlist"),
    path("customers/favorites/", views.favorites_view, name="favorites"),
    path("customers/api-tokens/", api_token_pages.api_tokens_view, name="api_tokens"),
    path("customers/api-tokens/<id:token_id>/revoke/", api_token_pages.api_token_revoke_view, name="api_token_revoke"),
    # The seed's names for the buyer's orders; the pages themselves are the orders app's (/cart/orders/).
    path("customers/orders/", RedirectView.as_view(pattern_name="order_list"), name="customer_orders"),
    path(
        "customers/orders/<id:order_id>/",
        RedirectView.as_view(pattern_name="order_detail"),
        name="customer_order_detail",
    ),
    path("customers/return/<id:order_id>/", RedirectView.as_view(pattern_name="return_request"), name="customer_return"),
    path("customers/chat/<id:vendor_id>/", chat_pages.chat_with_vendor_view, name="chat_with_vendor"),
    path("customers/addresses/", address_pages.address_book_view, name="address_book"),
    path("customers/addresses/<id:address_id>/", address_pages.address_edit_view, name="address_edit"),
    path("customers/addresses/<id:address_id>/delete/", address_pages.address_delete_view, name="address_delete"),
    path("customers/addresses/<id:address_id>/default/", address_pages.address_default_view, name="address_default"),
    path("customers/privacy/", privacy_pages.my_data_view, name="my_data"),
    path("customers/privacy/export/", privacy_pages.data_export_request_view, name="privacy_export_request"),
    path("customers/privacy/export/<id:export_id>/", privacy_pages.data_export_download_view, name="privacy_export_download"),
    path("customers/privacy/delete/", privacy_pages.account_delete_view, name="account_delete"),
    path("privacy/", privacy_pages.privacy_view, name="privacy"),
    path("currency/", currency_pages.display_currency_view, name="display_currency"),
    path("customers/sms/", sms_phone_pages.sms_phone_view, name="sms_phone"),
    path("serviceworker.js", views.service_worker_view, name="serviceworker"),
    path("offline/", views.offline_view, name="offline"),
    path("robots.txt", views.robots_txt_view, name="robots_txt"),
]
