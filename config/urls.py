from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from pwa.views import manifest as pwa_manifest

import doors.converters  # noqa: F401  (registers <id:…>, a bounded <int:…>)
from backoffice.sites import vendor_site
from config.health import healthz, livez
from storefront.api import api
from storefront.api.errors import not_found_view as api_not_found

urlpatterns = [
    path("healthz/", healthz, name="healthz"),  # readiness: database, Redis, storage (config/health.py)
    path("livez/", livez, name="livez"),  # liveness: the process answers
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("storefront.urls")),
    path("pwa/api/", api_not_found),  # before ninja's root view, which raises an HTML 404 (its name stays for reverse)
    path("pwa/api/", api.urls),
    re_path(r"^pwa/api/", api_not_found),  # what the API does not route answers its JSON 404, not the HTML page
    path("manifest.json", pwa_manifest, name="manifest"),  # django-pwa renders it from PWA_APP_* settings
    path("accounts/", include("storefront.accounts_urls")),
    path("auctions/", include("storefront.auctions_urls")),
    path("cart/", include("storefront.orders_urls")),
    path("support/", include("storefront.support_urls")),  # live help and tickets (marketplace/support)
    path("", include("storefront.authenticity_urls")),  # /authenticity/… and /verify/<serial>/
    path("chat/", include("storefront.chat_urls")),  # buyer <-> seller conversations (marketplace/chat)
    path("notifications/", include("storefront.notifications_urls")),  # inbox, preferences, one-click unsubscribe
    path("", include("storefront.shipping_urls")),  # courier webhooks, locker search, /track/<awb>/ (marketplace/shipping)
    # allauth: e-mail confirmation links and the social providers' callbacks.
    path("accounts/", include("allauth.urls")),
    # The seed's administration pages live inside the staff back office.
    path("admin/platform/", include("backoffice.urls")),
    path("admin/platform/", include("backoffice.import_urls")),  # spreadsheet import/export
    path("admin/platform/", include("backoffice.support_urls")),  # admin_chat, ticket work page
    path("admin/platform/", include("backoffice.shipping_urls")),  # staff AWB pages (generate, photos, hand-over)
    path("api/", include("api.urls")),  # the partner API: REST, OpenAPI, GraphQL (api/)
    path("admin/", admin.site.urls),
    path("vendors/", include("backoffice.vendor_urls")),  # before the site: its catch-all answers 404
    path("vendors/", include("backoffice.vendor_import_urls")),  # export_csv, import (before the site)
    path("vendors/", include("backoffice.vendor_support_urls")),  # the shop's support tickets (before the site)
    path("vendors/", include("backoffice.vendor_shipping_urls")),  # generate_awb, upload_awb, confirm_shipment
    path("vendors/", vendor_site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
