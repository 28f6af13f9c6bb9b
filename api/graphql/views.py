"""/api/graphql/: the same authentication as REST (bearer token, or the browser's session with its CSRF
check), the query limits, and introspection and GraphiQL only with DEBUG on."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from graphene_django.views import GraphQLView
from graphql.validation import NoSchemaIntrospectionCustomRule
from rest_framework.authentication import get_authorization_header

from marketplace.accounts.tokens import api_token_user

from .limits import QueryLimitsRule
from .schema import schema


class PartnerGraphQLView(GraphQLView):
    def __init__(self, **kwargs):
        rules = [QueryLimitsRule] + ([] if settings.DEBUG else [NoSchemaIntrospectionCustomRule])
        super().__init__(schema=schema, graphiql=settings.DEBUG, validation_rules=rules, **kwargs)


_view = PartnerGraphQLView.as_view()
_session_view = csrf_protect(_view)


@csrf_exempt
def graphql_view(request, *args, **kwargs):
    header = get_authorization_header(request).split()
    if header and header[0].lower() == b"bearer":
        user = api_token_user(header[1].decode(errors="replace")) if len(header) == 2 else None
        if user is None:
            return JsonResponse(
                {"code": "authentication_failed", "message": _("The token is not valid, has expired or was revoked."), "fields": {}},
                status=401,
            )
        request.user = user
        request._dont_enforce_csrf_checks = True
        return _view(request, *args, **kwargs)
    if not getattr(request, "user", None):
        request.user = AnonymousUser()
    if request.user.is_authenticated:  # a browser's session: its cookie must come with the CSRF token
        return _session_view(request, *args, **kwargs)
    return _view(request, *args, **kwargs)  # anonymous: public data only, nothing a forged request could abuse
