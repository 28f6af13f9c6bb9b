"""/api/graphql/: the same authentication as REST (bearer token, or the browser's session with its CSRF
check), the query limits, and introspection and GraphiQL only with DEBUG on."""

import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from graphene_django.views import GraphQLView
from graphql import GraphQLError, parse
from graphql.language import FieldNode, OperationDefinitionNode, OperationType
from graphql.validation import NoSchemaIntrospectionCustomRule
from rest_framework.authentication import get_authorization_header

from doors import catalogue_cache as page_cache
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
    # anonymous: public data only, nothing a forged request could abuse; catalogue pages are cached
    key = _public_page_key(request)
    if key is not None and (body := cache.get(key)) is not None:
        return HttpResponse(body, content_type="application/json")
    response = _view(request, *args, **kwargs)
    if key is not None and response.status_code == 200:
        cache.set(key, response.content, page_cache.seconds())
    return response


CACHEABLE_FIELDS = {"catalogue", "product", "__typename"}  # listings only: their changes bump the cache's generation


def _public_page_key(request) -> str | None:
    """An anonymous query that reads only the catalogue or a product: the same answer for everyone for a
    minute (the storefront's page cache, its own key prefix); None for anything else."""
    if request.method != "POST" or request.content_type != "application/json":
        return None
    try:
        payload = json.loads(request.body)
        document = parse(payload["query"])
    except (ValueError, TypeError, KeyError, GraphQLError):
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or len(document.definitions) != 1 or operations[0].operation != OperationType.QUERY:
        return None
    if not all(isinstance(s, FieldNode) and s.name.value in CACHEABLE_FIELDS for s in operations[0].selection_set.selections):
        return None
    identity = json.dumps([payload["query"], payload.get("variables"), payload.get("operationName")], sort_keys=True)
    return page_cache.page_key(request, identity, door="graphql")
