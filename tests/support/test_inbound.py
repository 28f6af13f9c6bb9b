"""Mailgun inbound parsing: the reply address's token, the Message-Id from message-headers, quoted history cut."""

import json
import time

import pytest

from marketplace.support.inbound import InboundSignatureError, mailgun_parse, reply_token_from
from marketplace.support.replies import reply_strip_quoted

from .helpers import SIGNING_KEY, mailgun_fields


@pytest.mark.parametrize(
    "text",
    [
        "Mulțumesc!\n\nÎn lun., 1 dec. 2026 la 10:00, SNOBISTIC <noreply@snobistic.ro> a scris:\n> Bună ziua",
        "Mulțumesc!\n\nOn Mon, 1 Dec 2026 at 10:00, SNOBISTIC <noreply@snobistic.ro>\nwrote:\n> Hello",
        "Mulțumesc!\n\n________________________________\nFrom: SNOBISTIC <noreply@snobistic.ro>\nSent: Monday",
        "Mulțumesc!\n-- \nAna Popescu\n0722 123 456",
        "> citat de sus\nMulțumesc!",
    ],
)
def test_quoted_history_and_signatures_are_cut(text):
    assert reply_strip_quoted(text) == "Mulțumesc!"


def test_the_token_comes_only_from_our_reply_domain():
    token = "0123456789abcdef01234567"
    assert reply_token_from(f"Suport <support+{token}@reply.snobistic.ro>, alt@example.ro") == token
    assert reply_token_from(f"support+{token}@evil.example") == ""
    assert reply_token_from("suport@snobistic.ro") == ""


def test_the_message_id_is_read_from_message_headers_when_not_posted_alone():
    fields = mailgun_fields(recipient="support+" + "a" * 24 + "@reply.snobistic.ro", sender="ana@example.ro",
                            text="Salut", message_id="")
    del fields["Message-Id"]
    fields["message-headers"] = json.dumps([["Subject", "Re"], ["Message-Id", "<x1@mail.example.ro>"]])
    email = mailgun_parse(fields, signing_key=SIGNING_KEY, max_age=900)
    assert (email.message_id, email.sender, email.reply_token) == ("<x1@mail.example.ro>", "ana@example.ro", "a" * 24)


def test_stripped_text_is_preferred_and_a_stale_signature_refused():
    fields = mailgun_fields(recipient="support+" + "b" * 24 + "@reply.snobistic.ro", sender="ana@example.ro",
                            text="Da.\n\nOn Mon, 1 Dec 2026, X wrote:\n> ...", message_id="<y@x>", stripped="Da.")
    assert mailgun_parse(fields, signing_key=SIGNING_KEY, max_age=900).text == "Da."
    with pytest.raises(InboundSignatureError) as refused:
        mailgun_parse(fields, signing_key=SIGNING_KEY, max_age=900, now=time.time() + 3600)
    assert refused.value.code == "stale_signature"
