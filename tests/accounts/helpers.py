"""Steps the account tests share."""

import re

from django.core import mail
from django.urls import reverse


def last_code_mailed_to(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def prove_inbox(client, user) -> None:
    """First enrolment: ask for the e-mailed code and type it."""
    client.post(reverse("two_factor_setup"), {"action": "proof_send"})
    client.post(reverse("two_factor_setup"), {"action": "proof_verify", "code": last_code_mailed_to(user.email)})


def enrol_email_codes(client, user, next_url: str = ""):
    """A signed-in user without a device turns on e-mail codes, the honest way."""
    prove_inbox(client, user)
    return client.post(reverse("two_factor_setup"), {"action": "email_enable", "next": next_url})
