"""A listing's free attributes (the seed's ``Attribute``: name and value, e.g. "Închidere: magnet").

One set of rules for the vendor wizard, the spreadsheet import and the staff admin: a name and a
value each, whitespace collapsed, a name at most once per listing (whatever its case), at most
``MAX_ATTRIBUTES``. The wizard's change of a validated listing's attributes sends it back to review
(buyers read them as they read the description); a staff edit in the admin does not.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Attribute, Product
from .services import product_changed_reviewed_content, product_is_committed

MAX_ATTRIBUTES = 20
NAME_MAX = Attribute._meta.get_field("name").max_length
VALUE_MAX = Attribute._meta.get_field("value").max_length


def _squash(text) -> str:
    return " ".join(str(text or "").split())


def attributes_clean(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (name, value) pairs to keep, in order; blank pairs are dropped. ValidationError lists every problem."""
    clean: list[tuple[str, str]] = []
    seen: set[str] = set()
    errors: list[ValidationError] = []
    for raw_name, raw_value in pairs:
        name, value = _squash(raw_name), _squash(raw_value)
        if not name and not value:
            continue
        if not name:
            errors.append(ValidationError(_("Name the detail whose value is “%(value)s”.") % {"value": value[:40]}, code="required"))
        elif not value:
            errors.append(ValidationError(_("Give the value of “%(name)s”.") % {"name": name[:40]}, code="required"))
        elif len(name) > NAME_MAX:
            errors.append(ValidationError(_("A detail's name has at most %(n)s characters.") % {"n": NAME_MAX}, code="max_length"))
        elif len(value) > VALUE_MAX:
            errors.append(ValidationError(_("A detail's value has at most %(n)s characters.") % {"n": VALUE_MAX}, code="max_length"))
        elif name.casefold() in seen:
            errors.append(ValidationError(_("“%(name)s” is given twice.") % {"name": name}, code="duplicate"))
        else:
            seen.add(name.casefold())
            clean.append((name, value))
    if len(clean) > MAX_ATTRIBUTES:
        errors.append(ValidationError(_("At most %(n)s details per listing.") % {"n": MAX_ATTRIBUTES}, code="out_of_range"))
    if errors:
        raise ValidationError(errors)
    return clean


def attributes_parse(text: str) -> list[tuple[str, str]]:
    """A spreadsheet cell ``Închidere=magnet; Căptușeală=piele`` (``:`` works too) as checked pairs."""
    return attributes_clean(attributes_split(text))


def attributes_split(text: str) -> list[tuple[str, str]]:
    """A spreadsheet cell as raw (name, value) pairs; ValidationError(code="format") when a piece has no ``=``."""
    pairs = []
    for piece in str(text or "").replace("\n", ";").split(";"):
        if not piece.strip():
            continue
        name, sep, value = piece.partition("=")
        if not sep:
            name, sep, value = piece.partition(":")
        if not sep:
            raise ValidationError(
                _("Write details as name=value, separated by semicolons, e.g. Închidere=magnet; Căptușeală=piele"),
                code="format",
            )
        pairs.append((name, value))
    return pairs


@transaction.atomic
def product_attributes_set(*, product: Product, attributes: Iterable[tuple[str, str]], review: bool = True) -> bool:
    """Make the listing's attributes exactly ``attributes``; True when something changed.

    ``review``: a validated listing whose attributes changed goes back to the validation queue
    (the vendor's wizard); staff editing in the admin pass False.
    """
    wanted = dict(attributes_clean(attributes))
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if review and product_is_committed(locked):  # the buyer bought what they saw
        raise ValidationError(_("This piece is already sold or has bids: it can no longer be changed."), code="committed")
    current = {a.name: a for a in Attribute.objects.filter(product=locked)}
    gone = [a.pk for name, a in current.items() if name not in wanted]
    changed = [a for name, a in current.items() if name in wanted and a.value != wanted[name]]
    new = [Attribute(product=locked, name=name, value=value) for name, value in wanted.items() if name not in current]
    if gone:
        Attribute.objects.filter(pk__in=gone).delete()
    for attribute in changed:
        attribute.value = wanted[attribute.name]
        attribute.save(update_fields=["value"])
    if new:
        Attribute.objects.bulk_create(new)
    touched = bool(gone or changed or new)
    if touched and review:
        product_changed_reviewed_content(product=locked, changed={"attributes"})
        product.status = locked.status
    return touched
