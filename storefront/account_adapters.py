"""django-allauth adapters (the storefront's sign-in door): new accounts are buyers; a second factor is asked after any login.

allauth's own e-mails go out through the platform's branded templates (``templates/email/account/``)
in the recipient's language, with links to the site's public address (``SITE_URL``).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from marketplace.accounts.services import account_created, two_factor_devices
from marketplace.accounts.twofactor import two_factor_pending_start
from marketplace.notifications.email import email_language, email_send

# allauth's template prefix → our branded template (email/<name>{_subject.txt,.txt,.html}).
BRANDED_EMAILS = {
    "account/email/email_confirmation_signup": "email/account/email_confirmation_signup",
    "account/email/email_confirmation": "email/account/email_confirmation",
    "account/email/account_already_exists": "email/account/account_already_exists",
}
# allauth says "confirmation e-mail sent to …" only for a new address: that told who is registered.
SILENCED_MESSAGES = frozenset({"account/messages/email_confirmation_sent.txt"})


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        template = BRANDED_EMAILS.get(template_prefix)
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        if template is None:  # an allauth e-mail we do not send today: still in the reader's language
            with translation.override(email_language(user=user, email=email)):
                return super().send_mail(template_prefix, email, context)
        context = {
            **{key: value for key, value in context.items() if key not in ("request", "current_site")},
            "email": email,
            "login_url": settings.SITE_URL + reverse("login"),
            "reset_url": settings.SITE_URL + reverse("password_reset"),
        }
        email_send(to=email, template=template, context=context, user=user)
        return None

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        if message_template in SILENCED_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message=message)

    def save_user(self, request, user, form, commit=True):
        """allauth's own sign-up (should it ever be reached): the same new-account hook."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            account_created(user=user)
        return user

    def pre_login(self, request, user, **kwargs):
        response = super().pre_login(request, user, **kwargs)
        if response is not None:
            return response
        if two_factor_devices(user=user):
            # Not signed in yet: the second factor decides.
            two_factor_pending_start(request, user=user, next_url=kwargs.get("redirect_url") or "")
            return redirect(reverse("two_factor_verify"))
        return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        """A provider that vouches for the address (Google, Apple) verifies it here too."""
        super().pre_social_login(request, sociallogin)
        if not sociallogin.is_existing:
            return
        user = sociallogin.user
        for address in sociallogin.email_addresses:
            if address.verified and address.email.lower() == user.email.lower():
                EmailAddress.objects.update_or_create(
                    user=user, email__iexact=address.email, defaults={"email": user.email, "verified": True, "primary": True}
                )

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        account_created(user=user)
        return user
