"""The masking rule on its own: what counts as contact details or an off-platform payment link, and what does not."""

import pytest

from marketplace.chat.masking import HIDDEN, mask_contact_details


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sunați-mă la 0722 123 456", "phone"),
        ("+40 (722) 123-456 după ora 18", "phone"),
        ("0040722123456", "phone"),
        ("scrieți-mi la ana.pop+shop@gmail.com", "email"),
        ("ana [at] yahoo [dot] com", "email"),
        ("IBAN RO49 AAAA 1B31 0075 9384 0000, mulțumesc", "iban"),
        ("contul DE89370400440532013000", "iban"),
        ("plătiți pe revolut.me/anapop", "link"),
        ("https://paypal.me/anapop/1200", "link"),
        ("WhatsApp: wa.me/40722123456", "link"),
        ("t.me/anapop", "link"),
    ],
)
def test_contact_details_and_payment_links_are_hidden(text, kind):
    masked = mask_contact_details(text)
    assert masked.masked and kind in masked.kinds
    assert HIDDEN in masked.text
    for secret in ("722", "gmail", "yahoo", "AAAA", "3704", "revolut", "paypal", "wa.me", "t.me"):
        if secret in text:
            assert secret not in masked.text


@pytest.mark.parametrize(
    "text",
    [
        "Prețul este 1.200 lei, livrare pe 12.03.2026.",
        "Comanda SNB-7K4-92Q a ajuns?",
        "Mărimea 38, lungimea 100 x 30 cm, din 2019.",
        "Mai aveți geanta? Se poate negocia?",
    ],
)
def test_ordinary_questions_are_left_alone(text):
    masked = mask_contact_details(text)
    assert not masked.masked and masked.text == text
