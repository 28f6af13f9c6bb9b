"""Every error of the partner API in the doors' one shape ``{code, message, fields}``."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from doors.errors import error_body, error_payload
from marketplace.common.errors import DomainError


def _fields(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out = {}
        for name, value in detail.items():
            key = "__all__" if name == "non_field_errors" else str(name)
            if isinstance(value, dict):
                for sub, messages in _fields(value).items():
                    out[f"{key}.{sub}"] = messages
            else:
                out[key] = [str(m) for m in (value if isinstance(value, list) else [value])]
        return out
    return {"__all__": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError | DomainError):
        code, body = error_payload(exc)
        return Response(body, status=code)
    if isinstance(exc, Http404):
        return Response(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid_input", _("Some values are not valid."), _fields(exc.detail))
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = error_body("not_authenticated", _("Sign in first."))
    elif isinstance(exc, exceptions.AuthenticationFailed):
        response.data = error_body("authentication_failed", str(exc.detail))
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = error_body("forbidden", str(exc.detail))
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body(
            "throttled", _("Too many requests: try again in %(s)s seconds.") % {"s": int(exc.wait or 1)}
        )
    elif isinstance(exc, exceptions.NotFound):
        response.data = error_body("not_found", _("Not found."))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        response.data = error_body("method_not_allowed", str(exc.detail))
    elif isinstance(exc, exceptions.ParseError | exceptions.UnsupportedMediaType | exceptions.NotAcceptable):
        response.data = error_body("invalid_input", str(exc.detail))
    else:
        response.data = error_body(getattr(exc, "default_code", "error"), str(getattr(exc, "detail", exc)))
    return response
