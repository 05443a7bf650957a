"""Sign-in, two-factor and password pages, mounted at /accounts/."""

from __future__ import annotations

from django.urls import path

from hearth.people import accounts

urlpatterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.logout, name="logout"),
    path("security/", accounts.account_security, name="account_security"),
    path("2fa/setup/", accounts.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", accounts.two_factor_verify, name="two_factor_verify"),
    path("password/change/", accounts.password_change, name="password_change"),
    path("password/change/done/", accounts.password_change_done, name="password_change_done"),
    path("password/reset/", accounts.password_reset, name="password_reset"),
    path("password/reset/done/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/", accounts.password_reset_complete, name="password_reset_complete"
    ),
]
