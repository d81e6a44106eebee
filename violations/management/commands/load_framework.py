"""python manage.py load_framework [FILE]: load or reload an identification framework from its JSON file."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from violations.models import Provenance
from violations.services.framework import (
    DEFAULT_FRAMEWORK_FILE,
    FrameworkDataError,
    FrameworkLoadResult,
    framework_load_with_result,
)


class Command(BaseCommand):
    help = "Nạp khung nhận diện biểu hiện vi phạm từ tệp JSON (mặc định: Chỉ thị 24-CT/TU, phiên bản 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FRAMEWORK_FILE))

    def handle(self, *args, **options) -> None:
        try:
            result = framework_load_with_result(options["file"])
        except FrameworkDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary(result))


def summary(result: FrameworkLoadResult) -> str:
    framework = result.framework
    indicators = framework.indicators.all()
    confirmed = indicators.filter(provenance=Provenance.CONFIRMED).count()
    action = "created" if result.created else f"reloaded, {result.changed_rows} rows changed"
    superseded = ", ".join(str(old) for old in result.superseded) or "none"
    return (
        f"{framework} {action}: {framework.groups.count()} groups, {indicators.count()} indicators "
        f"({confirmed} confirmed), status {framework.status}; superseded: {superseded}"
    )
