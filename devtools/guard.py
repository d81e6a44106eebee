"""Demo commands write made-up people, incidents and logins: on a real database that is a disaster.

They run when DEBUG is on (the development settings) or when the operator says, with
--allow-production-database, that the database they point at is a throwaway one (a benchmark copy).
"""

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

FLAG = "--allow-production-database"


def add_guard_argument(parser: CommandParser) -> None:
    parser.add_argument(
        FLAG,
        action="store_true",
        dest="allow_production_database",
        help="chạy cả khi DEBUG tắt: chỉ dùng cho cơ sở dữ liệu thử (ví dụ cơ sở dữ liệu đo hiệu năng)",
    )


def refuse_outside_debug(allow_production_database: bool, what: str) -> None:
    if settings.DEBUG or allow_production_database:
        return
    raise CommandError(
        f"{what} chỉ chạy khi DEBUG bật (môi trường phát triển). Cơ sở dữ liệu này có thể là dữ liệu thật; "
        f"nếu chắc chắn đó là cơ sở dữ liệu thử, chạy lại với {FLAG}."
    )
