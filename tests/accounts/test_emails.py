"""The e-mails accounts send: branded, HTML and plain text, in the reader's language, linking to the real site.

And the sign-up and password-reset doors answer the same way for known and unknown addresses.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.accounts.services import two_factor_email_code_send, two_factor_email_enable
from tests.factories import UserFactory

from .test_sign_in import NEW_PASSWORD, link_in, signed_in_as

pytestmark = pytest.mark.django_db

PHISHY = ["127.0.0.1", "testserver", "example.com", "Salutari", "Hello from", "localhost"]


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "SNOBISTIC"
    settings.SITE_URL = "https://snobistic.ro"
    settings.SITE_SUPPORT_EMAIL = "suport@snobistic.ro"


def register(client, email, *, next_url="", language="ro"):
    client.cookies["django_language"] = language
    data = {"first_name": "Ioana", "last_name": "Pop", "email": email, "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD, "accept_terms": "on"}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("register"), data)


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def assert_branded(message, *, name="Ioana"):
    html = html_of(message)
    for text in (message.subject, message.body, html):
        assert "SNOBISTIC" in text
        for bad in PHISHY:
            assert bad not in text, bad
    assert "https://snobistic.ro" in message.body and 'href="https://snobistic.ro"' in html
    assert "suport@snobistic.ro" in message.body
    if name:
        assert name in message.body and name in html
    assert message.from_email.endswith("<noreply@snobistic.ro>")


@pytest.mark.parametrize(
    ("language", "words"),
    [("ro", ["Confirmați adresa de e-mail", "Bună ziua, Ioana"]), ("en", ["Confirm your e-mail address", "Hello Ioana"])],
)
def test_the_sign_up_e_mail_is_branded_in_the_buyers_language_and_links_to_the_site(client, language, words):
    register(client, "ioana.pop@example.ro", language=language)
    [message] = mail.outbox
    assert message.to == ["ioana.pop@example.ro"]
    assert_branded(message)
    user = User.objects.get(email="ioana.pop@example.ro")
    for text in (message.body, html_of(message)):  # never the internal handle (only the address itself)
        assert user.username not in text.replace(user.email, "")
    for word in words:
        assert word in message.subject + message.body and word in message.subject + html_of(message)
    assert message.extra_headers["Content-Language"] == language
    assert re.search(r"https://snobistic\.ro/accounts/confirm-email/[^\s\"]+/", message.body)


def test_confirming_in_the_browser_that_signed_up_signs_in_and_lands_where_the_buyer_was_going(client):
    register(client, "ioana.pop@example.ro", next_url="/cart/")
    confirm_url = link_in(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200  # a button: mail scanners that open links confirm nothing
    assert signed_in_as(client) is None
    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert signed_in_as(client) == User.objects.get(email="ioana.pop@example.ro")


def test_confirming_elsewhere_confirms_but_asks_to_sign_in(client):
    register(client, "ioana.pop@example.ro", next_url="/cart/")
    other = Client()
    response = other.post(link_in(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_as(other) is None
    assert other.post(reverse("login"), {"email": "ioana.pop@example.ro", "password": NEW_PASSWORD}).status_code == 302
    assert signed_in_as(other) is not None


def _page_text(response, email) -> str:
    html = response.content.decode().replace(email, "EMAIL")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_sign_up_answers_the_same_for_a_taken_address_and_e_mails_its_owner(client):
    owner = UserFactory(email="taken@example.ro", first_name="Maria")
    fresh_client, taken_client = Client(), Client()
    fresh = register(fresh_client, "free@example.ro")
    taken = register(taken_client, "taken@example.ro")
    assert fresh.status_code == taken.status_code == 200
    assert _page_text(fresh, "free@example.ro") == _page_text(taken, "taken@example.ro")
    assert sorted(fresh.cookies) == sorted(taken.cookies)
    assert User.objects.filter(email="taken@example.ro").count() == 1
    [warning] = [m for m in mail.outbox if m.to == ["taken@example.ro"]]
    assert_branded(warning, name=owner.first_name)
    assert "https://snobistic.ro/accounts/password-reset/" in warning.body


def test_sign_in_codes_are_branded_and_in_the_language_the_person_last_used(client):
    user = UserFactory(email="staff@example.ro", first_name="Radu")
    user.profile.language = "en"
    user.profile.save()
    two_factor_email_enable(user=user)
    two_factor_email_code_send(user=user)  # the request around it may be in Romanian: the reader's language wins
    [message] = mail.outbox
    assert_branded(message, name="Radu")
    assert "Your SNOBISTIC code" in message.subject and re.search(r"\b\d{6}\b", html_of(message))


def test_password_reset_is_mailed_by_a_job_that_gets_only_the_user_id(client, django_capture_on_commit_callbacks):
    from django_q.models import Task

    user = UserFactory(email="forgot@example.ro", first_name="Ana")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        known = client.post(reverse("password_reset"), {"email": "forgot@example.ro"})
        unknown = client.post(reverse("password_reset"), {"email": "nobody@example.ro"})
    # the request only queued the work: nothing was sent inside it, and both answers are the same
    assert mail.outbox == [] and len(callbacks) == 1
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    callbacks[0]()
    [task] = Task.objects.filter(func="marketplace.accounts.tasks.send_password_reset")
    assert task.args == (user.pk,) and task.success
    [message] = mail.outbox
    assert_branded(message, name="Ana")
    assert "https://snobistic.ro/accounts/password-reset-confirm/" in message.body
    token = re.search(r"password-reset-confirm/[^/]+/([^/\s]+)/", message.body).group(1)
    assert token not in repr(task.args) + repr(task.kwargs)
