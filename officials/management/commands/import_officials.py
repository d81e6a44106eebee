"""`manage.py import_officials FILE`: the command-line face of officials.importing."""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from officials.importing import import_officials

# Below this many rows the import takes about a second; a bar would only flicker.
PROGRESS_MIN_ROWS = 500


def progress_bar(items: Sequence[Any], label: str) -> Iterable[Any]:
    # disable=None lets tqdm hide itself when stderr is not a terminal (cron, CI logs).
    return tqdm(items, desc=label, unit=" dòng", disable=True if len(items) < PROGRESS_MIN_ROWS else None)


class Command(BaseCommand):
    help = "Nhập danh sách cán bộ và chức vụ hiện tại từ tệp CSV hoặc XLSX (nhập tất cả hoặc không nhập gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("Tệp .csv (UTF-8, dấu phẩy hoặc chấm phẩy) hoặc .xlsx"))

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(_("Không tìm thấy tệp %(file)s.") % {"file": file})
        with file.open("rb") as handle:
            result = import_officials(handle, filename=file.name, progress=progress_bar)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error.message)
            raise CommandError(_("%(count)d lỗi, không nhập dòng nào.") % {"count": len(result.errors)})
        self.stdout.write(result.summary())
