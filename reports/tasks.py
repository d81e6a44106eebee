"""Celery tasks: they take ids and ISO dates, reload what they need and call the services. Each can run
twice, or be killed half-way and redelivered (acks_late), without a second report or a second email."""

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from reports.generation import LEASE, Outcome, report_build, report_request
from reports.outbox import RETRYABLE_ERRORS, message_send
from reports.queueing import enqueue_on_commit
from reports.targets import period_from_iso, units_to_report
from units.models import Unit
from violations.services.repeat import repeat_windows_extend


@shared_task(acks_late=True)
def dispatch_period_reports(kind: str, period_start_iso: str | None = None) -> dict:
    """Fan out one generate_report per reporting unit for the period (by default the one just ended)."""
    repeat_windows_extend()  # the month just ended gets its stored repeat-official window first
    period = period_from_iso(kind, period_start_iso, timezone.localdate())
    unit_ids = list(units_to_report(period).values_list("pk", flat=True))
    start = period.start.isoformat()
    enqueue_on_commit(generate_report, [(unit_id, kind, start) for unit_id in unit_ids])
    return {"period": start, "kind": kind, "units": len(unit_ids)}


def _build(task: Task, report_id: int) -> str:
    outcome = report_build(report_id)
    if outcome == Outcome.BUSY:
        # Another worker is generating it; come back when its lease would have run out, to finish the job
        # if that worker died, or just to check the outbox if it did not.
        raise task.retry(countdown=int(LEASE.total_seconds()), max_retries=None)
    return outcome.value


@shared_task(
    bind=True, acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=30, max_retries=5
)
def generate_report(self: Task, unit_id: int, kind: str, period_start_iso: str) -> str:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return "no such unit"
    report = report_request(unit=unit, period=period_from_iso(kind, period_start_iso, timezone.localdate()))
    return _build(self, report.pk)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=30, max_retries=5
)
def build_report(self: Task, report_id: int) -> str:
    """Generate a report row that already exists (an administrator's generate or regenerate)."""
    return _build(self, report_id)


@shared_task(
    acks_late=True,
    autoretry_for=RETRYABLE_ERRORS,
    retry_backoff=settings.REPORTS_MAIL_RETRY_BACKOFF,
    retry_backoff_max=600,
    max_retries=8,
)
def send_outbox_message(message_id: int) -> str:
    return message_send(message_id) or "skipped"
