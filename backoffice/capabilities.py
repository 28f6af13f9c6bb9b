"""The roles grid speaks a shop manager's language: permissions grouped by what they let a person do,
with translated labels ("Vizualizare: comenzi") instead of Django's raw English names.

Pure functions over ``Permission`` rows (with their content type selected): no query of their own.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Capability:
    key: str
    label: str
    help: str
    apps: tuple[str, ...]


CAPABILITIES: tuple[Capability, ...] = (
    Capability("catalogue", _("Catalogue and listings"),
               _("Categories, brands, sizes, listings and their review."), ("products",)),
    Capability("shops", _("Shops and vendors"),
               _("Vendor applications, approving and suspending shops, the vendor back office."), ("vendors",)),
    Capability("orders", _("Orders, payments and invoices"),
               _("Orders, shipments, payments, refunds and invoices."), ("orders",)),
    Capability("shipping", _("Shipping and AWB"),
               _("Generating AWBs and printing labels, parcel photos, hand-over to the courier, tracking."), ("shipping",)),
    Capability("auctions", _("Auctions"), _("Auctions, bids, closing and cancelling."), ("auctions",)),
    Capability("people", _("People and accounts"),
               _("Staff, buyers' and vendors' accounts, e-mail addresses and social sign-in."),
               ("accounts", "auth", "account", "socialaccount")),
    Capability("customers", _("Buyers' lists and notifications"),
               _("Favourites, saved searches, alerts and notifications."), ("customers", "notifications")),
    Capability("security", _("Security and sign-in"),
               _("Two-step devices and locked-out sign-ins."), ("otp_totp", "otp_static", "axes")),
    Capability("support", _("Support: live chat and tickets"),
               _("The live queue, tickets, SLA targets and support settings; managing tickets of every agent."),
               ("support",)),
    Capability("platform", _("Platform settings, roles and history"),
               _("Commission, deadlines, roles and the history of changes."), ("administration", "admin")),
    Capability("jobs", _("Background jobs"), _("Scheduled and failed background jobs."), ("django_q",)),
)
OTHER = Capability("other", _("Other"), "", ())

ACTION_LABELS = {
    "view": pgettext_lazy("permission", "See"),
    "add": pgettext_lazy("permission", "Add"),
    "change": pgettext_lazy("permission", "Edit"),
    "delete": pgettext_lazy("permission", "Delete"),
}
ACTION_ORDER = {"view": 0, "add": 1, "change": 2, "delete": 3}

_BY_APP = {app: capability for capability in CAPABILITIES for app in capability.apps}


def capability_for(permission: Permission) -> Capability:
    return _BY_APP.get(permission.content_type.app_label, OTHER)


def permission_label(permission: Permission) -> str:
    """What the box grants, in the reader's language: "See: orders", or the custom permission's own label."""
    model = permission.content_type.model_class()
    if model is None:  # a content type left behind by a removed model
        return permission.name
    action, _sep, rest = permission.codename.partition("_")
    if action in ACTION_LABELS and rest == model._meta.model_name:
        return f"{ACTION_LABELS[action]}: {model._meta.verbose_name_plural}"
    for codename, label in model._meta.permissions:
        if codename == permission.codename:
            return str(label)
    return permission.name


def _sort_key(permission: Permission) -> tuple:
    action, _sep, rest = permission.codename.partition("_")
    order = ACTION_ORDER.get(action, 4) if rest == permission.content_type.model else 4
    return (permission.content_type.app_label, permission.content_type.model, order, permission.codename)


def permissions_by_capability(permissions) -> list[tuple[Capability, list[Permission]]]:
    """The permissions in capability order (then model, then see/add/edit/delete, then custom ones)."""
    groups: dict[str, list[Permission]] = {}
    for permission in sorted(permissions, key=_sort_key):
        groups.setdefault(capability_for(permission).key, []).append(permission)
    order = [*CAPABILITIES, OTHER]
    return [(capability, groups[capability.key]) for capability in order if capability.key in groups]
