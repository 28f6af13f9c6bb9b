"""Every accounts page renders in Romanian and in English, and every input has a label."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.helpers import prove_inbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class InputAudit(HTMLParser):
    """Collect the form controls a person fills in, and the ids that labels point at."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.open_labels = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit", "button"}:
            self.controls.append({**attrs, "_wrapped": self.open_labels > 0, "_tag": tag})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1

    def unlabelled(self) -> list[str]:
        return [
            c.get("name", c["_tag"])
            for c in self.controls
            if not (c["_wrapped"] or c.get("id") in self.label_for or c.get("aria-label"))
        ]


PUBLIC = ["login", "register", "password_reset", "password_reset_done", "password_reset_complete", "logout"]
SIGNED_IN = ["profile", "two_factor_setup", "password_change", "vendor_apply"]
WORDS = {"ro": "Intrați", "en": "Sign in"}


def audit(response) -> list[str]:
    parser = InputAudit()
    parser.feed(response.content.decode())
    return parser.unlabelled()


@pytest.mark.parametrize("language", ["ro", "en"])
def test_pages_render_in_both_languages_with_labels(client, language):
    client.cookies["django_language"] = language
    html_lang = f'<html lang="{language}">'
    for name in PUBLIC:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert html_lang in response.content.decode(), name
        assert audit(response) == [], name
    assert WORDS[language] in client.get(reverse("login")).content.decode()

    user = UserFactory()
    confirm = client.get(
        reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), "bad-token"])
    )
    assert confirm.status_code == 200 and audit(confirm) == []

    client.force_login(user)
    for name in SIGNED_IN:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert html_lang in response.content.decode(), name
        assert audit(response) == [], name

    # the second-factor pages, during enrolment (after the e-mailed code) and at sign-in
    proof = client.get(reverse("two_factor_setup"))
    assert proof.context["may_enrol"] is False and audit(proof) == []
    prove_inbox(client, user)
    client.post(reverse("two_factor_setup"), {"action": "totp_start"})
    setup = client.get(reverse("two_factor_setup"))
    assert "data:image/svg+xml" in setup.content.decode() and audit(setup) == []
    client.post(reverse("two_factor_setup"), {"action": "email_enable"})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"email": user.email, "password": "correct-horse-battery-9"})
    verify = client.get(reverse("two_factor_verify"))
    assert verify.status_code == 200 and audit(verify) == []


def test_the_audit_catches_an_unlabelled_input():
    parser = InputAudit()
    parser.feed('<form><label for="a">A</label><input id="a" name="a"><input name="b"><input type="hidden" name="c"></form>')
    assert parser.unlabelled() == ["b"]


def test_allauths_duplicate_pages_lead_to_ours(client):
    for path, name in [("/accounts/signup/", "register"), ("/accounts/password/reset/", "password_reset"), ("/accounts/password/change/", "password_change")]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse(name)), path
