import hashlib
import hmac
import time

from marketplace.administration.roles import SUPPORT_AGENT
from marketplace.support.presence import agent_presence_touch
from tests.factories import UserFactory, shop_manager

SIGNING_KEY = "key-test-signing"


def agent(**kwargs):
    return UserFactory(roles=[SUPPORT_AGENT], is_staff=True, **kwargs)


def manager(**kwargs):
    return shop_manager(**kwargs)


def online(user):
    agent_presence_touch(user_id=user.pk, seconds=90)
    return user


def mailgun_fields(*, recipient, sender, text, message_id, timestamp=None, key=SIGNING_KEY, stripped=None):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    token = "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    fields = {
        "recipient": recipient, "sender": sender, "from": f"Ana <{sender}>", "subject": "Re: ticket",
        "body-plain": text, "Message-Id": message_id, "timestamp": timestamp, "token": token, "signature": signature,
    }
    if stripped is not None:
        fields["stripped-text"] = stripped
    return fields
