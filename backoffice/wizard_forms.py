"""Forms of the vendor's six-step listing wizard. They parse input; the services hold the rules."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.widgets import (
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminFileFieldWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from doors.money import MoneyField
from marketplace.products.attributes import MAX_ATTRIBUTES, NAME_MAX, VALUE_MAX
from marketplace.products.dimensions import DIMENSIONS, MAX_CM, MAX_CUSTOM, MIN_CM
from marketplace.products.models import (
    Brand,
    Category,
    Colour,
    ConditionGrade,
    Material,
    ProductType,
    Size,
    SubCategory,
)

TENTH = Decimal("0.1")
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}  # MoneyField: 1.234,50 or 1234.50


class UnfoldFormMixin:
    """Give every field the back office's widget for its type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                field.widget = UnfoldAdminRadioSelectWidget(choices=field.choices)
            elif isinstance(widget, forms.Select):
                field.widget = UnfoldAdminSelectWidget(choices=field.choices)
            elif isinstance(widget, forms.Textarea):
                field.widget = UnfoldAdminTextareaWidget(attrs=widget.attrs)
            elif isinstance(field, MoneyField):  # a text input: "1.234,50" cannot be typed into type=number
                field.widget = UnfoldAdminTextInputWidget(attrs={**widget.attrs, **field.widget_attrs(widget)})
            elif isinstance(field, forms.DecimalField):
                field.widget = UnfoldAdminDecimalFieldWidget(attrs={**widget.attrs, "step": "0.01", "inputmode": "decimal"})
            elif isinstance(field, forms.IntegerField):
                field.widget = UnfoldAdminIntegerFieldWidget(attrs=widget.attrs)
            elif isinstance(widget, forms.TextInput):
                field.widget = UnfoldAdminTextInputWidget(attrs=widget.attrs)


class GeneralInfoForm(UnfoldFormMixin, forms.Form):
    """Step 1: what the piece is."""

    title = forms.CharField(label=_("Title"), max_length=150, min_length=5,
                            help_text=_("Brand, model and what makes it special, e.g. “Birkin 30 Togo, gold hardware”."))
    title_en = forms.CharField(label=_("Title in English"), max_length=150, required=False,
                               help_text=_("Optional: buyers who browse in English see it instead."))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    subcategory = forms.ModelChoiceField(label=_("Subcategory"), queryset=SubCategory.objects.select_related("category"), required=False)
    brand = forms.ModelChoiceField(label=_("Brand"), queryset=Brand.objects.all())
    product_type = forms.ChoiceField(label=_("Type"), choices=ProductType.choices)
    condition = forms.ModelChoiceField(label=_("Condition"), queryset=ConditionGrade.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for sub in self.fields["subcategory"].queryset:
            groups.setdefault(str(sub.category), []).append((sub.pk, str(sub)))
        self.fields["subcategory"].widget.choices = [("", "—"), *groups.items()]


class PresetDimensionsForm(UnfoldFormMixin, forms.Form):
    """Step 2: the size (in the size charts of the category) and the category's own measurements."""

    size = forms.ModelChoiceField(label=_("Size"), queryset=Size.objects.none(), required=False)

    def __init__(self, *args, category: Category, **kwargs):
        self.category = category
        super().__init__(*args, **kwargs)
        sizes = Size.objects.filter(chart__categories=category).select_related("chart")
        if sizes.exists():
            self.fields["size"].queryset = sizes
            self.fields["size"].label_from_instance = lambda s: f"{s.chart} — {s}"
        else:
            del self.fields["size"]
        for key in category.preset_dimensions:
            self.fields[f"dim_{key}"] = forms.DecimalField(
                label=_("%(name)s (cm)") % {"name": DIMENSIONS[key]}, required=False,
                max_digits=6, decimal_places=1, min_value=MIN_CM, max_value=MAX_CM,
            )
        for name, field in self.fields.items():
            if name.startswith("dim_"):
                field.widget = UnfoldAdminDecimalFieldWidget(attrs={"step": "0.1", "inputmode": "decimal"})

    def to_data(self) -> dict:
        data = {"dimensions": {
            name[4:]: str(value.quantize(TENTH)) for name, value in self.cleaned_data.items()
            if name.startswith("dim_") and value is not None
        }}
        if "size" in self.fields:
            data["size"] = self.cleaned_data["size"]
        return data

    @staticmethod
    def initial_for(product) -> dict:
        initial = {f"dim_{k}": v for k, v in (product.dimensions or {}).items()}
        initial["size"] = product.size_id
        return initial


class CustomDimensionForm(forms.Form):
    name = forms.CharField(label=_("Measurement"), max_length=40, required=False,
                           widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("e.g. Buckle width")}))
    value = forms.DecimalField(label=_("Value (cm)"), required=False, max_digits=6, decimal_places=1,
                               min_value=MIN_CM, max_value=MAX_CM,
                               widget=UnfoldAdminDecimalFieldWidget(attrs={"step": "0.1", "inputmode": "decimal"}))

    def clean(self):
        data = super().clean()
        name, value = (data.get("name") or "").strip(), data.get("value")
        if name and value is None and "value" not in self.errors:
            self.add_error("value", _("Give the value of “%(name)s”.") % {"name": name})
        if value is not None and not name:
            self.add_error("name", _("Name this measurement."))
        return data


