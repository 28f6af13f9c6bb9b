"""The seed's accounts views: sign-up, sign-in with a second factor, profile, password reset."""

import base64
from importlib import import_module
from urllib.parse import urlencode

import segno
from allauth.account import views as allauth_views
from allauth.account.internal.flows.email_verification import send_verification_email_for_user
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from doors.errors import error_status, form_add_service_error
from marketplace.accounts.models import EmailCodeDevice, SmsCodeDevice
from marketplace.accounts.services import (
    account_authenticate,
    account_email_verified,
    account_language_remember,
    account_password_reset_request,
    account_register,
    two_factor_backup_codes_regenerate,
    two_factor_code_channel,
    two_factor_code_channel_set,
    two_factor_code_send,
    two_factor_devices,
    two_factor_email_enable,
    two_factor_enrolment_code_send,
    two_factor_enrolment_code_verify,
    two_factor_totp_confirm,
    two_factor_totp_start,
    two_factor_verify,
    user_profile_update,
)
from marketplace.accounts.twofactor import (
    safe_next,
    two_factor_enrol_proof_clear,
    two_factor_enrol_proof_record,
    two_factor_may_enrol,
    two_factor_pending_finish,
    two_factor_pending_start,
    two_factor_pending_user,
)
from marketplace.common.ratelimit import request_rate_limited
from marketplace.notifications.selectors import sms_confirmed_number
from marketplace.vendors.services import vendor_apply
from storefront.forms.accounts import LoginForm, ProfileForm, RegisterForm, TwoFactorForm, VendorApplicationForm


def _too_many(request, template: str, context: dict):
    context["error"] = _("Too many attempts. Please wait a few minutes and try again.")
    return render(request, template, context, status=429)


@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = LoginForm(request.POST or None)
    context = {"form": form, "next": next_url, "social_providers": sorted(settings.SOCIALACCOUNT_PROVIDERS)}
    if request.method == "POST":
        if request_rate_limited(request, "login"):
            return _too_many(request, "accounts/login.html", context)
        if form.is_valid():
            user = account_authenticate(request=request, email=form.cleaned_data["email"], password=form.cleaned_data["password"])
            if getattr(request, "axes_locked_out", False):
                return render(request, "accounts/locked_out.html", status=429)
            if user is None:
                # The same words whether the e-mail is registered or not.
                form.add_error(None, _("The e-mail or the password is not right."))
            elif not account_email_verified(user=user):
                send_verification_email_for_user(request, user)
                return render(request, "accounts/verification_sent.html", {"email": user.email})
            else:
                account_language_remember(user=user, language=getattr(request, "LANGUAGE_CODE", ""))
                if not form.cleaned_data["remember"]:
                    request.session.set_expiry(0)
                if two_factor_devices(user=user):
                    two_factor_pending_start(request, user=user, next_url=next_url)
                    return redirect("two_factor_verify")
                login(request, user)  # rotates the session key
                return redirect(safe_next(request, next_url))
    return render(request, "accounts/login.html", context)


@require_http_methods(["GET", "POST"])
def logout_view(request):
    if request.method == "POST":
        logout(request)
        messages.info(request, _("You are signed out."))
        return redirect("login")
    return render(request, "accounts/logout.html")


SIGNUP_KEY = "snobistic_signup"


