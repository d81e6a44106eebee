"""`manage.py import_units [--province CODE]`: load a province's units before and after 1/7/2025."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from units.importing import HANOI_CODE, ImportReport, UnitImportError, import_province


class Command(BaseCommand):
    help = _(
        "Nhập đơn vị hành chính của một tỉnh/thành phố (cấu trúc trước và sau 1/7/2025, "
        "cùng liên kết kế thừa) từ gói vietnamadminunits. Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            default=HANOI_CODE,
            help=_("Mã tỉnh/thành phố theo cấu trúc 2025 (mặc định %(code)s = Hà Nội)")
            % {"code": HANOI_CODE},
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # tqdm needs the raw stream: Django's OutputWrapper appends a newline to every write.
        progress = None if options["verbosity"] == 0 else (options.get("stderr") or sys.stderr)
        try:
            report = import_province(options["province"], progress_file=progress)
        except UnitImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary(report))


def summary(report: ImportReport) -> str:
    return _(
        "Đơn vị: %(created)d mới, %(updated)d cập nhật, %(unchanged)d không đổi; "
        "liên kết kế thừa: %(links_created)d mới, %(links_updated)d cập nhật, %(links_unchanged)d không đổi"
    ) % {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "links_created": report.links_created,
        "links_updated": report.links_updated,
        "links_unchanged": report.links_unchanged,
    }
