import os
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import setting_changed
from django.test import Client

from devtools.catalogue import compile_stale


def pytest_configure(config: pytest.Config) -> None:
    # The .mo files are built from the committed .po files, not committed (locale/): a run started without
    # `make test` builds any that are missing or older. Django has set up by now and may have read the
    # catalogues without them: the signal Django's own settings overrides send makes it read them again.
    if compile_stale(Path(__file__).resolve().parent.parent / "locale"):
        setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False)


def service_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """In CI a missing service is a failure, never a skip; on a laptop it skips with the reason."""
    if service_reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def framework(db):
    from violations.services.framework import framework_load_default

    return framework_load_default()


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """`force_login` stands for a completed sign-in: for an administrator that includes the TOTP step, so a
    session made by it counts as verified. tests/security/test_authentication.py drives the real steps, with
    `force_login(user, second_factor=False)` for a session that has only passed the password."""
    original = Client.force_login

    def force_login(self, user, backend=None, *, second_factor=True):
        original(self, user, backend)
        from accounts.second_factor import needs_second_factor

        if second_factor and needs_second_factor(type(user).objects.get(pk=user.pk)):
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            # Replaced each time, so that a login costs the same queries whether or not it is the first.
            TOTPDevice.objects.filter(user_id=user.pk, name="force_login").delete()
            device = TOTPDevice.objects.create(user_id=user.pk, name="force_login", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