@require_http_methods(["GET", "POST"])
def register_view(request):
    """Sign-up. The same "check your inbox" page whether or not the address has an account."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = RegisterForm(request.POST or None)
    context = {"form": form, "next": next_url}
    if request.method == "POST":
        if request_rate_limited(request, "register"):
            return _too_many(request, "accounts/register.html", context)
        if form.is_valid():
            data = form.cleaned_data
            if data["wants_to_sell"] and not next_url:
                next_url = reverse("vendor_apply")
            try:
                user = account_register(
                    request=request, email=data["email"], password=data["password1"],
                    first_name=data["first_name"], last_name=data["last_name"],
                )
            except ValidationError as exc:
                form.add_error("password1", exc)
            else:
                # This browser signed up: confirming the address here signs the buyer in. Stored
                # for a taken address too, so that not even the session cookie tells them apart.
                request.session[SIGNUP_KEY] = {"user_id": getattr(user, "pk", None), "next": safe_next(request, next_url, default="")}
                return render(
                    request, "accounts/verification_sent.html",
                    {"email": data["email"], "wants_to_sell": data["wants_to_sell"], "next": next_url},
                )
    return render(request, "accounts/register.html", context)


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """The link in the confirmation e-mail. Opened in the browser that signed up, it signs the
    buyer in and takes them where they were going; elsewhere it confirms and asks them to sign in.
    (allauth's ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION follows its own sign-up flow, not ours.)"""

    template_name = "account/email_confirm.html"

    def post(self, *args, **kwargs):
        request = self.request
        self.object = verification = self.get_object()
        email_address = verification.confirm(request)
        if not email_address:
            return self.render_to_response(self.get_context_data())
        user = email_address.user
        pending = request.session.get(SIGNUP_KEY) or {}
        if pending.get("user_id") == user.pk and user.is_active and not two_factor_devices(user=user):
            request.session.pop(SIGNUP_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
            return redirect(safe_next(request, pending.get("next", ""), default="/"))
        if request.user.is_authenticated and request.user.pk != user.pk:
            logout(request)
        messages.success(request, _("Your e-mail address is confirmed. Sign in to continue."))
        return redirect(reverse("login"))


confirm_email_view = ConfirmEmailView.as_view()


@require_http_methods(["GET", "POST"])
def two_factor_verify_view(request):
    """`/accounts/2fa/`: the second step of a sign-in, or re-verification for the back offices."""
    user = two_factor_pending_user(request)
    if user is None and request.user.is_authenticated:
        user = request.user
        if request.user.is_verified():
            return redirect(safe_next(request, request.GET.get("next", "")))
    if user is None:
        messages.info(request, _("Please sign in again."))
        return redirect("login")
    if request.user.is_authenticated and request.GET.get("next"):
        two_factor_pending_start(request, user=user, next_url=request.GET["next"], backend=request.session.get("_auth_user_backend"))
    form = TwoFactorForm(request.POST or None)
    channel = two_factor_code_channel(user=user)
    context = {"form": form, "code_channel": channel, "has_email_device": channel == "email", "has_sms_device": channel == "sms"}
    if request.method == "POST":
        if request.POST.get("action") in {"send_code", "send_email", "send_sms"}:
            if request_rate_limited(request, "two_factor_email"):
                return _too_many(request, "accounts/2fa_verify.html", context)
            refused = _code_send(request, user=user)
            if refused is not None:
                context["error"] = refused.message
                return render(request, "accounts/2fa_verify.html", context, status=error_status(refused.code))
            return redirect("two_factor_verify")
        if request_rate_limited(request, "two_factor"):
            return _too_many(request, "accounts/2fa_verify.html", context)
        if form.is_valid():
            device = two_factor_verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                return redirect(two_factor_pending_finish(request, user=user, device=device))
            form.add_error("code", _("This code is not valid, has expired or was already used."))
    return render(request, "accounts/2fa_verify.html", context)


def _code_send(request, *, user):
    """Send a fresh code by the person's channel and say where it went; the refusal (too often), if any."""
    try:
        sent = two_factor_code_send(user=user)
    except ValidationError as exc:
        return exc
    if sent == "sms":
        messages.info(request, _("A code is on its way by SMS to your confirmed mobile number."))
    else:
        messages.info(request, _("If e-mail codes are on for this account, a code is on its way."))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_code_view(request):
    """`/accounts/2fa/code/`: a fresh code by e-mail or SMS for a signed-in person, for a change that
    asks for one (a shop's IBAN); then back to ``next``. Authenticator and backup codes need no sending."""
    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next", "")
    channel = two_factor_code_channel(user=user)
    context = {"next": next_url, "code_channel": channel}
    if request.method == "POST" and channel:
        if request_rate_limited(request, "two_factor_email"):
            return _too_many(request, "accounts/2fa_code.html", context)
        refused = _code_send(request, user=user)
        if refused is not None:
            context["error"] = refused.message
            return render(request, "accounts/2fa_code.html", context, status=error_status(refused.code))
        return redirect(safe_next(request, next_url, default=reverse("two_factor_code")))
    return render(request, "accounts/2fa_code.html", context)


def _qr_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=5, dark="#111")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup_view(request):
    """Enrol: authenticator app (QR, confirm with a code), backup codes, e-mail codes.

    A session that no second factor has verified yet enrols its first device only after typing
    the code e-mailed to the account's address: a password alone (maybe a stolen one) does not
    make a device trusted. An account that already has a device verifies with it first.
    """
    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next", "")
    here = request.path + (f"?{urlencode({'next': next_url})}" if next_url else "")
    if not user.is_verified() and two_factor_devices(user=user):
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': here})}")
    context = {"next": next_url, "form": TwoFactorForm(), "email": user.email}
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "proof_send":
        if request_rate_limited(request, "two_factor_email"):
            return _too_many(request, "accounts/2fa_setup.html", context)
        two_factor_enrolment_code_send(user=user)
        messages.info(request, _("We sent a code to %(email)s. It works for %(minutes)s minutes.")
                      % {"email": user.email, "minutes": settings.OTP_EMAIL_CODE_MINUTES})
        return redirect(here)
    if action == "proof_verify":
        form = TwoFactorForm(request.POST)
        context["form"] = form
        if request_rate_limited(request, "two_factor"):
            return _too_many(request, "accounts/2fa_setup.html", context)
        if form.is_valid() and two_factor_enrolment_code_verify(user=user, code=form.cleaned_data["code"]):
            two_factor_enrol_proof_record(request, user=user)
            messages.success(request, _("Your e-mail address is confirmed. Now choose your second step."))
            return redirect(here)
        if form.is_valid():
            form.add_error("code", _("This code is not valid, has expired or was already used."))
    elif action in ENROL_ACTIONS and not two_factor_may_enrol(request, user=user):
        messages.error(request, _("First type the code we e-mail to your address."))
        return redirect(here)
    if action == "totp_start":
        device = two_factor_totp_start(user=user)
        request.session["totp_setup_id"] = device.pk
        return redirect(here)
    if action == "totp_confirm":
        form = TwoFactorForm(request.POST)
        context["form"] = form
        if form.is_valid():
            codes = two_factor_totp_confirm(user=user, device_id=request.session.get("totp_setup_id") or 0, code=form.cleaned_data["code"])
            if codes is not None:
                device = TOTPDevice.objects.get(pk=request.session.pop("totp_setup_id"))
                otp_login(request, device)
                two_factor_enrol_proof_clear(request)
                return render(request, "accounts/2fa_backup_codes.html", {"codes": codes, "next": safe_next(request, next_url)})
            form.add_error("code", _("This code does not match. Check the time on your phone and try again."))
    if action == "backup_codes" and two_factor_devices(user=user):
        codes = two_factor_backup_codes_regenerate(user=user)
        return render(request, "accounts/2fa_backup_codes.html", {"codes": codes, "next": safe_next(request, next_url)})
    if action == "email_enable":
        device = two_factor_email_enable(user=user)
        if not user.is_verified():
            otp_login(request, device)  # the e-mailed enrolment code was this very factor
        two_factor_enrol_proof_clear(request)
        messages.success(request, _("E-mail codes are on."))
        return redirect(safe_next(request, next_url, default=reverse("two_factor_setup")))
    if action == "code_channel":
        try:
            device = two_factor_code_channel_set(user=user, channel=request.POST.get("channel", ""))
        except ValidationError as exc:
            messages.error(request, exc.message)
            return redirect(here)
        if not user.is_verified() and isinstance(device, EmailCodeDevice):
            otp_login(request, device)  # the e-mailed enrolment code was this very factor
        two_factor_enrol_proof_clear(request)
        if isinstance(device, SmsCodeDevice):
            messages.success(request, _("Sign-in codes now come by SMS."))
        else:
            messages.success(request, _("Sign-in codes now come by e-mail."))
        return redirect(safe_next(request, next_url, default=reverse("two_factor_setup")))
    context["may_enrol"] = two_factor_may_enrol(request, user=user)
    pending = TOTPDevice.objects.filter(user=user, pk=request.session.get("totp_setup_id") or 0, confirmed=False).first()
    if pending is not None and context["may_enrol"]:
        context["qr"] = _qr_data_uri(pending.config_url)
        context["secret"] = base64.b32encode(pending.bin_key).decode()
    context["devices"] = two_factor_devices(user=user)
    context["has_totp"] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    context["code_channel"] = two_factor_code_channel(user=user)
    context["has_email"] = context["code_channel"] == "email"
    context["sms_number"] = sms_confirmed_number(user=user)
    return render(request, "accounts/2fa_setup.html", context)


ENROL_ACTIONS = frozenset({"totp_start", "totp_confirm", "backup_codes", "email_enable", "code_channel"})


@login_required
@require_http_methods(["GET", "POST"])
def profile_view(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(user=request.user, **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields})
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    vendor = getattr(request.user, "vendor_profile", None) if hasattr(request.user, "vendor_profile") else None
    return render(request, "accounts/profile.html", {"form": form, "vendor": vendor, "devices": two_factor_devices(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def vendor_apply_view(request):
    """"I want to sell": the shop application that staff approve."""
    if hasattr(request.user, "vendor_profile"):
        return redirect("profile")
    form = VendorApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vendor_apply(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Your shop application is sent. We will e-mail you when it is approved."))
            return redirect("profile")
    return render(request, "accounts/vendor_apply.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer, registered or not; rate-limited per address."""

    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        if request_rate_limited(request, "password_reset"):
            return _too_many(request, self.template_name, self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Not form.save(): the mail goes out from a job, so a known address answers as fast as an unknown one.
        account_password_reset_request(email=form.cleaned_data["email"])
        return redirect(self.get_success_url())


password_reset_view = PasswordResetView.as_view()
password_reset_done_view = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm_view = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
password_change_view = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("profile")
)


def _social(provider_id: str):
    def view(request):
        if provider_id not in settings.SOCIALACCOUNT_PROVIDERS:
            raise Http404("This sign-in provider is not configured.")
        module = import_module(f"allauth.socialaccount.providers.{provider_id}.views")
        return module.oauth2_login(request)

    view.__name__ = f"social_login_{provider_id}"
    return view


social_login_google = _social("google")
social_login_facebook = _social("facebook")
social_login_apple = _social("apple")
