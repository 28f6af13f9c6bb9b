"""The buyer's (or vendor's) partner-API tokens: which apps hold one, when each was last used; revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.tokens import api_token_revoke, api_tokens_for


@login_required
def api_tokens_view(request):
    return render(request, "pwa/customers/api_tokens.html", {"tokens": api_tokens_for(user=request.user)})


@login_required
@require_POST
def api_token_revoke_view(request, token_id: int):
    token = api_token_revoke(user=request.user, token_id=token_id)  # NotFound → the site's 404 for another's token
    messages.success(request, _("The token %(prefix)s… no longer opens your account.") % {"prefix": token.prefix})
    return redirect("api_tokens")
