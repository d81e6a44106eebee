"""Headcounts and repeat offenders: the people side of a dashboard."""

import datetime as dt

from django.db.models import Count, Q, Sum

from officials.models import Official
from units.models import Unit
from units.months import month_start
from violations.models import IncidentParty, OfficialMonthStat, RepeatCountStat, RepeatOfficialStat
from violations.services import repeat as repeat_rollup
from violations.services.repeat import THRESHOLD, has_window, repeat_window


def repeat_officials(where: Q, end: dt.date, limit: int = 20) -> tuple[list[dict], int]:
    """Officials party to two or more substantiated incidents in the 24 months up to `end`, counted live
    among the parties matching `where` (the caller's scope of incidents)."""
    start, end = repeat_window(end)
    grouped = (
        IncidentParty.objects.filter(
            where,
            official__isnull=False,
            incident__is_substantiated=True,
            incident__occurred_on__range=(start, end),
        )
        .values("official_id")
        # An official is party to an incident at most once (unique_official_per_incident): no DISTINCT needed,
        # which lets PostgreSQL hash the groups instead of sorting them.
        .annotate(n=Count("incident_id"))
        .filter(n__gte=THRESHOLD)
    )
    # One pass: the repeats of a district or commune are a few thousand rows, cheaper than counting twice.
    pairs = sorted(((r["official_id"], r["n"]) for r in grouped.order_by()), key=lambda p: (-p[1], p[0]))
    return _named(pairs[:limit]), len(pairs)


def stored_repeat_officials(unit: Unit, end: dt.date, limit: int = 20) -> tuple[list[dict], int] | None:
    """The same list read from the stored window (violations.services.repeat), None when there is none: how
    many from the count histogram, the top `limit` from the officials stored one by one when the list closes
    at LISTED_FROM or more, otherwise summed from the subtree's per-month rows."""
    histogram = dict(
        RepeatCountStat.objects.filter(window_end=end, unit=unit).values_list("count", "officials")
    )
    if not histogram and not has_window(end):  # histogram rows exist only in stored windows
        return None
    closing = _closing_count(histogram, limit)
    total = sum(histogram.values())
    if closing < repeat_rollup.LISTED_FROM:  # read at call time: the tests try both paths
        subtree = Q(unit__in=Unit.objects.in_subtree(unit).values("pk"))
        return summed_repeat_officials(subtree, end, limit, at_least=closing)[0], total
    rows = RepeatOfficialStat.objects.filter(window_end=end, unit=unit, count__gte=closing)
    top = rows.order_by("-count", "official_id").values_list("official_id", "count")[:limit]
    return _named(list(top)), total


def _closing_count(histogram: dict[int, int], limit: int) -> int:
    """The count of the `limit`-th official down the list (THRESHOLD when fewer are listed)."""
    seen = 0
    for count in sorted(histogram, reverse=True):
        seen += histogram[count]
        if seen >= limit:
            return count
    return THRESHOLD


def summed_repeat_officials(
    units: Q, end: dt.date, limit: int = 20, at_least: int = THRESHOLD
) -> tuple[list[dict], int]:
    """The list summed from OfficialMonthStat over the units matching `units` (a whole-month window only):
    officials with `at_least` (two or more) incidents, and how many they are."""
    start, end = repeat_window(end)
    grouped = (
        OfficialMonthStat.objects.filter(units, month__range=(start, month_start(end)))
        .values("official_id")
        .annotate(n=Sum("count"))
        .filter(n__gte=max(at_least, THRESHOLD))
    )
    pairs = sorted(((r["official_id"], r["n"]) for r in grouped.order_by()), key=lambda p: (-p[1], p[0]))
    return _named(pairs[:limit]), len(pairs)


def _named(pairs: list[tuple[int, int]]) -> list[dict]:
    names = Official.objects.in_bulk([official_id for official_id, _ in pairs])
    return [{"official": names[official_id], "count": n} for official_id, n in pairs]
