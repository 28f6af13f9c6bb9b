"""Staff and vendors enter their back offices only with a second factor, verified this session.

A door's guard (it lived in marketplace/accounts until issue 12): who counts as a vendor is
the vendors' one rule, ``may_work_as_vendor``.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from marketplace.accounts.services import two_factor_devices
from marketplace.vendors.access import second_factor_required

BACK_OFFICES = ("/admin/", "/vendors/")
OPEN_SUFFIXES = ("/login/", "/logout/")


def needs_two_factor(user) -> bool:
    return second_factor_required(user)


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
            query = urlencode({"next": request.get_full_path()})
            if two_factor_devices(user=user):
                return redirect(f"{reverse('two_factor_verify')}?{query}")
            return redirect(f"{reverse('two_factor_setup')}?{query}")
        return self.get_response(request)
