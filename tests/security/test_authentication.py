"""Sign-in: lockout per account and address, password rules, session expiry, TOTP for administrators."""

import datetime as dt
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import enrolment_code_issue
from accounts.models import EnrolmentCode
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


def test_behind_a_proxy_the_lockout_holds_the_client_not_everyone(client, settings):
    """TRUSTED_PROXY_COUNT=1: nginx appends the client's address to X-Forwarded-For; the proxy is the
    connection's address for every request."""
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="kiemtra")

    def via_proxy(password, forwarded):
        return client.post(
            reverse("login"),
            {"username": "kiemtra", "password": password},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(5):  # the attacker forges a new left-hand entry each time: it proves nothing
        via_proxy("sai-mat-khau", f"198.51.100.{n}, 203.0.113.7")
    assert via_proxy(PASSWORD, "203.0.113.7").status_code == 429  # the attacker's own address is locked
    assert via_proxy(PASSWORD, "192.0.2.10").status_code == 302  # the owner, elsewhere, signs in


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="kiemtra")
    for n in range(5):  # a forged header per attempt does not make five addresses of one
        client.post(
            reverse("login"),
            {"username": "kiemtra", "password": "sai-mat-khau"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert _login(client, "kiemtra", PASSWORD, address="10.0.0.1").status_code == 429


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


def _enter_code(client, code, next_url="/admin/"):
    return client.post(reverse("otp_enrol"), {"enrolment_code": code, "next": next_url})


def test_a_password_alone_cannot_enrol_an_authenticator(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff, second_factor=False)
    page = client.get(reverse("otp_enrol"), {"next": "/admin/"}).content.decode()
    assert "<svg" not in page and "Mã kích hoạt" in page
    assert "chưa có mã kích hoạt còn hiệu lực" in page
    assert not TOTPDevice.objects.filter(user=staff).exists()  # no secret was even generated
    guessed = _enter_code(client, "AAAA-BBBB-CCCC")
    assert guessed.status_code == 200 and "<svg" not in guessed.content.decode()


def test_enrolment_with_a_code_issued_by_another_administrator(client, world):
    staff = UserFactory(is_staff=True, is_superuser=True)
    issuer = Client()
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    issuer.force_login(world.admin)
    changelist = reverse("admin:auth_user_changelist")
    issued = issuer.post(
        changelist, {"action": "issue_enrolment_codes", "_selected_action": [staff.pk]}, follow=True
    )
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", issued.content.decode()).group(0)
    assert EnrolmentCode.objects.get(user=staff).issued_by == world.admin

    client.force_login(staff, second_factor=False)
    step_two = _enter_code(client, code.lower().replace("-", " "))  # typed as read aloud
    assert step_two.status_code == 302
    page = client.get(step_two["Location"]).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    wrong = client.post(reverse("otp_enrol"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "không đúng" in wrong.content.decode()
    device.throttle_reset()  # the user would just wait that second
    done = client.post(reverse("otp_enrol"), {"token": _code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert EnrolmentCode.objects.get(user=staff).used_at is not None
    assert client.get("/admin/").status_code == 200
    # Enrolled: the page no longer shows any secret.
    assert client.get(reverse("otp_enrol"))["Location"] == reverse("otp_verify")


def test_an_administrator_cannot_issue_their_own_code(world):
    with pytest.raises(PermissionDenied):
        enrolment_code_issue(user=world.admin, issued_by=world.admin)


def test_five_wrong_enrolment_codes_burn_the_code(client):
    staff = UserFactory(is_staff=True)
    code = enrolment_code_issue(user=staff, issued_by=None)
    client.force_login(staff, second_factor=False)
    for left in (4, 3, 2, 1):
        assert f"còn {left} lần thử" in _enter_code(client, "AAAA-BBBB-CCCC").content.decode()
    assert "đã bị hủy sau 5 lần nhập sai" in _enter_code(client, "AAAA-BBBB-CCCC").content.decode()
    burnt = _enter_code(client, code)
    assert burnt.status_code == 200 and "<svg" not in burnt.content.decode()


def test_an_expired_code_does_not_enrol(client):
    staff = UserFactory(is_staff=True)
    code = enrolment_code_issue(user=staff, issued_by=None)
    EnrolmentCode.objects.update(expires_at=timezone.now())
    client.force_login(staff, second_factor=False)
    assert _enter_code(client, code).status_code == 200


def test_the_shell_command_issues_a_working_code(client, capsys):
    staff = UserFactory(username="quantri2", is_staff=True)
    call_command("issue_enrolment_code", "quantri2")
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", capsys.readouterr().out).group(0)
    client.force_login(staff, second_factor=False)
    assert _enter_code(client, code).status_code == 302
    with pytest.raises(CommandError):
        call_command("issue_enrolment_code", "khong-co")


def test_a_wrong_verification_code_says_when_to_try_again(client, world):
    device = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    client.force_login(world.admin, second_factor=False)
    # Four wrong codes, the last one 9 s ago (its 8 s wait is over): the fifth makes the device wait 16 s.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=9)
    )
    wrong = "000000" if _code(device) != "000000" else "111111"
    first = client.post(reverse("otp_verify"), {"token": wrong}).content.decode()
    assert re.search(r"Đã nhập sai 5 lần: hãy chờ 1[0-6] giây \(đến \d\d:\d\d:\d\d\)", first)
    again = client.post(reverse("otp_verify"), {"token": _code(device)}).content.decode()  # within the wait
    # The right code typed during the wait is not compared at all: the message does not call it wrong.
    assert re.search(r"Chưa kiểm tra mã này vì trước đó đã nhập sai 5 lần: hãy chờ 1?[0-9] giây", again)
    assert "Mã xác thực không đúng" not in again
    assert client.get(reverse("violations:incident_list")).status_code == 302  # still not in


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
