"""A notification written for its reader: subject, inbox line and e-mail, in the reader's language."""

from dataclasses import dataclass

from django.conf import settings
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import translation

from .email import email_site_context


@dataclass(frozen=True)
class RenderedNotification:
    subject: str  # the e-mail's subject, the inbox row's and the push's title
    short: str  # the inbox and push line ("" for e-mail-only kinds)
    text: str  # the e-mail, plain text
    html: str  # the e-mail, HTML in the branded layout
    language: str


def _plain(name: str, context: dict, *, required: bool = True) -> str:
    """``name`` rendered as plain text: nothing HTML-escaped (a title with quotes stays as typed)."""
    try:
        template = engines["django"].engine.get_template(name)
    except TemplateDoesNotExist:
        if required:
            raise
        return ""
    return "".join([template.render(Context(context, autoescape=False))])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def notification_render(kind: str, context: dict, *, language: str | None = None, recipient=None) -> RenderedNotification:
    """Render ``templates/notifications/<kind>/`` for ``recipient`` in ``language`` (see ``kinds``)."""
    folder = f"notifications/{kind}"
    context = {**email_site_context(), "recipient": recipient, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        context["language"] = translation.get_language()
        subject = _one_line(_plain(f"{folder}/subject.txt", context))
        short = _one_line(_plain(f"{folder}/short.txt", context, required=False))
        message = _plain(f"{folder}/message.txt", context, required=False).strip()
        context.update(subject=subject, message=message)
        text = render_to_string([f"{folder}/body.txt", "notifications/body.txt"], context).strip() + "\n"
        html = render_to_string([f"{folder}/body.html", "notifications/body.html"], context)
    return RenderedNotification(subject=subject, short=short, text=text, html=html, language=context["language"])
