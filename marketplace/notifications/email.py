"""One way to send e-mail: the branded layout, HTML and plain text, in the recipient's language.

Every message the platform sends (account confirmation, password reset, sign-in codes, order,
auction and shop notices) goes through ``email_send``. A template name ``email/<name>`` stands
for three files: ``email/<name>_subject.txt``, ``email/<name>.txt`` (extends ``email/base.txt``)
and ``email/<name>.html`` (extends ``email/base.html``). Each is rendered under
``translation.override`` of the recipient's language, with the site's name and public address
from settings — never the request's host, never the internal username.
"""

from django.conf import settings
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
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(email__iexact=email).select_related("profile").first()
    profile = getattr(user, "profile", None) if user is not None else None
    language = getattr(profile, "language", "") or ""
    return language if language in known else settings.LANGUAGE_CODE


def email_render(
    *, template: str = "", context: dict | None = None, language: str | None = None,
    subject=None, body_template: str = "",
) -> tuple[str, str, str]:
    """(subject, text, html) of ``template`` in ``language``.

    A context's own plain-text body (``body_template``, e.g. ``orders/email/buyer.txt``) with a
    ``subject`` (a string, or a callable run in the reader's language) is framed by the same
    layout: ``email/framed.txt`` and ``email/framed.html``.
    """
    context = {**email_site_context(), **(context or {})}
    with translation.override(language or settings.LANGUAGE_CODE):
        context["language"] = translation.get_language()
        if body_template:
            subject_text = subject() if callable(subject) else str(subject or "")
            context["content"] = render_to_string(body_template, context).strip()
            template = "email/framed"
        else:
            subject_text = render_to_string(f"{template}_subject.txt", context)
        subject_text = " ".join(subject_text.split())
        context["subject"] = subject_text
        text = render_to_string(f"{template}.txt", context).strip() + "\n"
        html = render_to_string(f"{template}.html", context)
    return subject_text, text, html


def email_send(
    *, to: str, template: str = "", context: dict | None = None, user=None, language: str | None = None,
    subject=None, body_template: str = "", reply_to: list[str] | None = None,
) -> int:
    """Render the e-mail for its reader and send it (HTML with a plain-text part). Returns 1 if sent."""
    language = language or email_language(user=user, email=to)
    subject, text, html = email_render(
        template=template, context={"recipient": user, **(context or {})}, language=language,
        subject=subject, body_template=body_template,
    )
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        reply_to=reply_to, headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message.send()
