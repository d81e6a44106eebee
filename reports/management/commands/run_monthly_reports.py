import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from celery import current_app
from django.core.management.base import BaseCommand, CommandError

from reports.models import PeriodKind
from reports.tasks import dispatch_period_reports

# Kinds whose period is named by its year alone.
YEARLY = (PeriodKind.YEAR, PeriodKind.SIX_MONTHS, PeriodKind.NINE_MONTHS)


def _start(kind: str, raw: str) -> str:
    """'2026-10' for a month or quarter start, '2026' for a year or its first 6 or 9 months."""
    try:
        if kind in YEARLY:
            return dt.date(int(raw), 1, 1).isoformat()
        year, month = raw.split("-")
        return dt.date(int(year), int(month), 1).isoformat()
    except ValueError as exc:
        yearly = "/".join(YEARLY)
        raise CommandError(f"--period {raw!r}: expected YYYY-MM (or YYYY for --kind {yearly})") from exc


@contextmanager
def _inline() -> Iterator[None]:
    """Every task the run queues (generation, then each email) runs here, one after the other."""
    before = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    try:
        yield
    finally:
        current_app.conf.task_always_eager = before


class Command(BaseCommand):
    help = (
        "Run the periodic reports by hand, as the schedule does on the 1st: by default for the month that "
        "just ended, queued for the Celery worker; --now runs everything here instead (no worker needed)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--period",
            help="YYYY-MM (YYYY with --kind year, six_months or nine_months); default: the last complete one",
        )
        parser.add_argument("--kind", choices=PeriodKind.values, default=PeriodKind.MONTH.value)
        parser.add_argument("--now", action="store_true", help="Generate and send in this process.")

    def handle(self, *args, period: str | None, kind: str, now: bool, **options) -> None:
        start = _start(kind, period) if period else None
        if now:
            with _inline():
                result = dispatch_period_reports.apply(args=(kind, start), throw=True).get()
        else:
            dispatch_period_reports.delay(kind, start)
            result = {"queued": True, "kind": kind, "period": start or "previous"}
        self.stdout.write(str(result))
