"""The schedule in django-celery-beat and the commands that `make run` and the README use."""

import io
import json

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from reports.models import OutboxMessage, Report

pytestmark = pytest.mark.django_db


def _schedule() -> dict[str, tuple]:
    return {
        t.name: (t.task, json.loads(t.kwargs), t.crontab.minute, t.crontab.hour, t.crontab.day_of_month,
                 t.crontab.month_of_year, str(t.crontab.timezone), t.enabled)
        for t in PeriodicTask.objects.select_related("crontab")
    }  # fmt: skip


def test_the_schedule_runs_monthly_at_six_on_the_first_hanoi_time_then_quarterly_six_nine_months_yearly():
    call_command("sync_report_schedule", stdout=io.StringIO())

    task = "reports.tasks.dispatch_period_reports"
    assert _schedule() == {
        "reports: monthly": (task, {"kind": "month"}, "0", "6", "1", "*", "Asia/Ho_Chi_Minh", True),
        "reports: quarterly": (
            task,
            {"kind": "quarter"},
            "30",
            "6",
            "1",
            "1,4,7,10",
            "Asia/Ho_Chi_Minh",
            True,
        ),
        "reports: six months": (task, {"kind": "six_months"}, "0", "7", "1", "7", "Asia/Ho_Chi_Minh", True),
        "reports: nine months": (
            task,
            {"kind": "nine_months"},
            "0",
            "7",
            "1",
            "10",
            "Asia/Ho_Chi_Minh",
            True,
        ),
        "reports: yearly": (task, {"kind": "year"}, "0", "7", "1", "1", "Asia/Ho_Chi_Minh", True),
    }


def test_syncing_again_keeps_what_an_administrator_changed_unless_reset():
    call_command("sync_report_schedule", stdout=io.StringIO())
    monthly = PeriodicTask.objects.get(name="reports: monthly")
    monthly.enabled = False
    monthly.save()

    out = io.StringIO()
    call_command("sync_report_schedule", stdout=out)
    assert "reports: monthly: kept" in out.getvalue()
    assert PeriodicTask.objects.count() == 5 and not PeriodicTask.objects.get(name="reports: monthly").enabled

    call_command("sync_report_schedule", "--reset", stdout=io.StringIO())
    assert PeriodicTask.objects.get(name="reports: monthly").enabled


@pytest.mark.django_db(transaction=True)  # as in real use: on_commit work runs at once, still inline
def test_running_a_month_by_hand_generates_and_mails_in_process(rw, media, mailbox):
    for _ in range(2):
        call_command("run_monthly_reports", "--now", "--period", "2026-10", stdout=io.StringIO())

    assert Report.objects.filter(status="ready").count() == 3
    assert OutboxMessage.objects.filter(status="sent").count() == 5
    assert len(mailbox.messages()) == 5


def test_a_malformed_period_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("run_monthly_reports", "--period", "10/2026")
