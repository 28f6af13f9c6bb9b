"""Staff site, exchange rates: the stored history (read-only; the rates come from BNR or the ECB)."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from marketplace.currency.models import ExchangeRate

staff_site = admin.site


@admin.register(ExchangeRate, site=staff_site)
class ExchangeRateAdmin(ModelAdmin):
    list_display = ["date", "currency", "rate_to_ron", "source", "fetched_at"]
    list_filter = ["currency", "source"]
    date_hierarchy = "date"
    search_fields = ["currency"]
    ordering = ["-date", "currency"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