CustomDimensionFormSet = forms.formset_factory(
    CustomDimensionForm, extra=3, max_num=MAX_CUSTOM, validate_max=True, absolute_max=MAX_CUSTOM
)


def custom_dimensions_from(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        name = (form.cleaned_data.get("name") or "").strip()
        if name:
            rows.append({"name": name, "value": str(form.cleaned_data["value"].quantize(TENTH))})
    return rows


class MaterialForm(UnfoldFormMixin, forms.Form):
    """Step 4: what it is made of and its colour."""

    material = forms.ModelChoiceField(label=_("Main material"), queryset=Material.objects.all())
    colour = forms.ChoiceField(label=_("Colour"), choices=[("", "—"), *Colour.choices])


class AttributeForm(forms.Form):
    """Step 4, optional: a detail a buyer may look for, e.g. Închidere: magnet."""

    name = forms.CharField(label=_("Detail"), max_length=NAME_MAX, required=False,
                           widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("e.g. Closure")}))
    value = forms.CharField(label=_("Value"), max_length=VALUE_MAX, required=False,
                            widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("e.g. magnetic")}))


AttributeFormSet = forms.formset_factory(
    AttributeForm, extra=2, max_num=MAX_ATTRIBUTES, validate_max=True, absolute_max=MAX_ATTRIBUTES
)


def attribute_pairs(formset) -> list[tuple[str, str]]:
    return [(form.cleaned_data.get("name", ""), form.cleaned_data.get("value", "")) for form in formset.forms]


class MultipleImageInput(UnfoldAdminFileFieldWidget):
    """Unfold's file picker (it shows the chosen file's name in its own box), several files at once."""

    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleImageInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleImageField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class DescriptionForm(UnfoldFormMixin, forms.Form):
    """Step 5: the words and the photos."""

    description = forms.CharField(label=_("Description"), min_length=30, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Condition in detail, flaws, what comes with it (box, dust bag, receipt)."))
    description_en = forms.CharField(label=_("Description in English"), max_length=5000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text=_("Optional: buyers who browse in English see it instead."))
    serial_number = forms.CharField(label=_("Serial or date code"), max_length=80, required=False)
    authenticity_notes = forms.CharField(label=_("Authenticity details"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}),
                                         help_text=_("Where the codes are, receipts, certificates."))
    photos = MultipleImageField(
        label=_("Add photos"), required=False,
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}),
        help_text=_("JPEG, PNG or WebP, up to %(mb)s MB each. The first photo is the main one.")
        % {"mb": settings.PRODUCT_IMAGE_MAX_BYTES // (1024 * 1024)},
    )


class PricingForm(UnfoldFormMixin, forms.Form):
    """Step 6: a fixed price or an auction."""

    kind = forms.ChoiceField(label=_("How do you sell it?"), widget=forms.RadioSelect,
                             choices=[("store", _("At a fixed price")), ("auction", _("In an auction"))])
    price = MoneyField(label=_("Price (lei)"), required=False, **MONEY)
    stock = forms.IntegerField(label=_("Pieces in stock"), required=False, min_value=1, initial=1)
    starting_price = MoneyField(label=_("Starting price (lei)"), required=False, **MONEY)
    reserve_price = MoneyField(label=_("Reserve price (lei)"), required=False, **MONEY,
                                       help_text=_("Hidden from buyers; below it the piece is not sold."))
    bid_increment = MoneyField(label=_("Bid increment (lei)"), required=False, **MONEY,
                                       help_text=_("Leave empty to use the platform's increment table."))
    duration_hours = forms.TypedChoiceField(label=_("Duration"), coerce=int, required=False, choices=())

    def __init__(self, *args, durations: tuple[int, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_hours"].choices = [("", "—")] + [
            (h, ngettext("%(days)s day", "%(days)s days", h // 24) % {"days": h // 24} if h % 24 == 0
             else ngettext("%(hours)s hour", "%(hours)s hours", h) % {"hours": h})
            for h in durations
        ]
        self.fields["duration_hours"].widget = UnfoldAdminSelectWidget(choices=self.fields["duration_hours"].choices)

    def clean(self):
        data = super().clean()
        required = ("price", "stock") if data.get("kind") == "store" else ("starting_price", "duration_hours")
        for name in required:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("This field is required."))
        return data

    def values(self) -> tuple[str, dict]:
        data = self.cleaned_data
        if data["kind"] == "store":
            return "store", {"price": data["price"], "stock": data["stock"]}
        return "auction", {
            "starting_price": data["starting_price"], "reserve_price": data.get("reserve_price"),
            "bid_increment": data.get("bid_increment"), "duration_hours": data.get("duration_hours"),
        }


class AuctionSettingsForm(PricingForm):
    """`submit_to_auction`: the auction settings of a fixed-price piece."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "price", "stock"):
            del self.fields[name]

    def clean(self):
        self.cleaned_data["kind"] = "auction"
        return super().clean()
