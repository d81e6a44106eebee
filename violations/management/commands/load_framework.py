"""python manage.py load_framework [FILE ...]: load or reload identification frameworks from JSON files.

Without a file, the default ones in order (Directive 24-CT/TU version 1, then version 2, which corrects it
and maps every v1 indicator): one line per file, in Vietnamese.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from violations.services.framework import (
    DEFAULT_FRAMEWORK_FILES,
    FrameworkDataError,
    framework_load_with_result,
)


class Command(BaseCommand):
    help = (
        "Nạp khung nhận diện biểu hiện vi phạm từ tệp JSON (mặc định: Chỉ thị 24-CT/TU, phiên bản 1 rồi "
        "phiên bản 2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", default=[str(path) for path in DEFAULT_FRAMEWORK_FILES])

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():  # several files: all of them or none
                # Each summary as of its own load (v1 is in force until v2 supersedes it).
                lines = [framework_load_with_result(path).summary() for path in options["files"]]
        except FrameworkDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in lines:
            self.stdout.write(line)
