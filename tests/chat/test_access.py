"""The websocket's per-frame access check (``participant_afresh``): the same answers as the ORM's user, in one query
for a buyer and two for a shop; and the facts a new message reads in one query agree with ``order_joins``."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.administration.roles import VENDOR
from marketplace.chat.access import conversation_side, participant_afresh
from marketplace.chat.models import Side
from marketplace.chat.selectors import order_joins, sending_facts
from marketplace.chat.services import conversation_mark_read, message_send
from marketplace.orders.lifecycle import order_cancel
from marketplace.vendors.services import vendor_suspend
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db


def test_a_buyer_is_checked_in_one_query(conversation, buyer, django_assert_num_queries):
    with django_assert_num_queries(1):
        fresh = participant_afresh(buyer.pk, with_shop=False)
        assert conversation_side(conversation, fresh) == Side.BUYER
    buyer.is_active = False
    buyer.save(update_fields=["is_active"])
    assert conversation_side(conversation, participant_afresh(buyer.pk, with_shop=False)) is None


def test_a_shop_is_checked_in_two_queries_with_its_roles_and_shop_loaded(
    conversation, shop, django_assert_num_queries
):
    with django_assert_num_queries(2):
        fresh = participant_afresh(shop.user.pk)
        assert conversation_side(conversation, fresh) == Side.VENDOR
        assert fresh.has_role(VENDOR)
    assert fresh._role_slugs == set(shop.user.groups.filter(role__isnull=False).values_list("role__slug", flat=True))


def test_a_shop_that_lost_its_role_or_was_suspended_is_refused(conversation, shop, other_shop):
    assert conversation_side(conversation, participant_afresh(other_shop.user.pk)) is None  # another shop
    shop.user.groups.remove(Group.objects.get(role__slug=VENDOR))
    assert conversation_side(conversation, participant_afresh(shop.user.pk)) is None
    shop.user.groups.add(Group.objects.get(role__slug=VENDOR))
    assert conversation_side(conversation, participant_afresh(shop.user.pk)) == Side.VENDOR
    vendor_suspend(vendor=shop, actor=None, reason="Reclamații")
    assert conversation_side(conversation, participant_afresh(shop.user.pk)) is None


def test_someone_gone_is_nobody():
    assert participant_afresh(987654) is None and participant_afresh(None) is None


def test_the_facts_of_a_new_message_agree_with_the_orm(conversation, buyer, shop, piece):
    def facts(side=Side.BUYER, sender=buyer, since=None):
        return sending_facts(
            conversation=conversation, sender_id=sender.pk, side=side, since=since or timezone.now() - timedelta(minutes=1)
        )

    assert facts() == (0, False, False)
    message_send(conversation=conversation, sender=buyer, text="Bună ziua")
    message_send(conversation=conversation, sender=buyer, text="Mai este?")
    assert facts() == (2, True, False)  # two in the last minute, and the shop was told of the first
    assert facts(since=timezone.now() + timedelta(seconds=1))[0] == 0
    assert facts(side=Side.VENDOR, sender=shop.user) == (0, False, False)
    conversation_mark_read(conversation=conversation, reader=shop.user)
    assert facts()[1] is False
    order = place_order(buyer, [piece])
    assert facts()[2] is True and order_joins(buyer_id=buyer.pk, vendor_id=shop.pk)
    order_cancel(order=order, actor=None, reason="Răzgândit")
    assert facts()[2] is False and not order_joins(buyer_id=buyer.pk, vendor_id=shop.pk)


def test_a_message_costs_a_fixed_number_of_queries(conversation, buyer, django_assert_max_num_queries):
    message_send(conversation=conversation, sender=buyer, text="Prima")  # the first one queues the notice
    # the facts, the row, the conversation's time, and the savepoint around them (the test's transaction)
    with django_assert_max_num_queries(5):
        message_send(conversation=conversation, sender=buyer, text="A doua")
