"""The API's documentation page: Redoc (self-hosted by drf-spectacular-sidecar) over /api/schema/.

Redoc writes its styles inline and renders in a blob worker, so this one page relaxes ``style-src``
and ``worker-src``; scripts stay limited to our origin and the request's nonce.
"""

from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView

DOCS_POLICY = {
    "default-src": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "worker-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
}


@method_decorator(csp_override(DOCS_POLICY), name="dispatch")
class ApiDocsView(TemplateView):
    template_name = "api/docs.html"
