"""Authenticator devices in the staff back office (django-otp's admin, made safe).

``OTP_ADMIN_HIDE_SENSITIVE_DATA`` (settings) keeps every secret out of the admin: no key, no QR
code, not even for a superuser looking at another staff member's device. The QR-code and
configuration addresses still answer cleanly: a permission check first (403), then 404 for a
device that does not exist, then 403 because the secret is not shown.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OTPTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from unfold.admin import ModelAdmin


class TOTPDeviceAdmin(OTPTOTPDeviceAdmin, ModelAdmin):
    def _device_or_refuse(self, request, pk) -> TOTPDevice:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        device = get_object_or_404(self.get_queryset(request), pk=pk)
        if settings.OTP_ADMIN_HIDE_SENSITIVE_DATA or not self.has_view_or_change_permission(request, device):
            raise PermissionDenied
        return device

    def config_view(self, request, pk):
        self._device_or_refuse(request, pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        self._device_or_refuse(request, pk)
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
