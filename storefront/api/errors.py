"""Every error of the storefront API has one shape: ``{"code", "message", "fields"}``.

A service's refusal (``ValidationError`` with a code, the domain's ``DomainError``/``NotFound``) is answered
through the doors' one table (``doors.errors``): the same status and body as every other door.

``fields`` maps an input name to its messages (empty when the error is not about one input).
Bad input is 400 (a rule refused it) or 422 (it could not be parsed); 401 without a session,
403 for a forbidden act or a failed CSRF check, 404 for what does not exist or is not public.
"""

from functools import wraps

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse, RawPostDataException
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from doors.errors import error_body, error_payload
from marketplace.common.errors import DomainError


def _input_errors(api, request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "payload", "filters")]
        name = loc[0] if loc else "__all__"
        fields.setdefault(name, []).append(error.get("msg", _("Invalid value.")))
    return api.create_response(
        request, error_body("invalid_input", _("Some values are not valid."), fields), status=422
    )


def _service_errors(api, request, exc: DjangoValidationError | DomainError):
    status, body = error_payload(exc)
    return api.create_response(request, body, status=status)


def _not_found(api, request, exc):
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


def _forbidden(api, request, exc):
    return api.create_response(
        request, error_body("forbidden", str(exc) or _("You may not do this.")), status=403
    )


def _unauthenticated(api, request, exc):
    return api.create_response(request, error_body("not_authenticated", _("Sign in first.")), status=401)


def _http_error(api, request, exc: HttpError):
    if exc.status_code == 403 and "CSRF" in exc.message:
        body = error_body("csrf_failed", _("Your session expired; reload the page and try again."))
    else:
        body = error_body(f"http_{exc.status_code}", exc.message)
    return api.create_response(request, body, status=exc.status_code)


def _carries_nul(request, kwargs) -> bool:
    """A NUL character anywhere in the input: PostgreSQL cannot store it in text (it was a 500)."""
    if "%00" in request.META.get("QUERY_STRING", "") or any("\x00" in v for v in request.GET.values()):
        return True
    if any(isinstance(v, str) and "\x00" in v for v in kwargs.values()):
        return True
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return False
    try:
        body = request.body
    except RawPostDataException:  # a multipart form already parsed: look at its values
        return any("\x00" in v for v in request.POST.values())
    return b"\x00" in body or b"\\u0000" in body.lower()


def refuse_nul_characters(view):
    """Before any route parses its input: text with NUL characters is bad input (422), on every database."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if _carries_nul(request, kwargs):
            message = _("Text may not contain NUL characters.")
            return JsonResponse(error_body("invalid_input", message, {"__all__": [message]}), status=422)
        return view(request, *args, **kwargs)

    return checked


def not_found_view(request, *args, **kwargs):
    """Any path under /pwa/api/ that no route answers: the API's JSON 404, not the site's HTML page."""
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)


def install(api) -> None:
    api.add_decorator(refuse_nul_characters, mode="view")
    handlers = [
        (NinjaValidationError, _input_errors),
        (DjangoValidationError, _service_errors),
        (DomainError, _service_errors),
        (Http404, _not_found),
        (ObjectDoesNotExist, _not_found),
        (PermissionDenied, _forbidden),
        (AuthenticationError, _unauthenticated),
        (HttpError, _http_error),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, lambda request, exc, handler=handler: handler(api, request, exc))
