"""Throttles: anonymous callers are counted by address (``anon``), signed-in ones by account (``user``).

DRF's own ``UserRateThrottle`` counts anonymous callers by address as well, a second count of the
same thing (and two more cache round trips on every anonymous request); this one leaves them to
``AnonRateThrottle``.
"""

from rest_framework.throttling import UserRateThrottle


class SignedInRateThrottle(UserRateThrottle):
    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
