"""`manage.py issue_enrolment_code USERNAME`: a one-time code to enrol an authenticator app.

For the first administrator of a deployment (nobody else can issue one yet) or for recovery; after that,
administrators issue codes to each other in the Django admin. Shell access to the server is the trust here.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.enrolment import enrolment_code_issue


class Command(BaseCommand):
    help = "Cấp mã kích hoạt một lần để tài khoản quản trị gắn ứng dụng xác thực hai lớp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username}.")
        code = enrolment_code_issue(user=user, issued_by=None)
        self.stdout.write(
            f"Mã kích hoạt cho {username}: {code} (dùng một lần, hết hạn sau "
            f"{settings.OTP_ENROLMENT_CODE_HOURS} giờ; trao trực tiếp, không gửi kèm mật khẩu)."
        )
