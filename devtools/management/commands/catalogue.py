"""`make messages` updates the English catalogue from the code, `make lint` checks it (devtools.catalogue)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools import catalogue


class Command(BaseCommand):
    help = (
        "Cập nhật bản dịch tiếng Anh (locale/en/LC_MESSAGES/django.po) từ mã nguồn; với --check, báo lỗi "
        "nếu tệp chưa cập nhật hoặc còn chuỗi chưa dịch, fuzzy, obsolete."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi tệp")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["check"]:
            catalogue.extract(catalogue.locale_dir())
            left = catalogue.problems(catalogue.po_path().read_text(encoding="utf-8"))
            self.stdout.write(f"{catalogue.po_path()}: {len(left)} entries to translate or review")
            for line in left:
                self.stdout.write(f"  {line}")
            return
        errors = catalogue.check()
        if errors:
            raise CommandError("The English catalogue is not complete:\n" + "\n".join(errors))
        count = sum(1 for e in catalogue.entries(catalogue.po_path().read_text(encoding="utf-8")) if e.msgid)
        self.stdout.write(f"{catalogue.po_path()}: {count} messages, all translated and current")
