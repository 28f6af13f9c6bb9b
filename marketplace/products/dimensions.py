"""The measurements a listing can carry, in centimetres, and which ones each category asks for.

A category lists its preset measurements (``Category.preset_dimensions``, keys of
``DIMENSIONS``): the wizard's second step shows exactly those. Anything else a vendor wants to
state goes in the third step as a custom measurement (a free name and a value).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DIMENSIONS = {
    "length": _("Length"),
    "width": _("Width"),
    "height": _("Height"),
    "depth": _("Depth"),
    "handle_drop": _("Handle drop"),
    "strap_drop": _("Strap drop"),
    "shoulders": _("Shoulder width"),
    "chest": _("Chest (pit to pit)"),
    "waist": _("Waist"),
    "hips": _("Hips"),
    "inseam": _("Inseam"),
    "sleeve": _("Sleeve length"),
    "heel_height": _("Heel height"),
    "insole_length": _("Insole length"),
    "diameter": _("Diameter"),
    "case_diameter": _("Case diameter"),
    "wrist": _("Wrist circumference"),
}

MIN_CM = Decimal("0.1")
MAX_CM = Decimal("500")
MAX_CUSTOM = 8


def validate_preset_keys(value) -> None:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ValidationError(_("Give a list of measurement names."), code="invalid")
    unknown = sorted(set(value) - DIMENSIONS.keys())
    if unknown:
        raise ValidationError(
            _("Unknown measurements: %(names)s.") % {"names": ", ".join(unknown)}, code="unknown_dimension"
        )


def dimension_label(key: str) -> str:
    return str(DIMENSIONS.get(key, key))
