"""One way to send e-mail: the branded layout, HTML and plain text, in the recipient's language.

Every message the platform sends leaves through ``email_deliver``: the notices of
``marketplace.notifications.services.notify`` (orders, listings, auctions, password reset, sign-in
codes; templates in ``templates/notifications/<kind>/``) and allauth's account e-mails through
``email_send``, where a template name ``email/<name>`` stands for ``email/<name>_subject.txt``,
``email/<name>.txt`` (extends ``email/base.txt``) and ``email/<name>.html`` (extends
``email/base.html``). Each is rendered under ``translation.override`` of the recipient's language,
with the site's name and public address from settings — never the request's host, never the
internal username.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def email_site_context() -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "support_email": settings.SITE_SUPPORT_EMAIL,
    }


def email_language(*, user=None, email: str = "") -> str:
    """The language ``user`` (or the account of ``email``) reads; the default language otherwise."""
    known = {code for code, _name in settings.LANGUAGES}
    if user is None and email:
        user = get_user_model().objects.filter(email__iexact=email).select_related("profile").first()
    profile = getattr(user, "profile", None) if user is not None else None
    language = getattr(profile, "language", "") or ""
    return language if language in known else settings.LANGUAGE_CODE


def email_render(*, template: str, context: dict | None = None, language: str | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of ``template`` (``email/<name>``, allauth's branded mails) in ``language``."""
    context = {**email_site_context(), **(context or {})}
    with translation.override(language or settings.LANGUAGE_CODE):
        context["language"] = translation.get_language()
        subject_text = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        context["subject"] = subject_text
        text = render_to_string(f"{template}.txt", context).strip() + "\n"
        html = render_to_string(f"{template}.html", context)
    return subject_text, text, html


def email_deliver(
    *, to: str, subject: str, text: str, html: str, language: str, reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    """Send one rendered e-mail (HTML with its plain-text part). Returns 1 if sent."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        reply_to=reply_to, headers={"Content-Language": language, **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message.send()


def email_send(
    *, to: str, template: str, context: dict | None = None, user=None, language: str | None = None,
    reply_to: list[str] | None = None,
) -> int:
    """Render ``email/<name>`` for its reader and send it. People are told through ``notify()``;
    this serves the account e-mails allauth asks for. Returns 1 if sent."""
    language = language or email_language(user=user, email=to)
    subject, text, html = email_render(
        template=template, context={"recipient": user, **(context or {})}, language=language,
    )
    return email_deliver(to=to, subject=subject, text=text, html=html, language=language, reply_to=reply_to)
