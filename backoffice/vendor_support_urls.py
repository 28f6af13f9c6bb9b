"""The vendor site's support pages (/vendors/support/), before the site's catch-all."""

from django.urls import path

from .sites import vendor_site
from .vendor_support_views import VendorTicketDetailView, VendorTicketListView


def _page(view_class):
    return vendor_site.admin_view(view_class.as_view(admin_site=vendor_site))


urlpatterns = [
    path("support/", _page(VendorTicketListView), name="vendor_tickets"),
    path("support/<int:ticket_id>/", _page(VendorTicketDetailView), name="vendor_ticket_detail"),
]
