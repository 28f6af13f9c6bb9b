"""Staff import/export pages, under /admin/platform/ (see backoffice.catalogue_import)."""

from .catalogue_import import staff_urlpatterns as urlpatterns

__all__ = ["urlpatterns"]
