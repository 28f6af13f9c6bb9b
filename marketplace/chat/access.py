"""Who may read and write a conversation: its buyer, and the approved vendor of its shop. Nobody else.

``conversation_side`` is the one rule; ``conversation_for_user`` fetches a conversation for a user and refuses
(``NotFound``, a 404 in every door, as if it did not exist) when they are neither side. The storefront pages,
the vendor site, the JSON polling endpoint and the websocket consumer all go through here, on every request
and every socket frame, so changing an id never reaches somebody else's conversation.
"""

import functools

from django.contrib.auth import get_user_model
from django.db import connection

from marketplace.administration.models import Role
from marketplace.common.errors import NotFound
from marketplace.vendors.access import approved_vendor_for_user
from marketplace.vendors.models import VendorProfile

from .models import Conversation, Side


def conversation_side(conversation: Conversation, user) -> str | None:
    """``Side.BUYER`` or ``Side.VENDOR`` for a participant; None for anybody else (a suspended shop included)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if conversation.buyer_id == user.pk:
        return Side.BUYER
    vendor = approved_vendor_for_user(user)
    if vendor is not None and conversation.vendor_id == vendor.pk:
        return Side.VENDOR
    return None


def conversation_for_user(*, user, pk, side: str | None = None) -> tuple[Conversation, str]:
    """The conversation ``pk`` and the user's side in it; ``NotFound`` when they are not in it (or not on ``side``)."""
    try:
        conversation = Conversation.objects.select_related("vendor", "product", "order", "buyer").get(pk=pk)
    except (Conversation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    my_side = conversation_side(conversation, user)
    if my_side is None or (side is not None and my_side != side):
        raise NotFound()
    return conversation, my_side


@functools.cache
def _participant_sql() -> str:
    user, role = get_user_model()._meta, Role._meta
    memberships = user.get_field("groups").remote_field.through._meta
    q = connection.ops.quote_name

    def column(meta, name: str) -> str:
        return q(meta.get_field(name).column)

    joined = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    return (
        f"SELECT u.*, (SELECT {joined}(r.{column(role, 'slug')}, ',') FROM {q(memberships.db_table)} ug"  # noqa: S608 - names from _meta
        f" INNER JOIN {q(role.db_table)} r ON r.{column(role, 'group')} = ug.{column(memberships, 'group')}"
        f" WHERE ug.{column(memberships, 'user')} = u.{q(user.pk.column)}) AS role_slugs"
        f" FROM {q(user.db_table)} u WHERE u.{q(user.pk.column)} = %s"
    )


@functools.cache
def _shop_sql() -> str:
    shop = VendorProfile._meta
    q = connection.ops.quote_name
    return f"SELECT * FROM {q(shop.db_table)} WHERE {q(shop.get_field('user').column)} = %s"  # noqa: S608 - names from _meta


def participant_afresh(user_id, *, with_shop: bool = True):
    """The user ``user_id`` read again from the database, with what ``conversation_side`` asks of them (their roles,
    and their shop unless ``with_shop`` is False: the buyer's side needs none) already loaded; None if gone.

    The websocket consumer checks access with it on every frame, so an account deactivated, a shop suspended or a
    Vendor role taken away since connecting is refused there. Written in SQL once per process (one query, two
    for a shop): the ORM's compiling of the roles' subquery cost ten times the database's answer on every frame."""
    if user_id is None:
        return None
    user = next(iter(get_user_model().objects.raw(_participant_sql(), [user_id])), None)
    if user is None:
        return None
    # The caches of User.has_role and vendors.access.vendor_for_user, filled from these rows.
    user._role_slugs = set(filter(None, (user.role_slugs or "").split(",")))
    if with_shop:
        user._vendor_profile_cache = next(iter(VendorProfile.objects.raw(_shop_sql(), [user.pk])), None)
    return user
