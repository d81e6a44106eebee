"""Reading the dashboard's unit and period from the query string, with forgiving defaults."""

import datetime as dt
from collections.abc import Mapping

from reports.figures.scope import ReportScope
from reports.periods import CUMULATIVE, Period
from units.models import Unit
from units.selectors import primary_predecessors
from violations.access import Action, User, can_act_on_unit
from violations.dates import parse_day

FIRST_YEAR = 2000  # the earliest year a dashboard shows


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        return default
    return value if low <= value <= high else default


def custom_period(start: dt.date | None, end: dt.date | None, today: dt.date) -> Period | None:
    """A typed range, cut to the years the dashboard covers: from FIRST_YEAR to today. Nothing can be
    recorded after today, and the comparisons (the period before, a year before) stay well inside the
    calendar."""
    if start is None or end is None:
        return None
    start, end = max(start, dt.date(FIRST_YEAR, 1, 1)), min(end, today)
    return Period("custom", start, end) if start <= end else None


def period_from(params: Mapping[str, str], today: dt.date) -> Period:
    """The requested period; by default the last complete month (the one a monthly report covers)."""
    kind = params.get("period", "month")
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    year = _int(params.get("year"), last_month.year, FIRST_YEAR, today.year)
    if kind == "year":
        return Period.year(year)
    if kind in CUMULATIVE:
        return Period.cumulative(kind, year)
    if kind == "quarter":
        return Period.quarter(year, _int(params.get("quarter"), (last_month.month - 1) // 3 + 1, 1, 4))
    if kind == "custom":
        custom = custom_period(parse_day(params.get("start")), parse_day(params.get("end")), today)
        if custom is not None:
            return custom
    return Period.month(year, _int(params.get("month"), last_month.month, 1, 12))


def scope_from(user: User, unit: Unit, params: Mapping[str, str]) -> tuple[ReportScope, list[Unit], bool]:
    """The dashboard's scope: as in the unit's report, a commune created in 2025 includes the units it
    succeeded (those the user may see) unless `with_predecessors=0`. Also returns those predecessors and
    whether they are included, for the form."""
    predecessors = [p for p in primary_predecessors(unit) if can_act_on_unit(user, Action.VIEW_DASHBOARD, p)]
    included = params.get("with_predecessors", "1") != "0"
    return ReportScope(unit, tuple(predecessors) if included else ()), predecessors, included
