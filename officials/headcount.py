"""Officials in post per unit on a day: every dashboard rate and report divides by it.

On a stored month-end the answer is the roll-up (officials.models.HeadcountStat, kept exact by
officials.services): one indexed row per unit, subtree included. Any other day is counted live:
counting a million posts on each page view is wasteful and posts change rarely, so the counts are cached;
the cache keys carry a generation that every write to posts advances (officials.apps connects the signals;
bulk loaders that bypass them call headcount_invalidate themselves), so a changed post is never served
stale. The keys are namespaced, since the cache (Redis in production) is shared with other data.
"""

import datetime as dt

from django.core.cache import cache
from django.db.models import Count

from officials.models import HeadcountMonth, HeadcountStat
from officials.selectors import assignments_on
from units.models import Unit

PREFIX = "kycuong:headcount"
GENERATION_KEY = f"{PREFIX}:generation"
CACHE_SECONDS = 15 * 60


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None) or 1


def headcount_by_unit(day: dt.date) -> dict[int, int]:
    """Officials holding a post on the day, per unit (own posts only, not the subtree)."""
    key = f"{PREFIX}:{_generation()}:{day.isoformat()}"
    cached = cache.get(key)
    if cached is None:
        rows = assignments_on(day).values("unit_id").annotate(n=Count("official_id", distinct=True))
        cached = {r["unit_id"]: r["n"] for r in rows}
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def headcount_invalidate(**_signal_kwargs: object) -> None:
    """Forget every cached headcount (the old generation's keys simply expire)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet, or it was evicted
        cache.set(GENERATION_KEY, _generation() + 1, timeout=None)


def subtree_headcounts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """For each given unit, the officials in post in its whole subtree on the day (a person holding posts in
    two units of the subtree counts in each, as the sum of the units' own counts)."""
    wanted = {u.pk: 0 for u in units}
    stored = dict(
        HeadcountStat.objects.filter(month_end=day, tree=True, unit_id__in=wanted).values_list(
            "unit_id", "count"
        )
    )
    # Rows exist only on stored month-ends; with none, the marker tells "nobody in post" from "not stored".
    if stored or HeadcountMonth.objects.filter(month_end=day).exists():
        return wanted | stored
    return _subtree_headcounts_live(wanted, day)


def _subtree_headcounts_live(wanted: dict[int, int], day: dt.date) -> dict[int, int]:
    own = headcount_by_unit(day)
    for unit_id, path in Unit.objects.filter(pk__in=own.keys()).values_list("pk", "path"):
        for ancestor in Unit.chain_of(path):
            if ancestor in wanted:
                wanted[ancestor] += own[unit_id]
    return wanted
