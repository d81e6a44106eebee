"""`manage.py ensure_demo_signing_key`: a signing key for the demo, so that `make run`'s reports are signed
as a deployment's would be (PAdES; /xac-thuc/ checks them).

Demo only: it refuses to run unless DEBUG is on. The key is self-signed, its password is published in the
Makefile, and its certificate says it has no legal value: a real deployment configures the issuing body's
key (README, REPORT_SIGNING_*).
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.bench.signing_key import write_self_signed_pkcs12

DEMO_SUBJECT = "UBND (khóa demo, không có giá trị pháp lý)"


class Command(BaseCommand):
    help = "Tạo khóa ký số tự ký cho bản demo (chỉ khi DEBUG), nếu chưa có."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="tệp PKCS#12 cần tạo")
        parser.add_argument("--password", required=True)

    def handle(self, *args: Any, path: str, password: str, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Chỉ dùng cho môi trường demo (DEBUG=1): mật khẩu khóa này được công bố.")
        target = Path(path)
        if target.exists():
            self.stdout.write(f"Khóa ký số demo đã có: {target}")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        write_self_signed_pkcs12(target, password, DEMO_SUBJECT)
        self.stdout.write(f"Đã tạo khóa ký số demo: {target} ({DEMO_SUBJECT})")
