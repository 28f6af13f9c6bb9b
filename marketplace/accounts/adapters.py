"""django-allauth adapters: new accounts are buyers; a second factor is asked after any login."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import redirect
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def pre_login(self, request, user, **kwargs):
        response = super().pre_login(request, user, **kwargs)
        if response is not None:
            return response
        from .services import two_factor_devices
        from .twofactor import two_factor_pending_start

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
        from allauth.account.models import EmailAddress

        user = sociallogin.user
        for address in sociallogin.email_addresses:
            if address.verified and address.email.lower() == user.email.lower():
                EmailAddress.objects.update_or_create(
                    user=user, email__iexact=address.email, defaults={"email": user.email, "verified": True, "primary": True}
                )

    def save_user(self, request, sociallogin, form=None):
        from backoffice.roles import CUSTOMER
        from backoffice.services import role_assign

        user = super().save_user(request, sociallogin, form)
        role_assign(user=user, slug=CUSTOMER)
        return user
