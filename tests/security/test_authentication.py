"""Sign-in: lockout per account and address, password rules, session expiry, TOTP for administrators."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-an-toan-2025"  # tests.factories.UserFactory


def _login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


def test_five_wrong_passwords_lock_the_account_from_that_address(client):
    UserFactory(username="kiemtra")
    for _ in range(4):
        assert _login(client, "kiemtra", "sai-mat-khau").status_code == 200
    assert _login(client, "kiemtra", "sai-mat-khau").status_code == 429  # the fifth failure locks
    locked = _login(client, "kiemtra", PASSWORD)
    assert locked.status_code == 429
    assert "tạm bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_only_that_account_and_address_pair(client):
    UserFactory(username="kiemtra")
    UserFactory(username="lanhdao")
    for _ in range(5):
        _login(client, "kiemtra", "sai-mat-khau")
    assert _login(client, "lanhdao", PASSWORD).status_code == 302  # another account, same address
    client.logout()
    assert _login(client, "kiemtra", PASSWORD, address="10.0.0.2").status_code == 302  # another address


def test_a_successful_login_resets_the_count(client):
    UserFactory(username="kiemtra")
    for _ in range(4):
        _login(client, "kiemtra", "sai-mat-khau")
    assert _login(client, "kiemtra", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "kiemtra", "sai-mat-khau")
    assert _login(client, "kiemtra", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["ngan", "12345678901", "password123", "kiemtra2025x"])
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="kiemtra2025x")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted():
    validate_password("Trang-dong-9-mua-thu", UserFactory.build(username="kiemtra"))


def test_a_session_ends_with_the_browser_and_after_a_working_day(client, settings, world):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    client.force_login(world.inspector_a)
    assert client.get(reverse("violations:incident_list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("violations:incident_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Two factors for administrators -------------------------------------------------------------------


def test_a_staff_user_without_a_device_is_sent_to_enrol_before_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff, second_factor=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_enrol"))


def test_enrolment_shows_the_secret_once_and_needs_a_correct_code(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff, second_factor=False)
    page = client.get(reverse("otp_enrol"), {"next": "/admin/"}).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    wrong = client.post(reverse("otp_enrol"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "không đúng" in wrong.content.decode()
    device.throttle_reset()  # a wrong code throttles the device for a second; the user would just wait
    done = client.post(reverse("otp_enrol"), {"token": _code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    # Enrolled: the page no longer shows any secret.
    assert client.get(reverse("otp_enrol"))["Location"] == reverse("otp_verify")


def test_an_administrator_must_confirm_a_code_after_the_password(client, world):
    device = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    client.force_login(world.admin, second_factor=False)
    response = client.get(reverse("violations:incident_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    assert client.get(reverse("password_change")).status_code == 302  # not even the password change
    client.post(reverse("otp_verify"), {"token": _code(device)})
    assert client.get(reverse("violations:incident_list")).status_code == 200


def test_a_wrong_code_keeps_the_administrator_out(client, world):
    device = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    client.force_login(world.admin, second_factor=False)
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert client.post(reverse("otp_verify"), {"token": wrong}).status_code == 200
    assert client.get(reverse("violations:incident_list")).status_code == 302


def test_the_verify_page_does_not_redirect_off_site(client, world):
    device = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    client.force_login(world.admin, second_factor=False)
    response = client.post(reverse("otp_verify"), {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("persona", ["inspector_a", "leader_a", "auditor"])
def test_other_roles_sign_in_with_a_password_only(client, world, persona):
    client.force_login(getattr(world, persona), second_factor=False)
    assert client.get(reverse("violations:incident_list")).status_code == 200


def test_the_full_sign_in_of_an_administrator(client, world):
    device = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    response = _login(client, "quantri", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("violations:incident_list"))["Location"].startswith(reverse("otp_verify"))
    client.post(reverse("otp_verify"), {"token": _code(device)})
    assert client.get(reverse("violations:incident_list")).status_code == 200


@override_settings(DEBUG=True)
def test_the_demo_command_gives_the_demo_administrator_a_known_device(world, capsys):
    call_command("ensure_demo_totp")
    call_command("ensure_demo_totp")  # idempotent
    device = TOTPDevice.objects.get(user=world.admin)
    out = capsys.readouterr().out
    assert device.confirmed and _code(device) in out


def test_the_demo_command_refuses_outside_debug(world):
    with pytest.raises(CommandError):
        call_command("ensure_demo_totp")
