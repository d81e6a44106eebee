"""Enrolment codes: issued by one administrator to another, checked once, burnt after a few wrong tries."""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import EnrolmentCode

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or copied by hand
GROUPS, GROUP_LENGTH = 3, 4
MAX_FAILED_ATTEMPTS = 5


def _valid_for() -> dt.timedelta:
    return dt.timedelta(hours=settings.OTP_ENROLMENT_CODE_HOURS)


def normalise(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


@transaction.atomic
def enrolment_code_issue(*, user: AbstractBaseUser, issued_by: AbstractBaseUser | None) -> str:
    """A new code for `user` (earlier unused ones stop working); the plain code is returned once, to be
    handed over apart from the password. `issued_by` None means the server's shell (the first admin)."""
    if issued_by is not None and issued_by.pk == user.pk:
        raise PermissionDenied("An administrator cannot issue their own enrolment code.")
    EnrolmentCode.objects.filter(user_id=user.pk, used_at__isnull=True).delete()
    plain = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    EnrolmentCode.objects.create(
        user_id=user.pk,
        code_hash=make_password(plain),
        issued_by_id=issued_by.pk if issued_by is not None else None,
        expires_at=timezone.now() + _valid_for(),
    )
    return "-".join(plain[i : i + GROUP_LENGTH] for i in range(0, len(plain), GROUP_LENGTH))


def active_code(user: AbstractBaseUser) -> EnrolmentCode | None:
    return (
        EnrolmentCode.objects.filter(
            user_id=user.pk,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            failed_attempts__lt=MAX_FAILED_ATTEMPTS,
        )
        .order_by("-issued_at")
        .first()
    )


def enrolment_code_check(code: EnrolmentCode, raw: str) -> bool:
    """True for the right code; a wrong one counts against the code, which dies at MAX_FAILED_ATTEMPTS."""
    if check_password(normalise(raw), code.code_hash):
        return True
    EnrolmentCode.objects.filter(pk=code.pk).update(failed_attempts=F("failed_attempts") + 1)
    code.refresh_from_db(fields=["failed_attempts"])
    return False


def enrolment_code_use(code: EnrolmentCode) -> None:
    EnrolmentCode.objects.filter(pk=code.pk).update(used_at=timezone.now())
