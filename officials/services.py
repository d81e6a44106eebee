"""Writes that keep the headcount roll-up (officials.models.HeadcountStat) equal to what the posts say.

Every dashboard rate and report divides by the officials in post on the period's last day; counting them
live means a pass over every post and a walk up every unit's chain on each page view. The roll-up stores,
for each month's last day in HeadcountMonth, each unit's own count and its subtree's. A saved or deleted post
recounts its unit's own rows from the posts and moves the subtree rows of the unit and its ancestors by the
difference, in the writer's transaction and under the chain's row locks (officials.apps connects the
signals). `headcount_rebuild()` recomputes everything (rebuild_stats, after bulk loads that bypass signals).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone

from officials.models import Assignment, HeadcountMonth, HeadcountStat
from units.models import Unit

# Stored month-ends run from January 2015 (or the first post's month, if earlier) to December of next year:
# a report for the current year ends on 31 December. The fixed start means a post added later with an old
# start date still lands in stored months; a month outside the range is counted, only live.
STORED_FROM = dt.date(2015, 1, 1)
YEARS_AHEAD = 1

PostRow = tuple[int, int, dt.date, dt.date | None]  # unit, official, start, end
Counts = dict[int, dict[int, int]]  # unit → month index → officials in post

_deferred: ContextVar[set[int] | None] = ContextVar("headcount_deferred", default=None)


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_end_of(index: int) -> dt.date:
    year, month0 = divmod(index + 1, 12)
    return dt.date(year, month0 + 1, 1) - dt.timedelta(days=1)


def _covered(start: dt.date, end: dt.date | None, lo: int, hi: int) -> tuple[int, int] | None:
    """The month-ends (as indexes within lo..hi) on which a post from `start` to `end` is held."""
    first = max(month_index(start), lo)
    last = hi if end is None else month_index(end) - (end != month_end_of(month_index(end)))
    last = min(last, hi)
    return (first, last) if first <= last else None


def _merged(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    spans.sort()
    first, last = spans[0]
    for nxt_first, nxt_last in spans[1:]:
        if nxt_first > last + 1:
            yield first, last
            first = nxt_first
        last = max(last, nxt_last)
    yield first, last


def own_counts(posts: Iterable[PostRow], lo: int, hi: int) -> Counts:
    """Officials in post in each unit on each month-end from lo to hi. An official's posts in one unit are
    merged first, so two posts held at once count once, as officials.headcount's live count does."""
    spans: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for unit_id, official_id, start, end in posts:
        covered = _covered(start, end, lo, hi)
        if covered:
            spans[(unit_id, official_id)].append(covered)
    steps: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (unit_id, _official), held in spans.items():
        for first, last in _merged(held):
            steps[unit_id][first] += 1
            steps[unit_id][last + 1] -= 1
    counts: Counts = {}
    for unit_id, step in steps.items():
        running, row = 0, {}
        for index in range(lo, hi + 1):
            running += step.get(index, 0)
            if running:
                row[index] = running
        counts[unit_id] = row
    return counts


def _post_rows(posts: Any) -> Iterable[PostRow]:
    return posts.values_list("unit_id", "official_id", "start_date", "end_date").iterator(chunk_size=20000)


# --- everything, after a bulk load -------------------------------------------------------------------------


def _range_to_store(today: dt.date) -> tuple[int, int]:
    first = min(Assignment.objects.aggregate(first=Min("start_date"))["first"] or today, STORED_FROM)
    return month_index(first), month_index(dt.date(today.year + YEARS_AHEAD, 12, 31))


@transaction.atomic
def headcount_rebuild() -> int:
    """Recompute every stored month-end from the posts. Idempotent; returns the number of rows."""
    HeadcountStat.objects.all().delete()
    HeadcountMonth.objects.all().delete()
    lo, hi = _range_to_store(timezone.localdate())
    HeadcountMonth.objects.bulk_create(HeadcountMonth(month_end=month_end_of(i)) for i in range(lo, hi + 1))
    chains = {u.pk: u.chain for u in Unit.objects.only("pk", "path")}
    own = own_counts(_post_rows(Assignment.objects.all()), lo, hi)
    tree: dict[tuple[int, int], int] = defaultdict(int)
    rows = []
    for unit_id, counts in own.items():
        for index, n in counts.items():
            rows.append(HeadcountStat(unit_id=unit_id, tree=False, month_end=month_end_of(index), count=n))
            for ancestor in chains[unit_id]:
                tree[(ancestor, index)] += n
    rows += [
        HeadcountStat(unit_id=unit_id, tree=True, month_end=month_end_of(index), count=n)
        for (unit_id, index), n in tree.items()
    ]
    HeadcountStat.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


