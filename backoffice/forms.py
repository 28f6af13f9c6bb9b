from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from marketplace.administration.models import (
    MAX_AUCTION_DURATION_HOURS,
    PlatformSettings,
    parse_bid_increments,
    parse_shipping_prices,
)
from marketplace.common.money import format_money


class HoursListField(forms.CharField):
    """"24, 72, 168" -> [24, 72, 168]: whole hours, sorted, each between 1 and 720."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        if not parts:
            raise ValidationError(_("Give at least one duration, in whole hours."), code="required")
        try:
            hours = [int(p) for p in parts]
        except ValueError as exc:
            raise ValidationError(_("Durations are whole numbers of hours, separated by commas."), code="invalid") from exc
        return sorted(hours)


class IncrementTableField(forms.CharField):
    """One band per line, "from: increment" ("500: 25") -> [["500", "25"], ...]; blank keeps the table."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{start}: {step}" for start, step in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text.strip():
            return None
        rows = []
        for line in text.replace(";", "\n").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("=", ":").split(":")]
            if len(parts) != 2 or not all(parts):
                raise ValidationError(_("Write one band per line as “from: increment”, e.g. 500: 25."), code="invalid")
            rows.append(parts)  # read by parse_money: 1.000,50 or 1000.50
        parse_bid_increments(rows)
        return [[str(start), str(step)] for start, step in parse_bid_increments(rows)]


class ShippingPricesField(forms.CharField):
    """One method per line, "method: price" ("courier: 25") -> {"courier": "25.00", ...}."""

    def prepare_value(self, value):
        if isinstance(value, dict):  # written the way every price is: 25,00
            return "\n".join(f"{method}: {format_money(price, unit=False)}" for method, price in parse_shipping_prices(value).items())
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text.strip():
            return None
        prices = {}
        for line in text.replace(";", "\n").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("=", ":").split(":")]
            if len(parts) != 2 or not all(parts):
                raise ValidationError(
                    _("Give a price in lei, 0 or more, for each delivery method (courier, locker, pickup)."), code="invalid"
                )
            prices[parts[0].lower()] = parts[1]
        return {method: str(price) for method, price in parse_shipping_prices(prices).items()}


class PlatformSettingsForm(forms.ModelForm):
    """One form class; each settings page picks its fields. Values are validated by the model."""

    auction_duration_hours = HoursListField(
        label=_("Allowed auction durations (hours)"),
        help_text=_("Comma-separated, e.g. 24, 72, 168 (1, 3 and 7 days). Maximum %(max)s.")
        % {"max": MAX_AUCTION_DURATION_HOURS},
        widget=UnfoldAdminTextInputWidget,
    )
    bid_increments = IncrementTableField(
        label=_("Bid increments (lei)"),
        required=False,
        help_text=_("One band per line, “from: increment”, starting at 0 (e.g. 0: 5, then 100: 10). Blank keeps the table."),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 7}),
    )
    shipping_prices = ShippingPricesField(
        label=_("Shipping prices (lei)"),
        required=False,
        help_text=_("One delivery method per line, “method: price”: courier, locker, pickup. Charged once per shop. Blank keeps them."),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
    )
    auction_payment_hours = forms.IntegerField(
        label=_("Auction payment deadline (hours)"),
        required=False,
        min_value=1,
        max_value=720,
        help_text=_("Hours an auction winner has to pay before the lot goes to the next bidder. Blank keeps it."),
        widget=UnfoldAdminIntegerFieldWidget,
    )

    class Meta:
        model = PlatformSettings
        fields = [
            "commission_percent", "return_days", "shipping_days", "auction_duration_hours", "soft_close_minutes",
            "bid_increments", "auction_payment_hours", "shipping_prices", "return_answer_days",
        ]
        widgets = {
            "commission_percent": UnfoldAdminTextInputWidget,
            "return_days": UnfoldAdminIntegerFieldWidget,
            "return_answer_days": UnfoldAdminIntegerFieldWidget,
            "shipping_days": UnfoldAdminIntegerFieldWidget,
            "soft_close_minutes": UnfoldAdminIntegerFieldWidget,
        }

    def __init__(self, *args, only: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if only is not None:
            for name in list(self.fields):
                if name not in only:
                    del self.fields[name]
        if "return_answer_days" in self.fields:  # optional on the return window page: blank keeps it
            self.fields["return_answer_days"].required = False

    def clean(self):
        cleaned = super().clean()
        # The auction page's optional fields: left blank, they keep what is saved.
        for name in ("bid_increments", "auction_payment_hours", "shipping_prices", "return_answer_days"):
            if name in self.fields and cleaned.get(name) in (None, "") and name not in self.errors:
                cleaned[name] = getattr(self.instance, name)
        return cleaned
