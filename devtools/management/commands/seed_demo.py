"""`manage.py seed_demo`: deterministic demo officials, incidents and one login per role."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.demo.seed import DemoDataError, seed_demo
from devtools.demo.users import DemoLogin, demo_password
from devtools.guard import add_guard_argument, refuse_outside_debug


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: cán bộ, quá trình công tác, vụ việc (biểu hiện, đối tượng, bước xử lý, kỷ luật) và "
        "tài khoản demo cho mỗi vai trò. Cùng --seed cho cùng dữ liệu. Không có --if-empty thì dữ liệu được "
        "thêm vào dữ liệu đã có (mã cán bộ nối tiếp, không trùng)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--officials", type=int, default=2000, help="số cán bộ (mặc định 2000)")
        parser.add_argument("--incidents", type=int, default=5000, help="số vụ việc (mặc định 5000)")
        parser.add_argument("--seed", type=int, default=24, help="hạt giống ngẫu nhiên (mặc định 24)")
        parser.add_argument(
            "--if-empty", action="store_true", help="không làm gì nếu cơ sở dữ liệu đã có vụ việc"
        )
        parser.add_argument("--batch-size", type=int, default=20_000, help="số vụ việc mỗi lô ghi")
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
        add_guard_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_outside_debug(options["allow_production_database"], "seed_demo")
        for name in ("officials", "incidents"):
            if options[name] < 0:
                raise CommandError(f"--{name} phải là số không âm.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size phải lớn hơn 0.")
        try:
            result = seed_demo(
                officials=options["officials"],
                incidents=options["incidents"],
                seed=options["seed"],
                if_empty=options["if_empty"],
                progress=not options["no_progress"] and options["verbosity"] > 0,
                batch_size=options["batch_size"],
            )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped:
            self.stdout.write(
                f"Cơ sở dữ liệu đã có {result.existing_incidents:,} vụ việc: không tạo thêm dữ liệu mẫu "
                "(--if-empty).".replace(",", ".")
            )
            return
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(_logins_table(result.logins))
        self.stdout.write(self.style.SUCCESS(result.summary()))


def _logins_table(logins: list[DemoLogin]) -> str:
    rows = [("Tài khoản", "Vai trò", "Phạm vi")] + [(x.username, x.role, x.scope) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"Tài khoản demo (mật khẩu chung: {demo_password()})"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)
