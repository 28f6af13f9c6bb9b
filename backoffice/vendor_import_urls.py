"""Vendor import/export pages (`export_csv`...), under /vendors/ (see backoffice.catalogue_import)."""

from .catalogue_import import vendor_urlpatterns as urlpatterns

__all__ = ["urlpatterns"]
