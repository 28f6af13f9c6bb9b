"""The vendor's listing pages in the vendor back office: the six-step wizard (`product_add_step1`
… `product_add_step6`), `product_edit`, `product_delete`, `submit_to_auction` and `sku_generation`.

A draft is saved at every step; `?product=<id>` resumes it (or edits a listing). Every product
is fetched through ``vendor_object``: another vendor's id answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from unfold.views import UnfoldSiteViewMixin

from doors.errors import form_add_service_error
from marketplace.administration.selectors import platform_settings
from marketplace.products.attributes import product_attributes_set
from marketplace.products.models import Product, ProductImage
from marketplace.products.selectors import product_for_vendor_wizard, products_without_sku
from marketplace.products.services import (
    WIZARD_LAST_STEP,
    product_delete,
    product_draft_create,
    product_image_add,
    product_image_delete,
    product_image_make_primary,
    product_image_revert,
    product_is_committed,
    product_move_to_auction,
    product_pricing_set,
    product_step_save,
    sku_generate,
)
from marketplace.vendors.access import approved_vendor_for_user, vendor_object, vendor_scope

from . import wizard_forms as wf
from .sites import vendor_site

STEPS = [
    (1, _("General information")),
    (2, _("Size and measurements")),
    (3, _("Other measurements")),
    (4, _("Material")),
    (5, _("Description and photos")),
    (6, _("Price or auction")),
]


def step_url(step: int, product: Product | None = None) -> str:
    url = reverse(f"product_add_step{step}")
    return f"{url}?{urlencode({'product': product.pk})}" if product is not None else url


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field when the form has it."""
    if isinstance(form, BaseFormSet):
        form.non_form_errors().extend(error.messages)
        return
    form_add_service_error(form, error)


class VendorPageMixin(UnfoldSiteViewMixin):
    """A page of the vendor site: approved vendors only (the site's admin_view shows the refusal)."""

    def has_permission(self) -> bool:
        return vendor_site.has_permission(self.request)

    def get_vendor_product(self, pk) -> Product:
        return vendor_object(product_for_vendor_wizard(), user=self.request.user, pk=pk)


