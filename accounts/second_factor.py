"""Who must confirm a TOTP code after their password, and the devices they confirm it with.

Administrators hold the widest powers (every unit, users and roles, the framework, the Django admin), so a
stolen password alone must not be enough for them: is_staff, is_superuser or an "admin" role grant.
"""

from base64 import b32encode
from binascii import unhexlify
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_otp.plugins.otp_totp.models import TOTPDevice

from units.models import Role
from violations.access import roles_of

DEVICE_NAME = "Ứng dụng xác thực"


def needs_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return Role.ADMIN in roles_of(user)


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Set by django_otp's middleware on request.user; a user object from elsewhere is never verified."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def start_enrolment(user: AbstractBaseUser) -> TOTPDevice:
    """A fresh unconfirmed device with a new random key; an earlier unconfirmed one is discarded, so a
    secret is only ever shown on the page that created it."""
    TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk").first()


def base32_secret(device: TOTPDevice) -> str:
    return b32encode(unhexlify(device.key)).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG (markup, not script: the CSP allows it)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration
