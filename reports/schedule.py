"""The reporting schedule, declared here and nowhere else. `manage.py sync_report_schedule` copies it into
django-celery-beat's tables, where administrators can see, pause or retime it in the admin."""

import json
from dataclasses import dataclass

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

TIMEZONE = "Asia/Ho_Chi_Minh"
TASK = "reports.tasks.dispatch_period_reports"


@dataclass(frozen=True)
class ScheduledRun:
    name: str
    kind: str
    minute: str
    hour: str
    day_of_month: str
    month_of_year: str
    description: str

    def crontab_fields(self) -> dict[str, str]:
        return {
            "minute": self.minute,
            "hour": self.hour,
            "day_of_month": self.day_of_month,
            "month_of_year": self.month_of_year,
            "day_of_week": "*",
            "timezone": TIMEZONE,
        }


# On the 1st, for the period that just ended. Quarterly, 6- and 9-month and yearly runs start later on the
# same morning, so that on 1 January, 1 July and 1 October the three runs of the day do not compete for the
# workers (each starts after the one before has had half an hour).
SCHEDULE = (
    ScheduledRun("reports: monthly", "month", "0", "6", "1", "*", "Báo cáo tháng, 06:00 ngày 1 hằng tháng"),
    ScheduledRun("reports: quarterly", "quarter", "30", "6", "1", "1,4,7,10", "Báo cáo quý, 06:30 ngày 1"),
    ScheduledRun("reports: six months", "six_months", "0", "7", "1", "7", "Báo cáo 6 tháng, 07:00 ngày 1/7"),
    ScheduledRun(
        "reports: nine months", "nine_months", "0", "7", "1", "10", "Báo cáo 9 tháng, 07:00 ngày 1/10"
    ),
    ScheduledRun("reports: yearly", "year", "0", "7", "1", "1", "Báo cáo năm, 07:00 ngày 1/1"),
)


@transaction.atomic
def schedule_sync(*, reset: bool = False) -> dict[str, str]:
    """Create the periodic tasks that are missing. An existing one keeps the timing and on/off state an
    administrator gave it in the admin, unless `reset` puts it back to the code's declaration."""
    outcome = {}
    for run in SCHEDULE:
        crontab, _ = CrontabSchedule.objects.get_or_create(**run.crontab_fields())
        task = PeriodicTask.objects.filter(name=run.name).first()
        if task is None:
            task = PeriodicTask(name=run.name, enabled=True)
            outcome[run.name] = "created"
        elif reset:
            task.enabled = True
            outcome[run.name] = "reset"
        else:
            outcome[run.name] = "kept"
        if outcome[run.name] != "kept":
            task.crontab, task.interval, task.solar, task.clocked = crontab, None, None, None
        task.task, task.kwargs, task.description = TASK, json.dumps({"kind": run.kind}), run.description
        task.save()
    return outcome
