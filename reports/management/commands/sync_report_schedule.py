from django.core.management.base import BaseCommand

from reports.schedule import schedule_sync


class Command(BaseCommand):
    help = (
        "Copy the reporting schedule (reports/schedule.py) into django-celery-beat. Safe to run repeatedly."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Also put back timings changed in the admin to the code's ones.",
        )

    def handle(self, *args, reset: bool, **options) -> None:
        for name, outcome in schedule_sync(reset=reset).items():
            self.stdout.write(f"{name}: {outcome}")
