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
    "password_reset": Kind(),
    "two_factor_code": Kind(),
    "ticket": Kind(inbox=NotificationKind.TICKET),  # to the requester: created, replies, status; Reply-To comes back in
    "bank_details_changed": Kind(inbox=NotificationKind.WALLET),  # to the vendor: payout IBAN changed
    "payout_status": Kind(inbox=NotificationKind.WALLET),  # to the vendor: payout requested/approved/paid...
    "out_for_delivery": Kind(inbox=NotificationKind.SHIPMENT),  # to the buyer: the courier is bringing it today (SMS too)
    "wallet_audit_alert": Kind(),  # to staff who keep the ledger: wallet_audit found differences
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
