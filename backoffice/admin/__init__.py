"""Registrations on both back offices (django autodiscovers ``backoffice.admin``).

One module per capability for each site: ``staff/`` for /admin/ (accounts, vendors, catalogue,
orders, auctions, settings, jobs, imports, audit) and ``vendor/`` for /vendors/ (shop, catalogue,
orders, auctions); what both sites show alike is in ``display``. Writes go through the domain
services.
"""

from . import staff, vendor  # noqa: F401  (importing them registers every ModelAdmin)
