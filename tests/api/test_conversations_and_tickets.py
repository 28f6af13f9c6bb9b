"""The partner API's conversations, messages and tickets: the chat's and support's access rules, through the API."""

import pytest
from django.contrib.auth.models import Permission

from marketplace.administration.roles import SUPPORT_AGENT
from marketplace.support.models import Ticket
from marketplace.support.services import ticket_take
from tests.factories import UserFactory, approved_vendor, buyable, customer

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_a_conversation_is_its_buyers_and_its_shops_only():
    shop, other_shop = approved_vendor(), approved_vendor()
    a, b = customer(), customer()
    piece = buyable(shop)
    started = bearer(a).post("/api/conversations/", {"product_id": piece.pk, "text": "Mai aveți factura?"}, format="json")
    assert started.status_code == 201, started.json()
    pk = started.json()["id"]
    assert bearer(b).get(f"/api/conversations/{pk}/").status_code == 404
    assert bearer(other_shop.user).get(f"/api/conversations/{pk}/").status_code == 404
    assert bearer(b).post("/api/messages/", {"conversation": pk, "text": "eu?"}, format="json").status_code == 404
    assert bearer(b).get("/api/conversations/").json() == []

    seller = bearer(shop.user)
    assert [c["id"] for c in seller.get("/api/conversations/", {"as": "shop"}).json()] == [pk]
    answer = seller.post("/api/messages/", {"conversation": pk, "text": "Da, o trimit cu piesa."}, format="json")
    assert answer.status_code == 201 and answer.json()["side"] == "vendor"
    thread = bearer(a).get("/api/messages/", {"conversation": pk}).json()
    assert [m["text"] for m in thread["messages"]] == ["Mai aveți factura?", "Da, o trimit cu piesa."]
    assert bearer(other_shop.user).get("/api/conversations/", {"as": "shop"}).json() == []
    assert bearer(a).get("/api/messages/", {"conversation": "x"}).status_code == 400


def test_contact_details_are_masked_before_an_order_like_on_the_site():
    shop = approved_vendor()
    buyer = customer()
    pk = bearer(buyer).post("/api/conversations/", {"product_id": buyable(shop).pk}, format="json").json()["id"]
    sent = bearer(buyer).post("/api/messages/", {"conversation": pk, "text": "Sunați-mă la 0722 123 456"}, format="json")
    assert sent.status_code == 201 and sent.json()["masked"] is True and "123 456" not in sent.json()["text"]


def test_tickets_belong_to_their_requester_and_to_the_agent_who_took_them():
    a, b = customer(), customer()
    opened = bearer(a).post("/api/tickets/", {"subject": "Colet întârziat", "body": "Comanda nu a sosit."}, format="json")
    assert opened.status_code == 201, opened.json()
    pk = opened.json()["id"]
    assert bearer(b).get(f"/api/tickets/{pk}/").status_code == 404
    assert bearer(b).post(f"/api/tickets/{pk}/respond/", {"body": "și eu"}, format="json").status_code == 404
    assert bearer(b).get("/api/tickets/").json()["results"] == []

    agent, other_agent = (UserFactory(roles=[SUPPORT_AGENT], is_staff=True) for _ in range(2))
    ticket_take(ticket=Ticket.objects.get(pk=pk), agent=agent)
    note = bearer(agent).post(f"/api/tickets/{pk}/respond/?as=staff", {"body": "Verific la curier.", "internal": True}, format="json")
    assert note.status_code == 201 and note.json()["internal"] is True
    reply = bearer(agent).post(f"/api/tickets/{pk}/respond/?as=staff", {"body": "Ajunge mâine."}, format="json")
    assert reply.status_code == 201
    assert bearer(other_agent).get(f"/api/tickets/{pk}/?as=staff").status_code == 404  # taken by someone else
    seen = bearer(a).get(f"/api/tickets/{pk}/").json()
    assert [m["body"] for m in seen["messages"]] == ["Comanda nu a sosit.", "Ajunge mâine."]  # no internal note
    assert bearer(a).post(f"/api/tickets/{pk}/respond/", {"body": "Mersi", "internal": True}, format="json").status_code == 403
    assert bearer(a).post(f"/api/tickets/{pk}/respond/", {"body": "Mulțumesc!"}, format="json").status_code == 201
    # a buyer asking "as staff" is still a requester
    assert bearer(a).get("/api/tickets/?as=staff").json()["results"][0]["id"] == pk
    assert Permission.objects.filter(codename="can_manage_support_tickets").exists()
