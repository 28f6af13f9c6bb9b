"""Registrations on both back offices (django autodiscovers ``backoffice.admin``).

One module per capability for each site: ``staff/`` for /admin/ (accounts, vendors, catalogue,
orders, auctions, settings, jobs, imports, audit) and ``vendor/`` for /vendors/ (shop, catalogue,
orders, auctions); what both sites show alike is in ``display``. Writes go through the domain
services.
"""

from django.contrib import admin

from marketplace.accounts.models import User
from marketplace.orders.models import Order, Shipment
from marketplace.products.models import Product
from marketplace.shipping.models import ShipmentParcel

from ..big_lists import big_lists_install
from ..sites import vendor_site
from . import staff, vendor  # noqa: F401  (importing them registers every ModelAdmin)

# The lists that grow with the business (a million listings, hundreds of thousands of orders): estimated
# counts past 10,000 rows and no second full count (issue 20, make bench-admin).
big_lists_install([
    (admin.site, Product, "vendor"), (admin.site, Order, "shipments__vendor"), (admin.site, ShipmentParcel, None),
    (admin.site, User, None), (vendor_site, Product, None), (vendor_site, Shipment, None),
])
