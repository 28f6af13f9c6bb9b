"""Content-Security-Policy of SNOBISTIC, enforced by Django's own ``ContentSecurityPolicyMiddleware``.

Two policies:

* the storefront (``SECURE_CSP``, every page that is not a back office): scripts only from our origin
  and only with the request's nonce (``nonce="{{ csp_nonce }}"`` on every ``<script>``), no inline
  event handler, no inline style, no plugin, no framing. Websockets (live bids) go to our own host;
  Stripe Checkout is a redirect after the checkout form, so only its origin is added to ``form-action``.
* the back offices under ``/admin/`` and ``/vendors/`` (``CSP_BACKOFFICE``): django-unfold runs
  Alpine.js' standard build, which evaluates its ``x-data``/``x-on`` expressions with ``new Function``
  and so needs ``'unsafe-eval'``; its templates also carry ``style`` attributes and an inline
  ``<style>`` with the theme colours, so styles there allow ``'unsafe-inline'``. Scripts stay
  limited to our origin plus the nonce: an injected ``<script>`` or ``onerror=`` still does not run.

``BackOfficeContentSecurityPolicyMiddleware`` picks the back-office policy by path; a single view can
still choose its own with ``django.views.decorators.csp.csp_override``.
"""

from django.conf import settings
from django.utils.csp import CSP

BACKOFFICE_PATH_PREFIXES = ("/admin/", "/vendors/")


def _common(*, img_sources, websocket_schemes, form_targets) -> dict:
    return {
        "default-src": [CSP.SELF],
        "base-uri": [CSP.SELF],
        "object-src": [CSP.NONE],
        "frame-ancestors": [CSP.NONE],
        "form-action": [CSP.SELF, *form_targets],
        "img-src": [CSP.SELF, "data:", "blob:", *img_sources],
        "font-src": [CSP.SELF, "data:"],
        "connect-src": [CSP.SELF, *websocket_schemes],
        "manifest-src": [CSP.SELF],
        "worker-src": [CSP.SELF],
    }


def storefront_policy(*, img_sources=(), websocket_schemes=("wss:",), form_targets=()) -> dict:
    return {
        **_common(img_sources=img_sources, websocket_schemes=websocket_schemes, form_targets=form_targets),
        "script-src": [CSP.SELF, CSP.NONCE],
        "style-src": [CSP.SELF],
    }


def backoffice_policy(*, img_sources=(), websocket_schemes=("wss:",), form_targets=()) -> dict:
    return {
        **_common(img_sources=img_sources, websocket_schemes=websocket_schemes, form_targets=form_targets),
        "script-src": [CSP.SELF, CSP.NONCE, CSP.UNSAFE_EVAL],
        # No nonce here: a nonce in style-src would switch 'unsafe-inline' off again.
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    }


class BackOfficeContentSecurityPolicyMiddleware:
    """Give the back-office pages their policy; listed after ``ContentSecurityPolicyMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(BACKOFFICE_PATH_PREFIXES) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.CSP_BACKOFFICE
        return response