class WizardStepView(VendorPageMixin, FormView):
    step = 1

    @property
    def title(self):
        return _("Step %(n)s of 6: %(name)s") % {"n": self.step, "name": STEPS[self.step - 1][1]}

    def get_template_names(self):
        return [f"products/add_step{self.step}.html"]

    def dispatch(self, request, *args, **kwargs):
        self.product = None
        if request.user.is_authenticated and self.has_permission():
            pk = request.GET.get("product")
            if pk:
                self.product = self.get_vendor_product(pk)
            elif self.step > 1:
                messages.info(request, _("Start with the general information."))
                return redirect("product_add_step1")
            if self.product is not None and self.step > self.product.wizard_step:
                messages.info(request, _("Finish step %(n)s first.") % {"n": self.product.wizard_step})
                return redirect(step_url(self.product.wizard_step, self.product))
            if self.product is not None and product_is_committed(self.product):
                messages.error(request, _("This piece is already sold or has bids: it can no longer be changed."))
                return redirect("vendor_products")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reached = self.product.wizard_step if self.product else 1
        context.update(
            product=self.product,
            step=self.step,
            steps=[
                {"n": n, "name": name, "current": n == self.step, "reached": n <= reached,
                 "url": step_url(n, self.product) if self.product else None}
                for n, name in STEPS
            ],
            previous_url=step_url(self.step - 1, self.product) if self.step > 1 and self.product else None,
        )
        return context

    def next_url(self) -> str:
        if self.step >= WIZARD_LAST_STEP:
            return reverse("vendor_products")
        return step_url(self.step + 1, self.product)

    def save(self, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():  # a refused step changes nothing, photos included
                self.save(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.next_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class GeneralInfoStep(WizardStepView):
    step = 1
    form_class = wf.GeneralInfoForm

    def get_initial(self):
        if self.product is None:
            return {}
        return {f: getattr(self.product, f"{f}_id", getattr(self.product, f, None)) for f in
                ("title", "title_en", "category", "subcategory", "brand", "product_type", "condition")}

    def save(self, form):
        data = form.cleaned_data
        if self.product is None:
            self.product = product_draft_create(vendor=approved_vendor_for_user(self.request.user), **data)
            messages.success(self.request, _("Draft saved. You can come back to it at any time from My products."))
        else:
            self.product = product_step_save(product=self.product, step=1, data=data)


class PresetDimensionsStep(WizardStepView):
    step = 2
    form_class = wf.PresetDimensionsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "category": self.product.category}

    def get_initial(self):
        return wf.PresetDimensionsForm.initial_for(self.product)

    def save(self, form):
        self.product = product_step_save(product=self.product, step=2, data=form.to_data())


class CustomDimensionsStep(WizardStepView):
    step = 3

    def get_form_class(self):
        return wf.CustomDimensionFormSet

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        kwargs["initial"] = list(self.product.custom_dimensions or [])
        return kwargs

    def save(self, form):
        rows = wf.custom_dimensions_from(form)
        self.product = product_step_save(product=self.product, step=3, data={"custom_dimensions": rows})


class MaterialStep(WizardStepView):
    """Material and colour, and the optional free details (attributes) on the same page."""

    step = 4
    form_class = wf.MaterialForm

    def get_initial(self):
        return {"material": self.product.material_id, "colour": self.product.colour}

    def get_attribute_formset(self):
        if getattr(self, "_attributes", None) is None:
            # A post without the details' section (an older form, a script) leaves them as they are.
            posted = self.request.method == "POST" and "attr-TOTAL_FORMS" in self.request.POST
            if posted:  # without initial: a row equal to it would count as unchanged and be skipped
                self._attributes = wf.AttributeFormSet(self.request.POST, prefix="attr")
            else:
                initial = [{"name": a.name, "value": a.value} for a in self.product.attributes.order_by("pk")]
                self._attributes = wf.AttributeFormSet(prefix="attr", initial=initial)
        return self._attributes

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attributes"] = self.get_attribute_formset()
        return context

    def post(self, request, *args, **kwargs):
        form, attributes = self.get_form(), self.get_attribute_formset()
        if not form.is_valid() or (attributes.is_bound and not attributes.is_valid()):
            return self.form_invalid(form)
        target = form
        try:
            with transaction.atomic():  # refused details leave the material unchanged too
                self.product = product_step_save(product=self.product, step=4, data=form.cleaned_data)
                target = attributes
                if attributes.is_bound:
                    product_attributes_set(product=self.product, attributes=wf.attribute_pairs(attributes))
        except ValidationError as error:
            apply_errors(target, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.next_url())


class DescriptionStep(WizardStepView):
    step = 5
    form_class = wf.DescriptionForm

    def get_initial(self):
        return {f: getattr(self.product, f) for f in ("description", "description_en", "serial_number", "authenticity_notes")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["images"] = list(self.product.images.all())
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("photo_action")
        if action:
            return self.photo_action(action, request.POST.get("image"))
        return super().post(request, *args, **kwargs)

    def photo_action(self, action: str, image_id):
        image = vendor_object(ProductImage.objects.select_related("product"), user=self.request.user,
                              pk=image_id, lookup="product__vendor")
        if image.product_id != self.product.pk:
            return redirect(step_url(5, self.product))
        try:
            if action == "delete":
                product_image_delete(image=image)
            elif action == "primary":
                product_image_make_primary(image=image)
            elif action == "revert":
                product_image_revert(image=image)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect(step_url(5, self.product))

    def save(self, form):
        data = {k: form.cleaned_data[k] for k in ("description", "description_en", "serial_number", "authenticity_notes")}
        photos = form.cleaned_data["photos"]
        errors = []
        for upload in photos:
            try:
                product_image_add(product=self.product, upload=upload)
            except ValidationError as error:
                errors.append(f"{upload.name}: {' '.join(error.messages)}")
        if errors:
            raise ValidationError({"photos": errors})
        if not self.product.images.exists():
            raise ValidationError({"photos": _("Add at least one photo.")})
        self.product = product_step_save(product=self.product, step=5, data=data)


class PricingStep(WizardStepView):
    step = 6
    form_class = wf.PricingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "durations": platform_settings().auction_duration_hours}

    def get_initial(self):
        product = self.product
        if product.kind == "store":
            sp = product.storeproduct
            return {"kind": "store", "price": sp.price, "stock": sp.stock}
        if product.kind == "auction":
            ap = product.auctionproduct
            return {"kind": "auction", "starting_price": ap.starting_price, "reserve_price": ap.reserve_price,
                    "bid_increment": ap.bid_increment, "duration_hours": ap.duration_hours}
        return {"kind": "store", "stock": 1}

    def save(self, form):
        kind, values = form.values()
        was = self.product.status
        listing = product_pricing_set(product=self.product, kind=kind, values=values)
        if was in ("draft", "rejected"):
            messages.success(self.request, _("“%(title)s” is sent for validation. We will e-mail you the result.")
                             % {"title": listing.title})
        elif listing.status == "pending":
            messages.info(self.request, _("Saved. The changes go through validation again before they are public."))
        else:
            messages.success(self.request, _("Saved."))


WIZARD_VIEWS = [GeneralInfoStep, PresetDimensionsStep, CustomDimensionsStep, MaterialStep, DescriptionStep, PricingStep]


class ProductEditView(VendorPageMixin, TemplateView):
    """`product_edit`: a listing is edited through the same steps; this opens the first one."""

    title = _("Edit listing")

    def get(self, request, *args, **kwargs):
        product = self.get_vendor_product(kwargs["pk"])
        return redirect(step_url(1, product))


class ProductDeleteView(VendorPageMixin, TemplateView):
    """`product_delete`: confirm, then delete — only while nobody has bought it or bid on it."""

    title = _("Delete listing")
    template_name = "products/product_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["product"] = self.get_vendor_product(self.kwargs["pk"])
        context["committed"] = product_is_committed(context["product"])
        return context

    def post(self, request, *args, **kwargs):
        product = self.get_vendor_product(kwargs["pk"])
        try:
            product_delete(product=product)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("vendor_products")
        messages.success(request, _("“%(title)s” is deleted.") % {"title": product.title})
        return redirect("vendor_products")


class SubmitToAuctionView(VendorPageMixin, FormView):
    """`submit_to_auction`: a fixed-price piece goes to auction; staff validate it again."""

    title = _("Sell in an auction")
    template_name = "products/submit_to_auction.html"
    form_class = wf.AuctionSettingsForm

    def dispatch(self, request, *args, **kwargs):
        self.product = None
        if request.user.is_authenticated and self.has_permission():
            self.product = self.get_vendor_product(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "durations": platform_settings().auction_duration_hours}

    def get_initial(self):
        if self.product.kind == "store":
            return {"starting_price": self.product.storeproduct.price}
        return {}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "product": self.product}

    def form_valid(self, form):
        _kind, values = form.values()
        try:
            listing = product_move_to_auction(product=self.product, values=values)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if listing.status == "pending":
            messages.success(self.request, _("“%(title)s” will be auctioned once validated.") % {"title": listing.title})
        else:
            messages.success(self.request, _("“%(title)s” is now an auction listing.") % {"title": listing.title})
        return redirect("vendor_products")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SkuGenerationView(VendorPageMixin, TemplateView):
    """`sku_generation`: give SKU codes to listings that have none yet (drafts get theirs on submit)."""

    title = _("SKU codes")
    template_name = "products/sku_generation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = products_without_sku(vendor_scope(Product.objects.all(), user=self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        wanted = request.POST.getlist("product")
        scoped = products_without_sku(vendor_scope(Product.objects.all(), user=request.user))
        chosen = scoped if request.POST.get("all") else scoped.filter(pk__in=[p for p in wanted if p.isdigit()])
        codes = [sku_generate(product=product).code for product in chosen]
        if codes:
            messages.success(request, _("New SKU codes: %(codes)s") % {"codes": ", ".join(codes)})
        else:
            messages.info(request, _("Choose at least one listing."))
        return redirect("sku_generation")
