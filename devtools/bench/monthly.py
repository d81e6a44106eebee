"""Timing the monthly run for Hanoi's current units, PDFs included (`make bench` calls time_monthly_run).

The run is the scheduled one minus the queue: for each reporting unit, what its Celery tasks do (request and
generate the report: snapshot, PDF, signature (a throwaway key when none is configured), outbox rows; then
render each email with the PDF attached and hand it to Django's in-memory mail backend). Like `celery worker
--concurrency=N` it uses N processes (by default one per CPU), each taking the next unit. Every unit runs in a
transaction that is rolled back, with PDFs written to a temporary folder, so the benchmark database keeps no
reports and every run measures the same work.
"""

import datetime as dt
import multiprocessing
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.mail import get_connection
from django.db import connections, transaction
from django.test.utils import override_settings
from django.utils import timezone

from devtools.bench.signing_key import bench_signing_key
from reports.generation import report_build, report_request
from reports.models import Report
from reports.outbox import message_send
from reports.periods import Period
from reports.targets import previous_period, units_to_report
from units.models import Unit


class _Rollback(Exception):
    """Raised to leave the unit's transaction without committing anything."""


def _unit_run(unit_id: int, period: Period, today: dt.date) -> dict[str, int]:
    result: dict[str, int] = {}
    try:
        with transaction.atomic():
            report = report_request(unit=Unit.objects.get(pk=unit_id), period=period)
            report_build(report.pk, today=today)
            mailbox = get_connection("django.core.mail.backends.locmem.EmailBackend")
            sent = [
                message_send(pk, connection=mailbox) for pk in report.messages.values_list("pk", flat=True)
            ]
            report = Report.objects.get(pk=report.pk)
            result = {
                "ready": int(report.is_ready),
                "signed": int(bool(report.signer)),
                "emails": sum(map(bool, sent)),
                "pdf_bytes": report.pdf.size,
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def _unit_run_in_child(args: tuple[int, Period, dt.date]) -> dict[str, int]:
    return _unit_run(*args)


def _run_all(unit_ids: list[int], period: Period, today: dt.date, processes: int) -> list[dict[str, int]]:
    jobs = [(unit_id, period, today) for unit_id in unit_ids]
    if processes <= 1:
        return [_unit_run_in_child(job) for job in jobs]
    connections.close_all()  # each forked process opens its own connection
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return pool.map(_unit_run_in_child, jobs, chunksize=1)


def time_monthly_run(period: Period | None = None, *, processes: int | None = None) -> dict[str, Any]:
    """Generate and mail every reporting unit's report for `period` (default: last month), timed.
    Returns the elapsed seconds, the number of units, reports ready, emails and PDF bytes."""
    today = timezone.localdate()
    period = period or previous_period("month", today)
    processes = processes or os.cpu_count() or 1
    unit_ids = list(units_to_report(period).values_list("pk", flat=True))
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        bench_signing_key(Path(media)) as throwaway_key,
    ):
        started = time.monotonic()
        results = _run_all(unit_ids, period, today, processes)
        elapsed = time.monotonic() - started
    sizes = [r["pdf_bytes"] for r in results]
    return {
        "period": period.label(),
        "processes": processes,
        "units": len(unit_ids),
        "ready": sum(r["ready"] for r in results),
        "signed": sum(r.get("signed", 0) for r in results),
        "signing_key": "throwaway (bench)" if throwaway_key else "configured",
        "emails": sum(r["emails"] for r in results),
        "pdf_bytes": sum(sizes),
        "largest_pdf_bytes": max(sizes, default=0),
        "elapsed_seconds": round(elapsed, 2),
    }
