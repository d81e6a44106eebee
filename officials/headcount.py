"""Officials in post per unit on a day: every dashboard rate and report divides by it.

Counting a million posts on each page view is wasteful and posts change rarely, so the counts are cached;
the cache keys carry a generation that every write to posts advances (officials.apps connects the signals;
bulk loaders that bypass them call headcount_invalidate themselves), so a changed post is never served
stale. The keys are namespaced, since the cache (Redis in production) is shared with other data.
"""

import datetime as dt

from django.core.cache import cache
from django.db.models import Count

from officials.selectors import assignments_on

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
