"""Pages answer the domain's ``NotFound`` with the site's 404 page, as ``Http404`` would (the API maps it itself)."""

from django.core.handlers.exception import response_for_exception
from django.http import Http404

from marketplace.common.errors import NotFound


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404(str(exception.message)))
        return None
