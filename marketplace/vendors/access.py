"""The one way every door reaches vendor-owned rows.

``vendor_scope`` narrows any queryset to the signed-in vendor; ``vendor_object`` fetches one
row and refuses (404, as if it did not exist) when it belongs to somebody else. The vendor
back office, the PWA and the APIs all go through here, so changing an id in a URL never
reaches another vendor's data.
"""

from django.db.models import Model, QuerySet
from django.http import Http404

from .models import VendorProfile


def vendor_for_user(user) -> VendorProfile | None:
    """The user's vendor profile whatever its status, or None. Cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_vendor_profile_cache"):
        user._vendor_profile_cache = VendorProfile.objects.filter(user=user).first()
    return user._vendor_profile_cache


def approved_vendor_for_user(user) -> VendorProfile | None:
    vendor = vendor_for_user(user)
    return vendor if vendor is not None and vendor.is_approved else None


def vendor_scope(queryset: QuerySet, *, user, lookup: str = "vendor") -> QuerySet:
    """Rows of ``queryset`` owned by the user's approved vendor; none at all for anybody else.

    ``lookup`` is the path from the model to its VendorProfile (``"vendor"``,
    ``"product__vendor"``); ``"pk"`` for VendorProfile itself.
    """
    vendor = approved_vendor_for_user(user)
    if vendor is None:
        return queryset.none()
    return queryset.filter(**{lookup: vendor.pk if lookup == "pk" else vendor})


def vendor_object(queryset: QuerySet, *, user, pk, lookup: str = "vendor") -> Model:
    """One row of ``queryset`` by primary key, only if the user's vendor owns it; else Http404."""
    try:
        return vendor_scope(queryset, user=user, lookup=lookup).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such object for this vendor.") from exc
