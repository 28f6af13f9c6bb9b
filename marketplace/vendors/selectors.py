from django.db.models import Count, QuerySet

from .models import VendorProfile


def vendor_list(*, status: str | None = None) -> QuerySet[VendorProfile]:
    qs = VendorProfile.objects.select_related("user")
    return qs.filter(status=status) if status else qs


def vendor_counts_by_status() -> dict[str, int]:
    rows = VendorProfile.objects.values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in VendorProfile.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
