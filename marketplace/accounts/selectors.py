from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import User


def user_counts() -> dict[str, int]:
    since = timezone.now() - timedelta(days=7)
    return User.objects.aggregate(total=Count("id"), new_7d=Count("id", filter=Q(date_joined__gte=since)))


def signups_per_day(*, days: int) -> list[tuple[date, int]]:
    """New accounts per local day for the last ``days`` days, zero-filled, oldest first."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = (
        User.objects.filter(date_joined__date__gte=start)
        .annotate(day=TruncDate("date_joined", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
    )
    counts = {row["day"]: row["n"] for row in rows}
    return [(start + timedelta(days=i), counts.get(start + timedelta(days=i), 0)) for i in range(days)]