# --- the units a write touched -----------------------------------------------------------------------------


def _stored_range() -> tuple[int, int] | None:
    bounds = HeadcountMonth.objects.aggregate(lo=Min("month_end"), hi=Max("month_end"))
    if bounds["lo"] is None:
        return None
    return month_index(bounds["lo"]), month_index(bounds["hi"])


@transaction.atomic
def headcount_refresh(unit_ids: Iterable[int | None]) -> None:
    """Recount these units' own rows from their posts; move their ancestors' subtree rows by the difference.

    The chains' unit rows are locked first, in id order (as violations' open-case roll-up does), so two
    writers to one subtree apply their differences one after the other and none is lost."""
    ids = {pk for pk in unit_ids if pk is not None}
    stored = _stored_range()
    if not ids or stored is None:
        return
    chains = {u.pk: u.chain for u in Unit.objects.filter(pk__in=ids).only("pk", "path")}
    everyone = sorted({pk for chain in chains.values() for pk in chain})
    list(Unit.objects.select_for_update().filter(pk__in=everyone).order_by("pk").values_list("pk", flat=True))
    after = own_counts(_post_rows(Assignment.objects.filter(unit_id__in=chains)), *stored)
    before: Counts = defaultdict(dict)
    own_rows = HeadcountStat.objects.filter(unit_id__in=chains, tree=False)
    for unit_id, day, n in own_rows.values_list("unit_id", "month_end", "count"):
        before[unit_id][month_index(day)] = n
    changes: dict[tuple[int, int], int] = defaultdict(int)
    for unit_id, chain in chains.items():
        old, new = before.get(unit_id, {}), after.get(unit_id, {})
        for index in old.keys() | new.keys():
            if difference := new.get(index, 0) - old.get(index, 0):
                for ancestor in chain:
                    changes[(ancestor, index)] += difference
    if not changes:
        return
    own_rows.delete()
    HeadcountStat.objects.bulk_create(
        HeadcountStat(unit_id=unit_id, tree=False, month_end=month_end_of(index), count=n)
        for unit_id, counts in after.items()
        for index, n in counts.items()
    )
    _move_subtree_rows(changes)


def _move_subtree_rows(changes: dict[tuple[int, int], int]) -> None:
    """Add each difference to its (unit, month-end) subtree row: one UPDATE per unit and difference."""
    HeadcountStat.objects.bulk_create(
        (
            HeadcountStat(unit_id=unit_id, tree=True, month_end=month_end_of(index), count=0)
            for (unit_id, index), difference in changes.items()
            if difference
        ),
        ignore_conflicts=True,
    )
    grouped: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for (unit_id, index), difference in changes.items():
        if difference:
            grouped[(unit_id, difference)].append(month_end_of(index))
    for (unit_id, difference), days in grouped.items():
        HeadcountStat.objects.filter(unit_id=unit_id, tree=True, month_end__in=days).update(
            count=F("count") + difference
        )


# --- signals and batches -----------------------------------------------------------------------------------


@contextmanager
def headcounts_deferred() -> Iterator[None]:
    """Within the block, post writes only note their units; they are recounted once at its end, still inside
    the caller's transaction (an import of thousands of posts recounts each unit once, not per post)."""
    if _deferred.get() is not None:  # an outer block recounts
        yield
        return
    touched: set[int] = set()
    token = _deferred.set(touched)
    try:
        yield
    finally:
        _deferred.reset(token)
    headcount_refresh(touched)


def _touched(unit_ids: set[int]) -> None:
    pending = _deferred.get()
    if pending is None:
        headcount_refresh(unit_ids)
    else:
        pending |= unit_ids


def post_before_save(sender: type, instance: Assignment, **kwargs: Any) -> None:
    """Remember the unit a post is moving from: its headcount changes too."""
    if instance.pk and not instance._state.adding:
        previous = Assignment.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
        instance._headcount_previous_unit = previous  # type: ignore[attr-defined]


def post_saved(sender: type, instance: Assignment, **kwargs: Any) -> None:
    previous = getattr(instance, "_headcount_previous_unit", None)
    _touched({instance.unit_id} | ({previous} if previous else set()))


def post_deleted(sender: type, instance: Assignment, **kwargs: Any) -> None:
    _touched({instance.unit_id})
