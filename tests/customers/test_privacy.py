"""Privacy (issue 19): "download my data" is a ZIP made by a job, e-mailed as a link that only its owner
can open until it expires; "delete my account" anonymises the person at once and keeps orders and invoices."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.auctions.models import Auction
from marketplace.auctions.services import auction_place_bid
from marketplace.chat.models import Message
from marketplace.chat.services import conversation_start, message_send
from marketplace.customers.addresses import AddressDetails, address_save
from marketplace.customers.models import Address, DataExport, Favorite
from marketplace.customers.privacy import data_exports_expire
from marketplace.orders.invoices.numbering import invoice_issue
from marketplace.orders.models import Invoice, Order
from tests.factories import PASSWORD, approved_vendor, buyable, customer, live_auction
from tests.orders.helpers import place_order

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def ana():
    """A buyer with something in every section: an address, a favourite, an order with its invoice, a bid, a message."""
    person = customer(email="ana.popescu@example.ro", first_name="Ana", last_name="Popescu")
    shop = approved_vendor(shop_name="Atelier A")
    address_save(user=person, details=AddressDetails(
        label="Acasă", name="Ana Popescu", phone="0722123456", address="Str. Lăpușneanu 3", city="Iași", county="Iași",
        postal_code="700057"))
    piece = buyable(shop, price="17000.00", title="Geantă Kelly 28")
    Favorite.objects.create(user=person, product=buyable(shop, title="Eșarfă Hermès"))
    order = place_order(person, [piece])
    Order.objects.filter(pk=order.pk).update(status=Order.Status.COMPLETED)  # as after delivery and the return window
    invoice_issue(shipment=order.shipments.get())
    auction = live_auction(shop)
    auction_place_bid(auction=auction, user=person, amount="150")
    Auction.objects.filter(pk=auction.pk).update(  # closed without a sale: her bid is history now
        status=Auction.Status.ENDED, result=Auction.Result.RESERVE_NOT_MET)
    conversation = conversation_start(buyer=person, product=piece)
    message_send(conversation=conversation, sender=person, text="Are cutia originală?")
    return person


def unzip(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- download my data --------------------------------------------------------------------------
def test_download_my_data_is_a_zip_made_by_a_job_and_emailed(client, ana, django_capture_on_commit_callbacks):
    # Given Ana signed in, when she asks for her data (the job runs inline in the suite)
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy_export_request"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=ana)
    assert export.status == DataExport.Status.READY and export.expires_at > timezone.now() + timedelta(days=6)
    # Then she gets an e-mail with the link
    link = reverse("privacy_export_download", args=[export.pk])
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana.popescu@example.ro"] and link in mail.outbox[0].body
    # And the link gives her the ZIP with every section
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    files = unzip(b"".join(download.streaming_content))
    assert {"profile.json", "addresses.json", "orders.json", "bids.json", "messages.json", "favorites.json", "README.txt"} <= set(files)
    assert json.loads(files["profile.json"])["email"] == "ana.popescu@example.ro"
    assert json.loads(files["addresses.json"])[0]["address"] == "Str. Lăpușneanu 3"
    orders = json.loads(files["orders.json"])
    assert orders[0]["total"] == "17025.00" and orders[0]["shipments"][0]["items"][0]["title"] == "Geantă Kelly 28"
    assert orders[0]["shipments"][0]["invoice"]
    assert json.loads(files["bids.json"])[0]["maximum"] == "150.00"
    assert json.loads(files["messages.json"])[0]["text"] == "Are cutia originală?"


def test_the_download_is_for_its_owner_only_and_expires(client, ana, django_capture_on_commit_callbacks):
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy_export_request"))
    export = DataExport.objects.get(user=ana)
    link = reverse("privacy_export_download", args=[export.pk])
    # somebody else, signed in, gets a 404; nobody signed in goes to the sign-in page
    client.force_login(customer())
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302
    # once it expires the owner is told so, and the sweep deletes the file
    client.force_login(ana)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410 and "a expirat" in response.content.decode()
    assert data_exports_expire() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not export.file


def test_a_second_request_while_one_is_prepared_is_refused(client, ana):
    client.force_login(ana)
    DataExport.objects.create(user=ana)  # still pending
    response = client.post(reverse("privacy_export_request"), follow=True)
    assert DataExport.objects.filter(user=ana).count() == 1
    assert "se pregătesc deja" in response.content.decode()


# --- delete my account -------------------------------------------------------------------------
def test_delete_my_account_anonymises_at_once_and_keeps_orders_and_invoices(client, ana):
    client.force_login(ana)
    order = Order.objects.get(buyer=ana)
    invoice = Invoice.objects.get(shipment__order=order)
    page = client.get(reverse("my_data")).content.decode()
    assert "10 ani" in page and "82/1991" in page
    response = client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    ana.refresh_from_db()
    # the person is gone: e-mail, names, password, profile, addresses, favourites, message text
    assert ana.email.endswith("@anonim.invalid") and not ana.first_name and not ana.last_name
    assert not ana.is_active and not ana.has_usable_password()
    assert not ana.profile.phone and not ana.profile.first_name
    assert not Address.objects.filter(user=ana).exists() and not Favorite.objects.filter(user=ana).exists()
    assert Message.objects.get(sender=ana).text == "(mesaj șters)"
    # the session ended, and the old e-mail and password no longer sign in
    assert client.get(reverse("my_data")).status_code == 302
    client.post(reverse("login"), {"email": "ana.popescu@example.ro", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # the audit trail of her account no longer holds her old e-mail or names (orders' entries are accounting records)
    from auditlog.models import LogEntry  # noqa: PLC0415
    about_her = LogEntry.objects.filter(content_type__model="user", object_pk=str(ana.pk))
    assert about_her.exists()
    assert not [e for e in about_her if "ana.popescu@example.ro" in f"{e.object_repr}{e.changes}" or "Popescu" in str(e.changes)]
    # the accounting records stay as issued
    order.refresh_from_db()
    invoice.refresh_from_db()
    assert order.shipping_name == "Ana Popescu" and order.total == invoice.total
    assert invoice.buyer["name"] == "Ana Popescu"


def test_a_wrong_password_or_no_confirmation_changes_nothing(client, ana):
    client.force_login(ana)
    response = client.post(reverse("account_delete"), {"password": "not-it", "confirm": "yes"}, follow=True)
    assert "Parola nu este corectă." in response.content.decode()
    client.post(reverse("account_delete"), {"password": PASSWORD})
    ana.refresh_from_db()
    assert ana.is_active and ana.email == "ana.popescu@example.ro" and Address.objects.filter(user=ana).exists()


def test_a_live_lead_an_order_on_its_way_or_a_shop_account_cannot_be_deleted(client):
    bidder = customer()
    auction_place_bid(auction=live_auction(), user=bidder, amount="150")
    client.force_login(bidder)
    assert "licitație în desfășurare" in client.get(reverse("my_data")).content.decode()
    client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "yes"})
    bidder.refresh_from_db()
    assert bidder.is_active
    buyer = customer()
    shop = approved_vendor()
    place_order(buyer, [buyable(shop)])  # cash on delivery, not delivered yet
    client.force_login(buyer)
    assert "pe drum" in client.get(reverse("my_data")).content.decode()
    client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "yes"})
    buyer.refresh_from_db()
    assert buyer.is_active
    client.force_login(shop.user)
    client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "yes"})
    shop.user.refresh_from_db()
    assert shop.user.is_active
