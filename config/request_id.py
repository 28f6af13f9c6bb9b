"""``RequestIdMiddleware``: every request gets an id, from nginx's ``X-Request-ID`` or a new one.

The id is bound for the request's log lines and the jobs it queues (see
``marketplace.common.request_id``) and answered in the response's ``X-Request-ID`` header, so a
person reporting a problem can quote it and the logs of nginx, gunicorn and the workers meet.
"""

from marketplace.common.request_id import request_id_bind, request_id_clean, request_id_reset

HEADER = "X-Request-ID"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_clean(request.headers.get(HEADER))
        token = request_id_bind(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_reset(token)
        response.headers.setdefault(HEADER, request.request_id)
        return response
