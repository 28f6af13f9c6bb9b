"""Custom staff pages: the seed's platform settings pages and the role x permission grid."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from unfold.views import UnfoldSiteViewMixin

from doors.errors import form_add_service_error
from marketplace.administration.models import PlatformSettingEntry, PlatformSettings
from marketplace.administration.selectors import permissions_for_grid, platform_settings, role_list
from marketplace.administration.services import platform_settings_update, role_permissions_set
from marketplace.products.models import Product
from marketplace.products.selectors import product_for_review
from marketplace.products.services import product_reject, product_validate, product_validation_refusal

from .capabilities import permission_label, permissions_by_capability
from .forms import PlatformSettingsForm


class SettingsOverviewView(UnfoldSiteViewMixin, TemplateView):
    """`admin_settings`: every setting at a glance, with a link to the page that edits it."""

    title = _("Platform settings")
    permission_required = "administration.view_platformsettings"
    template_name = "backoffice/settings_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        config = platform_settings()
        context["sections"] = [
            (_("Commission"), f"{number_format(config.commission_percent, use_l10n=True)} %", reverse("commission_settings")),
            (_("Return window"), ngettext("%(n)s day", "%(n)s days", config.return_days) % {"n": config.return_days}, reverse("return_days_settings")),
            (
                _("Shipping deadline"),
                ngettext("%(n)s day", "%(n)s days", config.shipping_days) % {"n": config.shipping_days},
                reverse("shipping_deadline_settings"),
            ),
            (
                _("Auction durations"),
                ", ".join(f"{h} h" for h in config.auction_duration_hours)
                + " · "
                + str(_("soft close %(n)s min") % {"n": config.soft_close_minutes}),
                reverse("auction_duration_settings"),
            ),
        ]
        context["entries"] = PlatformSettingEntry.objects.all()
        context["can_change_entries"] = self.request.user.has_perm("administration.change_platformsettingentry")
        return context


class SettingsFormView(UnfoldSiteViewMixin, FormView):
    """One page per group of settings; POST needs change permission and goes through the service."""

    permission_required = "administration.view_platformsettings"
    template_name = "backoffice/settings_form.html"
    form_class = PlatformSettingsForm
    fields: list[str] = []
    url_name = ""
    intro = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        instance = PlatformSettings.objects.filter(pk=PlatformSettings.SINGLETON_PK).first() or PlatformSettings()
        kwargs.update(instance=instance, only=self.fields)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = self.intro
        context["can_change"] = self.request.user.has_perm("administration.change_platformsettings")
        context["overview_url"] = reverse("admin_settings")
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("administration.change_platformsettings"):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            platform_settings_update(actor=self.request.user, **{f: form.cleaned_data[f] for f in self.fields})
        except ValidationError as exc:
            form_add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Settings saved."))
        return HttpResponseRedirect(reverse(self.url_name))


class CommissionSettingsView(SettingsFormView):
    title = _("Commission")
    fields = ["commission_percent"]
    url_name = "commission_settings"
    intro = _("The platform's share of every sale, in percent of the item price.")


class ReturnDaysSettingsView(SettingsFormView):
    title = _("Return window")
    fields = ["return_days", "return_answer_days"]
    url_name = "return_days_settings"
    intro = _("Vendors are paid once this many days have passed after delivery without a return.")


class ShippingDeadlineSettingsView(SettingsFormView):
    title = _("Shipping deadline")
    fields = ["shipping_days", "shipping_prices"]
    url_name = "shipping_deadline_settings"
    intro = _("A paid order not shipped within this many days is cancelled and the buyer refunded.")


class AuctionDurationSettingsView(SettingsFormView):
    title = _("Auction durations")
    fields = ["auction_duration_hours", "soft_close_minutes", "bid_increments", "auction_payment_hours"]
    url_name = "auction_duration_settings"
    intro = _("The durations a vendor may choose for an auction, the soft-close window, the bid increments and the winner's payment deadline.")


class RoleManagementView(UnfoldSiteViewMixin, TemplateView):
    """`role_management`: roles as columns, permissions as rows, tick and save."""

    title = _("Roles and permissions")
    permission_required = "administration.view_role"
    template_name = "backoffice/role_grid.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = list(role_list())
        held = {role.pk: {p.pk for p in role.permissions.all()} for role in roles}
        groups = []
        for capability, permissions in permissions_by_capability(permissions_for_grid()):
            rows = []
            for perm in permissions:
                label = permission_label(perm)
                code = f"{perm.content_type.app_label}.{perm.codename}"
                rows.append(
                    {
                        "perm": perm,
                        "label": label,
                        "code": code,
                        "search": " ".join((label, perm.name, code, str(capability.label))).lower(),
                        "cells": [(role, perm.pk in held[role.pk]) for role in roles],
                    }
                )
            groups.append((capability, rows))
        context["roles"] = roles
        context["groups"] = groups
        context["can_change"] = self.request.user.has_perm("administration.change_role")
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("administration.change_role"):
            return self.handle_no_permission()
        valid_ids = set(permissions_for_grid().values_list("pk", flat=True))
        ticked: dict[int, set[int]] = {}
        for key in request.POST:
            if not key.startswith("perm-"):
                continue
            try:
                _prefix, role_id, perm_id = key.split("-")
                role_id, perm_id = int(role_id), int(perm_id)
            except ValueError:
                continue
            if perm_id in valid_ids:
                ticked.setdefault(role_id, set()).add(perm_id)
        changed = 0
        for role in role_list():
            current = {p.pk for p in role.permissions.all()}
            # Permissions hidden from the grid (excluded apps) are kept as they were.
            wanted = ticked.get(role.pk, set()) | (current - valid_ids)
            if wanted != current:
                role_permissions_set(role=role, permissions=Permission.objects.filter(pk__in=wanted), actor=request.user)
                changed += 1
        if changed:
            messages.success(request, _("Permissions saved for %(n)s role(s).") % {"n": changed})
        else:
            messages.info(request, _("Nothing changed."))
        return HttpResponseRedirect(reverse("role_management"))


class ValidatePostView(UnfoldSiteViewMixin, TemplateView):
    """`validate_post`: one pending listing with its photos; validate, or reject with a reason."""

    title = _("Validate listing")
    permission_required = "products.approve_product"
    template_name = "backoffice/validate_post.html"

    def get_product(self):
        try:
            return product_for_review(pk=self.kwargs["product_id"])
        except Product.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)

        product = context["product"] = self.get_product()
        refusal = product_validation_refusal(product)
        context["validate_refusal"] = " ".join(refusal.messages) if refusal is not None else ""
        context["validate_refusal_code"] = refusal.code if refusal is not None else ""
        context["queue_url"] = reverse("admin:products_listingawaitingreview_changelist")
        return context

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        try:
            if request.POST.get("decision") == "validate":
                product_validate(product=product, actor=request.user)
                messages.success(request, _("“%(title)s” is validated and public.") % {"title": product.title})
            elif request.POST.get("decision") == "reject":
                product_reject(product=product, actor=request.user, reason=request.POST.get("reason", ""))
                messages.warning(request, _("“%(title)s” is rejected; the vendor is told why.") % {"title": product.title})
            else:
                messages.error(request, _("Choose validate or reject."))
                return HttpResponseRedirect(request.path)
        except ValidationError as exc:
            context = self.get_context_data(**kwargs)
            context["errors"] = exc.messages
            context["reason"] = request.POST.get("reason", "")
            return self.render_to_response(context, status=400)
        return HttpResponseRedirect(reverse("admin:products_listingawaitingreview_changelist"))
