from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminTextInputWidget

from .models import MAX_AUCTION_DURATION_HOURS, PlatformSettings


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


class PlatformSettingsForm(forms.ModelForm):
    """One form class; each settings page picks its fields. Values are validated by the model."""

    auction_duration_hours = HoursListField(
        label=_("Allowed auction durations (hours)"),
        help_text=_("Comma-separated, e.g. 24, 72, 168 (1, 3 and 7 days). Maximum %(max)s.")
        % {"max": MAX_AUCTION_DURATION_HOURS},
        widget=UnfoldAdminTextInputWidget,
    )

    class Meta:
        model = PlatformSettings
        fields = ["commission_percent", "return_days", "shipping_days", "auction_duration_hours", "soft_close_minutes"]
        widgets = {
            "commission_percent": UnfoldAdminTextInputWidget,
            "return_days": UnfoldAdminIntegerFieldWidget,
            "shipping_days": UnfoldAdminIntegerFieldWidget,
            "soft_close_minutes": UnfoldAdminIntegerFieldWidget,
        }

    def __init__(self, *args, only: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if only is not None:
            for name in list(self.fields):
                if name not in only:
                    del self.fields[name]
