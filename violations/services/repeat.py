"""Who keeps reoffending: officials party to two or more substantiated incidents in 24 months, per subtree.

Three derived tables, kept exact on every write by `repeat_refresh_officials` (the services call it when a
party, a conclusion or an incident's date changes) and rebuilt from scratch by `repeat_rebuild()`:

- OfficialMonthStat: per official, unit and month, the substantiated incidents. Any window over any units
  is a sum of these rows (a merged commune with its predecessors, a window not stored, a short list).
- RepeatCountStat: for every past month-end (RepeatWindow) and unit subtree, how many officials have each
  count: the number of repeat officials, and the count that closes a top-N list, in a few rows.
- RepeatOfficialStat: the officials with LISTED_FROM or more in a window and subtree, ranked by an index.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone

from units.models import Unit
from units.months import month_start, months_before, next_month
from violations.models import (
    IncidentParty,
    OfficialMonthStat,
    RepeatCountStat,
    RepeatOfficialStat,
    RepeatWindow,
)

WINDOW_MONTHS = 24
THRESHOLD = 2
# Officials with this many incidents in a window are stored one by one. Measured at 1,000,000 incidents
# (BENCHMARKS.md): the city's top 20 close at 370 or more and most districts' at 10 or more, so they read an
# index range; a commune's list closes lower and is summed from its few hundred OfficialMonthStat rows.
# Storing from 5 instead would be 2.4 million rows (400 MB); from 10 it is about 370,000.
LISTED_FROM = 10
# Windows are stored for every month-end from here (or the first incident, if earlier): an incident filed
# later with an old date still lands in stored windows.
STORED_FROM = dt.date(2015, 1, 1)

MonthRows = dict[tuple[int, int, dt.date], int]  # (official, unit, month) → substantiated incidents
WindowCounts = dict[tuple[dt.date, int, int], int]  # (window end, subtree unit, official) → incidents


def repeat_window(end: dt.date) -> tuple[dt.date, dt.date]:
    """The 24 whole months ending with `end`'s month (end inclusive)."""
    return months_before(end, WINDOW_MONTHS - 1), end


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def has_window(end: dt.date) -> bool:
    return RepeatWindow.objects.filter(window_end=end).exists()


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


# --- per official and month ---------------------------------------------------------------------------------


def _substantiated_months(party_model: Any) -> Any:
    """(official, unit, month, count) of substantiated incidents, as OfficialMonthStat stores them."""
    return (
        party_model.objects.filter(official__isnull=False, incident__is_substantiated=True)
        .values("official_id", unit=F("incident__unit_id"), m=TruncMonth("incident__occurred_on"))
        .annotate(n=Count("incident_id"))
        .order_by()
    )


