"""Staff and vendors enter their back offices only with a second factor, verified this session."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

BACK_OFFICES = ("/admin/", "/vendors/")
OPEN_SUFFIXES = ("/login/", "/logout/")


def needs_two_factor(user) -> bool:
    if user.is_staff:
        return True
    from marketplace.vendors.access import approved_vendor_for_user

    return approved_vendor_for_user(user) is not None


class BackOfficeTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            path.startswith(BACK_OFFICES)
            and not path.endswith(OPEN_SUFFIXES)
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and needs_two_factor(user)
        ):
            from .services import two_factor_devices

            query = urlencode({"next": request.get_full_path()})
            if two_factor_devices(user=user):
                return redirect(f"{reverse('two_factor_verify')}?{query}")
            return redirect(f"{reverse('two_factor_setup')}?{query}")
        return self.get_response(request)
