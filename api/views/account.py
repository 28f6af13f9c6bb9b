"""``/api/vendor-dashboard/``, ``/api/customer-profile/`` and ``/api/settings/``."""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.administration.models import PlatformSettings
from marketplace.administration.selectors import TYPED_FIELDS
from marketplace.administration.services import platform_settings_update
from marketplace.customers.selectors import favorites_for, saved_dimensions_for, wishlist_for
from marketplace.orders.models import Order
from marketplace.orders.selectors import order_items_for_vendor, order_list_for_buyer, shipments_for_vendor
from marketplace.products.models import Product
from marketplace.vendors.access import approved_vendor_for_user, vendor_scope

from ..permissions import IsVendor, staff_with

SOLD = (Order.Status.PAID, Order.Status.AWB_GENERATED, Order.Status.SHIPPED, Order.Status.DELIVERED, Order.Status.COMPLETED)


class VendorDashboardView(APIView):
    """The shop's figures: listings by status, orders to ship, sales over 7 and 30 days."""

    permission_classes = [IsVendor]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        vendor = approved_vendor_for_user(request.user)
        listings = dict(
            vendor_scope(Product.objects.all(), user=request.user).values_list("status").annotate(n=Count("pk")).order_by()
        )
        shipments = dict(
            shipments_for_vendor(user=request.user).values_list("order__status").annotate(n=Count("pk")).order_by()
        )
        now = timezone.now()
        sold = order_items_for_vendor(user=request.user).filter(order__status__in=SOLD)
        sales = sold.aggregate(
            d7=Sum("line_total", filter=_since(now, 7)), d30=Sum("line_total", filter=_since(now, 30)),
            n30=Count("pk", filter=_since(now, 30)),
        )
        return Response({
            "shop": {"id": vendor.pk, "name": vendor.shop_name, "slug": vendor.slug, "status": vendor.status},
            "listings_by_status": listings,
            "orders_by_status": shipments,
            "to_ship": shipments.get(Order.Status.PAID, 0),
            "sales": {
                "last_7_days": str(sales["d7"] or 0), "last_30_days": str(sales["d30"] or 0),
                "items_30_days": sales["n30"], "currency": "RON",
            },
        })


def _since(now, days):
    return Q(order__paid_at__gte=now - timedelta(days=days))


class CustomerProfileView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        user = request.user
        profile = user.profile
        return Response({
            "id": user.pk, "email": user.email, "first_name": profile.first_name, "last_name": profile.last_name,
            "phone": profile.phone, "language": profile.language, "is_corporate": profile.is_corporate,
            "company_name": profile.company_name, "vat_number": profile.vat_number,
            "address": {"city": profile.city, "postal_code": profile.postal_code, "country": profile.country},
            "saved_sizes": [
                {"category": row.category.slug, "system": row.system, "size": row.size.label(row.system)}
                for row in saved_dimensions_for(user=user)
            ],
            "favorites": favorites_for(user=user).count(),
            "wishlist": wishlist_for(user=user).count(),
            "orders": order_list_for_buyer(user=user).count(),
        })


class SettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformSettings
        fields = list(TYPED_FIELDS)


class SettingsView(APIView):
    """Read with ``view_platformsettings``; change with ``change_platformsettings`` (same rules as the settings page)."""

    def get_permissions(self):
        perm = "view" if self.request.method in permissions.SAFE_METHODS else "change"
        return [staff_with(f"administration.{perm}_platformsettings")()]

    @extend_schema(responses=SettingsSerializer)
    def get(self, request):
        row = PlatformSettings.objects.filter(pk=PlatformSettings.SINGLETON_PK).first() or PlatformSettings()
        return Response(SettingsSerializer(row).data)

    @extend_schema(request=SettingsSerializer, responses=SettingsSerializer)
    def patch(self, request):
        data = SettingsSerializer(instance=PlatformSettings(), data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        row = platform_settings_update(actor=request.user, **data.validated_data)
        return Response(SettingsSerializer(row).data)

    put = patch
