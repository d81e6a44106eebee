"""Headcounts and repeat offenders: the people side of a dashboard."""

import datetime as dt

from django.db.models import Count, Q

from officials.headcount import headcount_by_unit
from officials.models import Official
from units.models import Unit
from violations.models import IncidentParty, RepeatOfficialStat
from violations.services.repeat import THRESHOLD, repeat_window


def subtree_headcounts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """For each given unit, the officials in its whole subtree on the day."""
    own = headcount_by_unit(day)
    if not own:
        return {u.pk: 0 for u in units}
    wanted = {u.pk: 0 for u in units}
    for path, n in (
        (p, own[uid]) for uid, p in Unit.objects.filter(pk__in=own.keys()).values_list("pk", "path")
    ):
        for ancestor in Unit.chain_of(path):
            if ancestor in wanted:
                wanted[ancestor] += n
    return wanted


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


def stored_repeat_officials(unit: Unit, end: dt.date, limit: int = 20) -> tuple[list[dict], int]:
    """The same list read from the precomputed window (violations.services.repeat)."""
    rows = RepeatOfficialStat.objects.filter(window_end=end, unit=unit)
    top = rows.order_by("-count", "official_id").values_list("official_id", "count")[:limit]
    return _named(list(top)), rows.count()


def _named(pairs: list[tuple[int, int]]) -> list[dict]:
    names = Official.objects.in_bulk([official_id for official_id, _ in pairs])
    return [{"official": names[official_id], "count": n} for official_id, n in pairs]
