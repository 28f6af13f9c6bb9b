"""What the doors (backoffice, storefront, realtime, api) share: the one table from the domain's errors to HTTP.

Imports only ``marketplace`` and Django; each door imports it, it imports no door.
"""