def fill_official_months(stat_model: Any, party_model: Any) -> None:
    """Recompute OfficialMonthStat in one INSERT … SELECT (a million incidents never pass through Python).
    Takes the model classes, so that migration 0017 can pass its historical ones."""
    stat_model.objects.all().delete()
    # In (unit, month) order: a scope's window then lies on a few adjacent pages.
    months = _substantiated_months(party_model).order_by("unit", "m")
    select, params = months.query.sql_with_params()
    table = connection.ops.quote_name(stat_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (official_id, unit_id, month, count) {select}", params)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _month_rows(official_ids: set[int]) -> MonthRows:
    rows = _substantiated_months(IncidentParty).filter(official_id__in=official_ids)
    return {(r["official_id"], r["unit"], _as_date(r["m"])): r["n"] for r in rows}


def _stored_month_rows(official_ids: set[int]) -> MonthRows:
    rows = OfficialMonthStat.objects.filter(official_id__in=official_ids)
    return {(o, u, m): n for o, u, m, n in rows.values_list("official_id", "unit_id", "month", "count")}


# --- on every write -----------------------------------------------------------------------------------------


@transaction.atomic
def repeat_refresh_officials(official_ids: Iterable[int | None]) -> None:
    """After a write: recount these officials' months, and move every stored window by the difference."""
    ids = {pk for pk in official_ids if pk is not None}
    if not ids:
        return
    _lock_chains(ids)
    before, after = _stored_month_rows(ids), _month_rows(ids)
    if before == after:
        return
    OfficialMonthStat.objects.filter(official_id__in=ids).delete()
    OfficialMonthStat.objects.bulk_create(
        OfficialMonthStat(official_id=o, unit_id=u, month=m, count=n) for (o, u, m), n in after.items()
    )
    ends = sorted(RepeatWindow.objects.values_list("window_end", flat=True))
    if ends:
        _move_windows(ids, before, after, ends)


def _lock_chains(official_ids: set[int]) -> None:
    """Lock the unit chains these officials' incidents lie in, in id order as the open-case roll-up does:
    every chain starts at the city, so two writers never move the same window counts at once."""
    units = set(
        IncidentParty.objects.filter(official_id__in=official_ids).values_list("incident__unit_id", flat=True)
    )
    units |= set(
        OfficialMonthStat.objects.filter(official_id__in=official_ids).values_list("unit_id", flat=True)
    )
    chains = {pk for u in Unit.objects.filter(pk__in=units).only("pk", "path") for pk in u.chain}
    list(Unit.objects.select_for_update().filter(pk__in=chains).order_by("pk").values_list("pk", flat=True))


def _window_counts(rows: MonthRows, ends: list[dt.date], chains: dict[int, list[int]]) -> WindowCounts:
    by_index = {_month_index(end): end for end in ends}
    counts: WindowCounts = defaultdict(int)
    for (official, unit, month), n in rows.items():
        first = _month_index(month)
        for index in range(first, first + WINDOW_MONTHS):
            end = by_index.get(index)
            if end is not None:
                for ancestor in chains[unit]:
                    counts[(end, ancestor, official)] += n
    return counts


def _move_windows(ids: set[int], before: MonthRows, after: MonthRows, ends: list[dt.date]) -> None:
    units = {u for _, u, _ in before} | {u for _, u, _ in after}
    chains = {u.pk: u.chain for u in Unit.objects.filter(pk__in=units).only("pk", "path")}
    old, new = _window_counts(before, ends, chains), _window_counts(after, ends, chains)
    histogram: Counter[tuple[dt.date, int, int]] = Counter()
    for key in old.keys() | new.keys():
        was, now = old.get(key, 0), new.get(key, 0)
        if was != now:
            end, unit, _official = key
            if was >= THRESHOLD:
                histogram[(end, unit, was)] -= 1
            if now >= THRESHOLD:
                histogram[(end, unit, now)] += 1
    _apply_histogram(histogram)
    RepeatOfficialStat.objects.filter(official_id__in=ids).delete()
    RepeatOfficialStat.objects.bulk_create(
        RepeatOfficialStat(window_end=end, unit_id=unit, official_id=official, count=n)
        for (end, unit, official), n in new.items()
        if n >= LISTED_FROM
    )


def _apply_histogram(changes: Counter[tuple[dt.date, int, int]]) -> None:
    changes = Counter({key: n for key, n in changes.items() if n})
    if not changes:
        return
    stored = RepeatCountStat.objects.filter(
        window_end__in={e for e, _, _ in changes},
        unit_id__in={u for _, u, _ in changes},
        count__in={c for _, _, c in changes},
    )
    current = {
        (e, u, c): n for e, u, c, n in stored.values_list("window_end", "unit_id", "count", "officials")
    }
    totals = {key: current.get(key, 0) + n for key, n in changes.items()}
    for end, unit, count in (key for key, n in totals.items() if n == 0):
        RepeatCountStat.objects.filter(window_end=end, unit_id=unit, count=count).delete()
    RepeatCountStat.objects.bulk_create(
        (
            RepeatCountStat(window_end=e, unit_id=u, count=c, officials=n)
            for (e, u, c), n in totals.items()
            if n
        ),
        update_conflicts=True,
        unique_fields=["window_end", "unit", "count"],
        update_fields=["officials"],
    )


# --- everything, after a bulk load --------------------------------------------------------------------------


def _ends_to_store(today: dt.date) -> list[dt.date]:
    """Every month-end from STORED_FROM (or the first counted month) to the last complete month."""
    first = OfficialMonthStat.objects.aggregate(first=Min("month"))["first"] or STORED_FROM
    month, last = min(first, STORED_FROM), month_start(today)
    ends = []
    while month < last:
        month = next_month(month)
        ends.append(month - dt.timedelta(days=1))
    return ends


@transaction.atomic
def repeat_rebuild(today: dt.date | None = None) -> dict[str, int]:
    """Recompute the three tables from the incidents. Idempotent; returns row counts.

    The windows slide: each month's rows enter one window and leave 24 months later, so every row of
    OfficialMonthStat is read once however many windows there are."""
    fill_official_months(OfficialMonthStat, IncidentParty)
    for model in (RepeatOfficialStat, RepeatCountStat, RepeatWindow):
        model.objects.all().delete()
    ends = _ends_to_store(today or timezone.localdate())
    RepeatWindow.objects.bulk_create(RepeatWindow(window_end=end) for end in ends)
    chains = {u.pk: u.chain for u in Unit.objects.only("pk", "path")}
    by_month: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    rows = OfficialMonthStat.objects.values_list("official_id", "unit_id", "month", "count")
    for official, unit, month, n in rows.iterator(chunk_size=20000):
        by_month[_month_index(month)].append((official, unit, n))
    window = _SlidingWindow(chains)
    listed = 0
    for end in ends:
        index = _month_index(end)
        window.add(by_month.get(index, ()), 1)
        window.add(by_month.get(index - WINDOW_MONTHS, ()), -1)
        listed += window.store(end)
    return {
        "OfficialMonthStat": OfficialMonthStat.objects.count(),
        "RepeatCountStat": RepeatCountStat.objects.count(),
        "RepeatOfficialStat": listed,
    }


@transaction.atomic
def repeat_windows_extend(today: dt.date | None = None) -> int:
    """Store the windows of the month-ends passed since the last stored one (the monthly report run calls
    it on the 1st, before any report reads the month just ended). Returns how many were added.

    The roots of the unit tree are locked for the few seconds it takes: every write locks its chain from the
    root, so none can change a month's rows between the sum and the window's marker."""
    last = RepeatWindow.objects.aggregate(last=Max("window_end"))["last"]
    if last is None:  # never rebuilt: rebuild_stats stores every window at once
        return 0
    list(Unit.objects.select_for_update().filter(parent__isnull=True).order_by("pk").values_list("pk"))
    chains = {u.pk: u.chain for u in Unit.objects.only("pk", "path")}
    added = [end for end in _ends_to_store(today or timezone.localdate()) if end > last]
    for end in added:
        window = _SlidingWindow(chains)
        months = OfficialMonthStat.objects.filter(month__range=(repeat_window(end)[0], month_start(end)))
        window.add(months.values_list("official_id", "unit_id", "count").iterator(chunk_size=20000), 1)
        window.store(end)
        RepeatWindow.objects.create(window_end=end)
    return len(added)


class _SlidingWindow:
    """The counts of one window, moved month by month: only the officials a month touches are looked at."""

    def __init__(self, chains: dict[int, list[int]]) -> None:
        self.chains = chains
        self.counts: dict[tuple[int, int], int] = {}  # (subtree unit, official) → incidents
        self.histogram: Counter[tuple[int, int]] = Counter()  # (subtree unit, count) → officials
        self.listed: set[tuple[int, int]] = set()  # (subtree unit, official) with LISTED_FROM or more

    def add(self, rows: Iterable[tuple[int, int, int]], sign: int) -> None:
        for official, unit, n in rows:
            for ancestor in self.chains[unit]:
                key = (ancestor, official)
                was = self.counts.get(key, 0)
                now = was + sign * n
                if was >= THRESHOLD:
                    self.histogram[(ancestor, was)] -= 1
                if now >= THRESHOLD:
                    self.histogram[(ancestor, now)] += 1
                if now:
                    self.counts[key] = now
                else:
                    del self.counts[key]
                if now >= LISTED_FROM:
                    self.listed.add(key)
                else:
                    self.listed.discard(key)

    def store(self, end: dt.date) -> int:
        RepeatCountStat.objects.bulk_create(
            (
                RepeatCountStat(window_end=end, unit_id=unit, count=count, officials=k)
                for (unit, count), k in self.histogram.items()
                if k
            ),
            batch_size=5000,
        )
        RepeatOfficialStat.objects.bulk_create(
            (
                RepeatOfficialStat(window_end=end, unit_id=unit, official_id=official, count=self.counts[key])
                for key in self.listed
                for unit, official in (key,)
            ),
            batch_size=5000,
        )
        return len(self.listed)
