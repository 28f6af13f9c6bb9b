"""State-changing admin actions take effect only on POST (CSRF-checked by ``admin_view``), after a
confirmation page.

A link followed by a signed-in staff member (a GET) shows what is about to happen and changes
nothing; the page's form posts back to the same address with the CSRF token.

- ``confirm_first`` wraps an unfold detail action (``@action`` on ``actions_detail``);
- ``bulk_confirmation`` is called at the top of a changelist bulk action (``@admin.action``),
  like Django's own "delete selected" intermediate page.
"""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse

CONFIRM_TEMPLATE = "backoffice/confirm_action.html"


def confirm_first(
    *,
    title,
    submit_label,
    message=None,
    form_class: type[forms.Form] | None = None,
    danger: bool = False,
) -> Callable:
    """GET (or an invalid POST) renders the confirmation page; a valid POST runs the action.

    The wrapped method is ``action(self, request, object_id)``, or ``action(self, request, form,
    object_id)`` when a ``form_class`` asks for details (a reason, a bank reference).
    Put it *under* unfold's ``@action``, which checks the permissions first.
    """

    def decorator(func: Callable) -> Callable:
        @wraps(func)
        def inner(model_admin, request, *args, **kwargs):
            object_id = kwargs.get("object_id", args[0] if args else None)
            obj = model_admin.get_object(request, unquote(str(object_id)))
            if obj is None:
                raise Http404
            form = form_class(request.POST if request.method == "POST" else None) if form_class else None
            if request.method == "POST" and (form is None or form.is_valid()):
                if form is None:
                    return func(model_admin, request, *args, **kwargs)
                return func(model_admin, request, form, *args, **kwargs)
            opts = model_admin.model._meta
            context = {
                **model_admin.admin_site.each_context(request),
                "title": title,
                "subtitle": str(obj),
                "message": message,
                "object": obj,
                "opts": opts,
                "form": form,
                "submit_label": submit_label,
                "danger": danger,
                "cancel_url": reverse(
                    f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
                ),
            }
            status = 400 if request.method == "POST" else 200
            return TemplateResponse(request, CONFIRM_TEMPLATE, context, status=status)

        return inner

    return decorator


def bulk_confirmation(model_admin, request, queryset, *, title, submit_label, message=None, danger=False):
    """None once the staff member confirmed (POST with ``post=yes``); else the confirmation page.

    Django posts the changelist's action form here first (with CSRF): that post only shows the
    rows that would change, with a second form that confirms.
    """
    if request.POST.get("post") == "yes":
        return None
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "message": message,
        "objects": list(queryset),
        "opts": opts,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "submit_label": submit_label,
        "danger": danger,
        "cancel_url": reverse(f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, CONFIRM_TEMPLATE, context)
