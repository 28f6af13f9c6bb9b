from django.urls import path
from django.views.generic import RedirectView

from storefront.pages import accounts as views


def _to(name: str):
    return RedirectView.as_view(pattern_name=name, query_string=True, permanent=False)


urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register_view, name="register"),
    # before allauth's own, which answers the same address (config/urls.py includes it after us)
    path("confirm-email/<str:key>/", views.confirm_email_view, name="account_confirm_email"),
    path("profile/", views.profile_view, name="profile"),
    path("2fa/", views.two_factor_verify_view, name="two_factor_verify"),
    path("2fa/setup/", views.two_factor_setup_view, name="two_factor_setup"),
    path("2fa/code/", views.two_factor_code_view, name="two_factor_code"),
    path("password-reset/", views.password_reset_view, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done_view, name="password_reset_done"),
    path(
        "password-reset-confirm/<uidb64>/<token>/",
        views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete_view, name="password_reset_complete"),
    path("password/", views.password_change_view, name="password_change"),
    path("sell/", views.vendor_apply_view, name="vendor_apply"),
    path("social/google/", views.social_login_google, name="social_google"),
    path("social/facebook/", views.social_login_facebook, name="social_facebook"),
    path("social/apple/", views.social_login_apple, name="social_apple"),
    # allauth's own account pages would be a second door to the same things: send them here.
    path("signup/", _to("register")),
    path("password/change/", _to("password_change")),
    path("password/set/", _to("password_reset")),
    path("password/reset/", _to("password_reset")),
    path("email/", _to("profile")),
]
