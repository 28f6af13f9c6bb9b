"""What the platform tells people, and through which channels.

A kind names a folder of templates, ``templates/notifications/<kind>/``:

- ``subject.txt``: the e-mail's subject, and the title of the inbox row and of the push;
- ``short.txt``: the one line the inbox and the push show (kinds that reach the inbox);
- ``message.txt``: the e-mail's text, written once (plain text, nothing escaped);
- ``body.txt`` / ``body.html`` (optional): the e-mail itself, when the kind wants more than its
  message in the branded layout (a button, for instance); ``notifications/body.txt`` and
  ``notifications/body.html`` frame ``message.txt`` in ``email/base.*`` otherwise.

Every file is rendered in the recipient's language. Security e-mails (password reset, sign-in
codes) never reach the inbox: a link or a code that opens an account stays in the mailbox.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import NotificationKind


@dataclass(frozen=True)
class Kind:
    inbox: str = ""  # the inbox row's kind (NotificationKind; it picks the push preference); "" = e-mail only
    email: bool = True


KINDS: dict[str, Kind] = {
    "order": Kind(inbox=NotificationKind.ORDER),  # to the buyer (guests: e-mail only)
    "shop_order": Kind(inbox=NotificationKind.SHOP_ORDER),  # to each vendor of the order
    "listing_reviewed": Kind(inbox=NotificationKind.LISTING_REVIEWED),
    "price_drop": Kind(inbox=NotificationKind.PRICE_DROP),
    "outbid": Kind(inbox=NotificationKind.OUTBID),
    "auction_won": Kind(inbox=NotificationKind.AUCTION_WON),
    "second_chance": Kind(inbox=NotificationKind.AUCTION_WON),
    "auction_closed": Kind(inbox=NotificationKind.AUCTION_CLOSED),  # to the vendor
    "shipping_deadline": Kind(inbox=NotificationKind.SHIPMENT),  # to the vendor: deadline near, or passed
    "shipment_cancelled": Kind(inbox=NotificationKind.ORDER),  # to the buyer: one shop's parcel cancelled
    "return": Kind(inbox=NotificationKind.RETURN),  # to the buyer, each step of a return
    "shop_return": Kind(inbox=NotificationKind.RETURN),  # to the vendor, each step of a return
    "message": Kind(inbox=NotificationKind.MESSAGE, email=False),  # chat: e-mailed only if unread after 15 min
    "authenticity": Kind(inbox=NotificationKind.AUTHENTICITY),  # to the requester (guests: e-mail only)
    "export_ready": Kind(),  # a big spreadsheet export, written by a job (e-mail with the link)
    "data_export_ready": Kind(),  # "download my data": the buyer's ZIP is ready (e-mail with the link)
    "password_reset": Kind(),
    "two_factor_code": Kind(),
    "ticket": Kind(inbox=NotificationKind.TICKET),  # to the requester: created, replies, status; Reply-To comes back in
    "bank_details_changed": Kind(inbox=NotificationKind.WALLET),  # to the vendor: payout IBAN changed
    "payout_status": Kind(inbox=NotificationKind.WALLET),  # to the vendor: payout requested/approved/paid...
    "wallet_monthly_documents": Kind(inbox=NotificationKind.WALLET),  # to the vendor: last month's statement and commission invoice
    "awb_refused": Kind(inbox=NotificationKind.SHIPMENT),  # to the vendor: the courier refused the parcel's AWB, and why
    "out_for_delivery": Kind(inbox=NotificationKind.SHIPMENT),  # to the buyer: the courier is bringing it today (SMS too)
    "awb_generated": Kind(inbox=NotificationKind.SHIPMENT),  # to the buyer: a shop's parcel has its AWB (tracking link)
    "refund": Kind(inbox=NotificationKind.ORDER),  # to the buyer: money given back (card) or to be sent by transfer
    "auction_ending": Kind(inbox=NotificationKind.AUCTION_ENDING),  # to watchers and bidders: an hour left
    "wallet_audit_alert": Kind(),  # to staff who keep the ledger: wallet_audit found differences
    "review_invited": Kind(inbox=NotificationKind.REVIEW_INVITED),  # to the buyer: the order is completed, rate its shops
}


# The few kinds urgent enough for an SMS (to a confirmed number only), and when.
SMS_RULES = {
    "out_for_delivery": lambda context: True,
    "auction_won": lambda context: True,
    "payout_status": lambda context: context.get("status") == "paid",
}


def sms_wanted(kind: str, context: dict) -> bool:
    rule = SMS_RULES.get(kind)
    return bool(rule and rule(context))


# --- Preferences: kind × channel ----------------------------------------------------------
# A person chooses per inbox kind (``NotificationKind``) which channels tell them. Each kind has
# defaults; ``locked`` channels cannot be turned off (an order's receipt, a ticket's reply: what
# the person must get); ``unsubscribe`` kinds carry a one-click unsubscribe in their e-mails
# (RFC 8058). SMS is offered only for the kinds ``SMS_RULES`` sends. E-mail-only kinds (password
# reset, sign-in codes, exports, staff alerts) have no preference: they always leave.
INBOX, PUSH, EMAIL, SMS = "inbox", "push", "email", "sms"
CHANNELS = (INBOX, PUSH, EMAIL, SMS)
CHANNEL_LABELS = {INBOX: _("Inbox"), PUSH: _("Push"), EMAIL: _("E-mail"), SMS: _("SMS")}


@dataclass(frozen=True)
class Preference:
    offered: frozenset[str]  # the channels this kind can use
    defaults: frozenset[str]  # on until the person turns them off
    locked: frozenset[str] = frozenset()  # always on
    unsubscribe: bool = False  # e-mails carry List-Unsubscribe


def _pref(offered: str, defaults: str, locked: str = "", *, unsubscribe: bool = False) -> Preference:
    return Preference(frozenset(offered.split()), frozenset(defaults.split()), frozenset(locked.split()), unsubscribe)


K = NotificationKind
PREFERENCES: dict[str, Preference] = {
    K.ORDER: _pref("inbox push email", "inbox push email", "inbox email"),
    K.SHIPMENT: _pref("inbox push email sms", "inbox push email sms", "inbox"),
    K.RETURN: _pref("inbox push email", "inbox push email", "inbox email"),
    K.OUTBID: _pref("inbox push email", "inbox push email", unsubscribe=True),
    K.AUCTION_WON: _pref("inbox push email sms", "inbox push email sms", "inbox email"),
    K.AUCTION_ENDING: _pref("inbox push email", "inbox push", unsubscribe=True),
    K.PRICE_DROP: _pref("inbox push email", "inbox push email", unsubscribe=True),
    K.MESSAGE: _pref("inbox push email", "inbox push email", "inbox", unsubscribe=True),
    K.TICKET: _pref("inbox push email", "inbox email", "inbox email"),
    K.AUTHENTICITY: _pref("inbox push email", "inbox push email", "inbox email"),
    K.SHOP_ORDER: _pref("inbox push email", "inbox push email", "inbox email"),
    K.AUCTION_CLOSED: _pref("inbox push email", "inbox push email", "inbox email"),
    K.LISTING_REVIEWED: _pref("inbox push email", "inbox push email", "inbox", unsubscribe=True),
    K.WALLET: _pref("inbox push email sms", "inbox push email sms", "inbox email"),
    # An invitation, not a receipt: inbox and e-mail by default, nothing locked, the e-mail unsubscribable.
    K.REVIEW_INVITED: _pref("inbox push email", "inbox email", unsubscribe=True),
}
VENDOR_KINDS = frozenset({K.SHOP_ORDER, K.AUCTION_CLOSED, K.LISTING_REVIEWED, K.WALLET})


def preference_kind(kind: str) -> str:
    """The preference (inbox kind) a notify() kind answers to; "" for e-mail-only kinds."""
    return KINDS[kind].inbox


def channel_on(channels: dict | None, kind: str, channel: str) -> bool:
    """Whether ``kind`` (an inbox kind) goes through ``channel`` for someone whose saved changes are ``channels``.

    A kind without preferences always does; a channel the kind does not offer never does. Push is
    a second delivery of the inbox row, so no inbox means no push.
    """
    preference = PREFERENCES.get(kind)
    if preference is None:
        return True
    if channel not in preference.offered:
        return False
    if channel == PUSH and not channel_on(channels, kind, INBOX):
        return False
    if channel in preference.locked:
        return True
    return bool((channels or {}).get(kind, {}).get(channel, channel in preference.defaults))
