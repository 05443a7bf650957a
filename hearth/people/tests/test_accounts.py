"""Sign-in, lockout, two-factor and password pages, tested over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.people import auth_services
from hearth.people.models import Centre, LoginFailure, Person, Role, RoleAssignment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"
# A page outside /accounts/ that belongs to no Hearth app: the two-factor middleware guards it,
# and when let through Django's admin answers with its own login redirect.
GUARDED = "/admin/"


def make_person(
    username: str,
    role: str = Role.AGENT,
    *,
    centre: Centre | None = None,
    ui_language: str = "en",
    email: str = "",
) -> Person:
    if centre is None:
        centre = Centre.objects.create(name=f"Centre of {username}")
    user = User.objects.create_user(username, email=email, password=PASSWORD)
    person = Person.objects.create(
        centre=centre,
        user=user,
        employee_id=username,
        name=username.title(),
        ui_language=ui_language,
    )
    RoleAssignment.objects.create(person=person, role=role)
    return person


def english_client() -> Client:
    return Client(headers={"Accept-Language": "en"})


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def current_code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """Give `user` a confirmed authenticator and backup codes, as the setup page would."""
    device = auth_services.totp_device_for_setup(user=user)
    codes = auth_services.totp_setup_confirm(user=user, device=device, token=current_code(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    settings.HEARTH_LOGIN_MAX_FAILURES = 5
    settings.HEARTH_LOGIN_LOCKOUT_MINUTES = 15
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Login and lockout ---------------------------------------------------------------------------


def test_it_signs_in_with_the_right_password():
    make_person("alice")
    client = english_client()
    response = sign_in(client, "alice")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"]


def test_it_refuses_a_wrong_password_and_records_the_failure():
    make_person("alice")
    client = english_client()
    response = sign_in(client, "alice", "wrong password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username="alice").count() == 1


def test_it_locks_the_username_even_with_the_right_password():
    make_person("alice")
    client = english_client()
    for _ in range(5):
        sign_in(client, "Alice", "wrong password")
    response = sign_in(client, "alice")
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "wait 15 minutes" in response.content.decode()


def test_the_lock_message_is_in_chinese_by_default():
    make_person("alice")
    client = Client()
    for _ in range(5):
        sign_in(client, "alice", "wrong password")
    response = sign_in(client, "alice")
    assert "请等待 15 分钟" in response.content.decode()


def test_the_lock_lifts_after_the_window():
    make_person("alice")
    client = english_client()
    for _ in range(5):
        sign_in(client, "alice", "wrong password")
    assert auth_services.login_is_locked(username="alice", ip=None) == 15
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert auth_services.login_is_locked(username="alice", ip=None) == 0
    response = sign_in(client, "alice")
    assert response.status_code == 302
    assert not LoginFailure.objects.filter(username="alice").exists()


def test_minutes_left_count_from_the_failure_that_keeps_the_lock():
    now = timezone.now()
    for minutes_ago in (10, 9, 8, 7, 6):
        LoginFailure.objects.create(
            username="alice", ip=None, at=now - timedelta(minutes=minutes_ago)
        )
    assert auth_services.login_is_locked(username="alice", ip=None) == 5


def test_a_success_clears_earlier_failures():
    make_person("alice")
    client = english_client()
    for _ in range(4):
        sign_in(client, "alice", "wrong password")
    sign_in(client, "alice")
    assert not LoginFailure.objects.filter(username="alice").exists()


def test_it_locks_an_address_at_four_times_the_limit():
    make_person("alice")
    client = english_client()
    for n in range(20):
        sign_in(client, f"guess{n}", "wrong password")
    response = sign_in(client, "alice")
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts" in response.content.decode()
    # Another address is not affected.
    other = Client(headers={"Accept-Language": "en"}, REMOTE_ADDR="10.0.0.9")
    assert sign_in(other, "alice").status_code == 302


def test_logout_is_post_only():
    make_person("alice")
    client = english_client()
    sign_in(client, "alice")
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Login page ----------------------------------------------------------------------------------


def test_the_login_page_shows_the_waiver_notice_only_when_a_centre_waives():
    Centre.objects.create(name="Real centre")
    notice = "Demo centre: two-factor sign-in is waived here."
    response = english_client().get(LOGIN)
    assert notice not in response.content.decode()
    Centre.objects.create(name="Demo centre", is_demo=True, two_factor_waived=True)
    response = english_client().get(LOGIN)
    assert notice in response.content.decode()


def test_the_login_page_has_a_language_switch_and_a_reset_link():
    body = english_client().get(LOGIN).content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert 'value="zh-hans"' in body and "简体中文" in body
    assert 'value="en"' in body and "English" in body
    assert reverse("password_reset") in body
    assert 'autocomplete="current-password"' in body


def test_the_login_page_is_in_chinese_by_default():
    body = Client().get(LOGIN).content.decode()
    assert "登录" in body
    assert "忘记密码？" in body
    assert ">English</button>" in body and ">简体中文</button>" in body


# --- Two-factor ----------------------------------------------------------------------------------


def test_a_social_worker_is_sent_to_set_up_two_factor_before_anything_else():
    make_person("sam", Role.SOCIAL_WORKER)
    client = english_client()
    sign_in(client, "sam")
    for path in ("/", GUARDED, "/people/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup") + "?next=")


def test_account_pages_also_wait_for_two_factor():
    make_person("sam", Role.SOCIAL_WORKER)
    client = english_client()
    sign_in(client, "sam")
    for name in ("account_security", "password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup"))


def test_completing_setup_with_a_real_code_lets_them_in():
    person = make_person("sam", Role.SOCIAL_WORKER)
    client = english_client()
    sign_in(client, "sam")
    page = client.get(reverse("two_factor_setup") + "?next=/admin/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=person.user, confirmed=False)
    # Visiting again reuses the same unconfirmed device (the QR code stays valid).
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.filter(user=person.user).count() == 1

    response = client.post(
        reverse("two_factor_setup"), {"code": current_code(device), "next": "/admin/"}
    )
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert 'href="/admin/"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert not client.get(GUARDED)["Location"].startswith("/accounts/")
    assert client.get(reverse("account_security")).status_code == 200


def test_a_wrong_setup_code_is_refused():
    person = make_person("sam", Role.SOCIAL_WORKER)
    client = english_client()
    sign_in(client, "sam")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=person.user)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor_setup"), {"code": wrong})
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_the_setup_page_speaks_the_persons_language():
    make_person("li", Role.SOCIAL_WORKER, ui_language="zh-hans")
    client = english_client()
    sign_in(client, "li")
    body = client.get(reverse("two_factor_setup")).content.decode()
    assert "设置两步验证" in body
    assert "输入应用中显示的 6 位验证码" in body


def test_setup_does_not_follow_next_off_site():
    person = make_person("sam", Role.SOCIAL_WORKER)
    client = english_client()
    sign_in(client, "sam")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=person.user)
    response = client.post(
        reverse("two_factor_setup"), {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response.context["next"] == reverse("home")


def test_after_setup_the_next_sign_in_asks_for_a_code():
    person = make_person("sam", Role.SOCIAL_WORKER)
    device, _codes = enrol(person.user)
    client = english_client()
    response = sign_in(client, "sam")
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert client.get(GUARDED)["Location"].startswith(reverse("two_factor_verify"))
    # Holding only the password, nobody can enrol a second authenticator.
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(
        reverse("two_factor_verify")
    )

    response = client.post(
        reverse("two_factor_verify"), {"code": current_code(device, drift=1), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert not client.get(GUARDED)["Location"].startswith("/accounts/")


def test_backup_codes_work_once():
    person = make_person("sam", Role.SOCIAL_WORKER)
    _device, codes = enrol(person.user)

    client = english_client()
    sign_in(client, "sam")
    response = client.post(reverse("two_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert not client.get(GUARDED)["Location"].startswith("/accounts/")
    assert auth_services.backup_codes_remaining(user=person.user) == 9

    client = english_client()
    sign_in(client, "sam")
    response = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(GUARDED)["Location"].startswith(reverse("two_factor_verify"))


def test_wrong_codes_count_toward_the_lockout():
    person = make_person("sam", Role.SOCIAL_WORKER)
    device, _codes = enrol(person.user)
    client = english_client()
    sign_in(client, "sam")
    good = current_code(device, drift=1)
    wrong = f"{(int(good) + 500_000) % 1_000_000:06d}"
    for _ in range(5):
        client.post(reverse("two_factor_verify"), {"code": wrong})
    assert LoginFailure.objects.filter(username="sam").count() == 5
    response = client.post(reverse("two_factor_verify"), {"code": good})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get(GUARDED)["Location"].startswith(reverse("two_factor_verify"))


def test_a_known_password_does_not_reset_the_count_of_wrong_codes():
    person = make_person("sam", Role.SOCIAL_WORKER)
    enrol(person.user)
    client = english_client()
    sign_in(client, "sam")
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    sign_in(english_client(), "sam")
    assert LoginFailure.objects.filter(username="sam").count() == 1


def test_a_social_worker_in_a_waived_centre_goes_straight_in():
    demo = Centre.objects.create(name="Demo", is_demo=True, two_factor_waived=True)
    make_person("sam", Role.SOCIAL_WORKER, centre=demo)
    client = english_client()
    response = sign_in(client, "sam")
    assert response["Location"] == reverse("home")
    assert not client.get(GUARDED)["Location"].startswith("/accounts/")


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEAD, Role.MANAGER, Role.TRAINER])
def test_roles_without_sensitive_access_are_never_forced_into_two_factor(role):
    make_person("alice", role)
    client = english_client()
    sign_in(client, "alice")
    assert not client.get(GUARDED)["Location"].startswith("/accounts/")
    body = client.get(reverse("account_security")).content.decode()
    assert "Two-factor sign-in is off." in body


@pytest.mark.parametrize("role", [Role.HR, Role.ADMIN])
def test_hr_and_admins_are_forced_into_two_factor(role):
    make_person("harriet", role)
    client = english_client()
    sign_in(client, "harriet")
    assert client.get(GUARDED)["Location"].startswith(reverse("two_factor_setup"))


def test_an_agent_may_turn_on_two_factor_voluntarily():
    person = make_person("alice", Role.AGENT)
    client = english_client()
    sign_in(client, "alice")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=person.user)
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert len(response.context["codes"]) == 10
    body = client.get(reverse("account_security")).content.decode()
    assert "Two-factor sign-in is on." in body


# --- Password ------------------------------------------------------------------------------------


def test_password_reset_email_is_in_the_persons_language():
    make_person("li", ui_language="zh-hans", email="li@example.com")
    make_person("bob", ui_language="en", email="bob@example.com")
    client = english_client()
    for address in ("li@example.com", "bob@example.com"):
        response = client.post(reverse("password_reset"), {"email": address})
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 2
    chinese, english = mail.outbox
    assert chinese.to == ["li@example.com"]
    assert "重置" in chinese.subject and "密码" in chinese.subject
    assert "有人请求重置" in chinese.body
    assert english.to == ["bob@example.com"]
    assert english.subject == "Reset your Hearth password"
    assert "Hello Bob," in english.body
    assert "/accounts/password/reset/" in english.body


def test_password_reset_email_falls_back_to_the_centre_language():
    centre = Centre.objects.create(name="English centre", language="en")
    make_person("carol", centre=centre, ui_language="", email="carol@example.com")
    Client().post(reverse("password_reset"), {"email": "carol@example.com"})
    assert mail.outbox[0].subject == "Reset your Hearth password"


def test_password_reset_link_sets_a_new_password():
    make_person("bob", ui_language="en", email="bob@example.com")
    client = english_client()
    client.post(reverse("password_reset"), {"email": "bob@example.com"})
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line
    )
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    new = "a much better passphrase"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert User.objects.get(username="bob").check_password(new)


def test_an_agent_can_change_their_password():
    make_person("alice")
    client = english_client()
    sign_in(client, "alice")
    new = "a much better passphrase"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("password_change_done")
    assert User.objects.get(username="alice").check_password(new)
