"""Reads of platform configuration and roles."""

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from .models import PlatformSettingEntry, PlatformSettings, Role, parse_bid_increments, parse_shipping_prices

# v2: bid_increments and auction_payment_hours joined the snapshot; v3: shipping_prices; v4: return_answer_days.
CACHE_KEY = "backoffice:platform-settings:v4"


@dataclass(frozen=True)
class PlatformConfig:
    """A typed snapshot of PlatformSettings plus the key/value rows (``extra``)."""

    commission_percent: Decimal
    return_days: int
    shipping_days: int
    auction_duration_hours: tuple[int, ...]
    soft_close_minutes: int
    bid_increments: tuple[tuple[Decimal, Decimal], ...] = ()
    auction_payment_hours: int = 48
    shipping_prices: dict[str, Decimal] = field(default_factory=dict)
    return_answer_days: int = 2
    extra: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """A key/value setting, or ``default`` when no row holds it."""
        return self.extra.get(key, default)


TYPED_FIELDS = tuple(f.name for f in fields(PlatformConfig) if f.name != "extra")


def _load() -> PlatformConfig:
    row = PlatformSettings.objects.filter(pk=PlatformSettings.SINGLETON_PK).first()
    if row is None:  # before the first save, the model's defaults are the settings
        row = PlatformSettings()
    return PlatformConfig(
        commission_percent=row.commission_percent,
        return_days=row.return_days,
        shipping_days=row.shipping_days,
        auction_duration_hours=tuple(sorted(row.auction_duration_hours)),
        soft_close_minutes=row.soft_close_minutes,
        bid_increments=parse_bid_increments(row.bid_increments),
        auction_payment_hours=row.auction_payment_hours,
        shipping_prices=parse_shipping_prices(row.shipping_prices),
        return_answer_days=row.return_answer_days,
        extra=dict(PlatformSettingEntry.objects.values_list("key", "value")),
    )


def platform_settings() -> PlatformConfig:
    """The platform settings, from cache when fresh (two queries on a miss, none on a hit)."""
    config = cache.get(CACHE_KEY)
    if config is None:
        config = _load()
        cache.set(CACHE_KEY, config, settings.PLATFORM_SETTINGS_CACHE_SECONDS)
    return config


def platform_settings_invalidate() -> None:
    cache.delete(CACHE_KEY)


def role_list() -> QuerySet[Role]:
    return Role.objects.select_related("group").prefetch_related(
        Prefetch("permissions", queryset=Permission.objects.only("id"))
    )


# Apps whose permissions mean nothing to a person editing roles. The audit trail is read by the
# Admin role and superusers, whatever a role's boxes say: its permissions would grant nothing.
GRID_EXCLUDED_APPS = ("contenttypes", "sessions", "guardian", "auditlog")


def permissions_for_grid() -> QuerySet[Permission]:
    return (
        Permission.objects.select_related("content_type")
        .exclude(content_type__app_label__in=GRID_EXCLUDED_APPS)
        .order_by("content_type__app_label", "content_type__model", "codename")
    )
