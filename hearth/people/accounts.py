"""Sign-in pages: password login with lockout, TOTP two-factor, password change and reset."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from hearth.core.access import client_ip, person_for
from hearth.core.middleware import two_factor_required
from hearth.people import auth_services
from hearth.people.models import Centre


def _locked_message(minutes: int) -> str:
    return ngettext(
        "Too many failed sign-in attempts. Please wait %(minutes)d minute and try again.",
        "Too many failed sign-in attempts. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def _safe_next(request: HttpRequest, default: str = "") -> str:
    """The ?next= target if it stays on this site, else `default` (or home)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _two_factor_gate(request: HttpRequest) -> HttpResponse | None:
    """Where to send a user who must pass two-factor before this page, or None to let them in.

    The middleware exempts all of /accounts/, so pages here that act on the account check it too.
    """
    user: Any = request.user
    if not two_factor_required(request) or user.is_verified():
        return None
    target = (
        "two_factor_verify" if auth_services.two_factor_enabled(user=user) else "two_factor_setup"
    )
    return redirect(_with_next(target, request.get_full_path()))


def two_factor_gated(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require sign-in, and two-factor where the person's role needs it."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _two_factor_gate(request) or view(request, *args, **kwargs)

    return wrapper


# --- Login ---------------------------------------------------------------------------------------


class LoginForm(AuthenticationForm):
    """Username and password, refused while the username or address is locked out."""

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request is not None else None
        minutes = auth_services.login_is_locked(username=username, ip=ip)
        if minutes:
            raise ValidationError(_locked_message(minutes), code="locked")
        try:
            return super().clean()
        except ValidationError:
            if username:
                auth_services.login_failure_record(username=username, ip=ip)
            raise


class LoginView(auth_views.LoginView):
    """Password sign-in; people with an authenticator go on to enter a code."""

    form_class = LoginForm
    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["two_factor_waived"] = Centre.objects.filter(two_factor_waived=True).exists()
        return context

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = form.get_user()
        if auth_services.two_factor_enabled(user=user):
            # Failures are cleared only after the code too, so a known password cannot be used
            # to reset the counter between guesses at the code.
            return redirect(_with_next("two_factor_verify", self.get_success_url()))
        auth_services.login_failures_clear(username=user.get_username())
        return response


# --- Two-factor ----------------------------------------------------------------------------------


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app, or a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan a QR code into an authenticator app, prove it with one code, get backup codes once."""
    user: Any = request.user
    next_url = _safe_next(request)
    if auth_services.two_factor_enabled(user=user):
        if not user.is_verified():
            # Someone holding only the password must not be able to enrol a second authenticator.
            return redirect(_with_next("two_factor_verify", next_url))
        messages.info(request, _("Two-factor sign-in is already on for your account."))
        return redirect("account_security")
    device = auth_services.totp_device_for_setup(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = auth_services.totp_setup_confirm(
            user=user, device=device, token=form.cleaned_data["code"], ip=client_ip(request)
        )
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)
            auth_services.login_failures_clear(username=user.get_username())
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
        form.add_error(
            "code", _("That code is not right. Check the time on your phone and try again.")
        )
    context = {
        "form": form,
        "qr_svg": auth_services.totp_qr_svg(device=device),
        "secret": auth_services.totp_secret_base32(device=device),
        "next": next_url,
        "required": two_factor_required(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Enter a code from the authenticator app (or a backup code) to finish signing in."""
    user: Any = request.user
    next_url = _safe_next(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    if not auth_services.two_factor_enabled(user=user):
        return redirect(_with_next("two_factor_setup", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        username = user.get_username()
        minutes = auth_services.login_is_locked(username=username, ip=ip)
        if minutes:
            form.add_error(None, _locked_message(minutes))
        else:
            device = auth_services.two_factor_token_match(
                user=user, token=form.cleaned_data["code"]
            )
            if device is not None:
                django_otp.login(request, device)
                auth_services.login_failures_clear(username=username)
                if isinstance(device, StaticDevice):
                    left = auth_services.backup_codes_remaining(user=user)
                    messages.warning(
                        request,
                        ngettext(
                            "You used a backup code. %(count)d backup code is left.",
                            "You used a backup code. %(count)d backup codes are left.",
                            left,
                        )
                        % {"count": left},
                    )
                return HttpResponseRedirect(next_url)
            auth_services.login_failure_record(username=username, ip=ip)
            form.add_error("code", _("That code is not right."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@two_factor_gated
def account_security(request: HttpRequest) -> HttpResponse:
    """Whether two-factor is on, with links to set it up and to change the password."""
    user: Any = request.user
    context = {
        "two_factor_on": auth_services.two_factor_enabled(user=user),
        "backup_codes_left": auth_services.backup_codes_remaining(user=user),
        "required": two_factor_required(request),
    }
    return render(request, "accounts/security.html", context)


# --- Password ------------------------------------------------------------------------------------


class LocalisedPasswordResetForm(PasswordResetForm):
    """Sends the reset email in the person's own language (their choice, else their centre's)."""

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        person = person_for(context.get("user"))
        language = (
            (person.ui_language or person.centre.language) if person else settings.LANGUAGE_CODE
        )
        context = {**context, "name": person.name if person else context["user"].get_username()}
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


password_change = two_factor_gated(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change_form.html",
        success_url=reverse_lazy("password_change_done"),
    )
)
password_change_done = two_factor_gated(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=LocalisedPasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.html",
    subject_template_name="accounts/password_reset_subject.html",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
logout = auth_views.LogoutView.as_view()
