"""Which units get a periodic report, and for which period a scheduled run reports."""

import datetime as dt

from django.db.models import Q

from reports.models import period_of
from reports.periods import Period
from units.models import Unit, UnitLevel, UnitQuerySet

# Every commune reports, and so does the city (the top of the tree, whose leaders read the whole picture).
# District-level units and agencies report when an administrator ticks Unit.reports_enabled.
ALWAYS_REPORTING = (UnitLevel.COMMUNE, UnitLevel.CITY)


def units_to_report(period: Period) -> UnitQuerySet:
    """Units that existed at the end of the period: a month before 1/7/2025 reports on the old communes."""
    return (
        Unit.objects.valid_on(period.end)
        .filter(Q(level__in=ALWAYS_REPORTING) | Q(reports_enabled=True))
        .vietnamese_order()
    )


def previous_period(kind: str, today: dt.date) -> Period:
    """The last complete month, quarter, 6 or 9 months or year before today: what a run on the 1st
    reports on (the run of 1 July reports on January–June)."""
    return Period.last_ended(kind, today)


def period_from_iso(kind: str, start_iso: str | None, today: dt.date) -> Period:
    if not start_iso:
        return previous_period(kind, today)
    return period_of(kind, dt.date.fromisoformat(start_iso))
