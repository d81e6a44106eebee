"""`manage.py ensure_demo_totp`: give the demo administrator a TOTP device with a fixed, published secret.

Demo only: it refuses to run unless DEBUG is on, because a published secret is no second factor at all.
"""

from base64 import b32encode
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_KEY = b"kycuong-demo-totp-24"  # 20 bytes, as authenticator apps expect
DEVICE_NAME = "Demo (khóa công khai)"


class Command(BaseCommand):
    help = "Tạo thiết bị TOTP với khóa cố định cho tài khoản quản trị demo và in mã hiện tại (chỉ khi DEBUG)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="quantri")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Chỉ dùng cho môi trường demo (DEBUG=1): khóa TOTP này được công bố.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username}; hãy chạy seed_demo trước.")
        TOTPDevice.objects.update_or_create(
            user=user, name=DEVICE_NAME, defaults={"key": DEMO_KEY.hex(), "confirmed": True}
        )
        secret = b32encode(DEMO_KEY).decode()
        code = TOTP(DEMO_KEY).token()
        self.stdout.write(
            f"Xác thực hai lớp cho {username}: khóa {secret} (thêm vào ứng dụng xác thực), "
            f"mã lúc này {code:06d} (đổi sau mỗi 30 giây).\n"
            f"Mã mới bất cứ lúc nào: python manage.py ensure_demo_totp --username {username}"
        )
