"""Who keeps reoffending: officials with two or more substantiated incidents in 24 months, per unit subtree.

`repeat_window_rebuild(end)` computes a whole window (nightly, after bulk loads); `repeat_refresh_officials`
recomputes the few officials a write touched, in every stored window, so the table never goes stale.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, QuerySet

from units.models import Unit
from units.months import months_before
from violations.models import IncidentParty, RepeatOfficialStat, RepeatWindow

WINDOW_MONTHS = 24
THRESHOLD = 2


def repeat_window(end: dt.date) -> tuple[dt.date, dt.date]:
    """The 24 whole months ending with `end`'s month (end inclusive)."""
    return months_before(end, WINDOW_MONTHS - 1), end


def _parties_in(end: dt.date) -> QuerySet[IncidentParty]:
    start, end = repeat_window(end)
    return IncidentParty.objects.filter(
        official__isnull=False, incident__is_substantiated=True, incident__occurred_on__range=(start, end)
    )


def _rows(parties: QuerySet[IncidentParty], end: dt.date) -> list[RepeatOfficialStat]:
    """Count per (official, own unit), then add each count to every ancestor; keep the repeats."""
    chains = {u.pk: u.chain for u in Unit.objects.only("pk", "path")}
    per_unit = parties.values("official_id", "incident__unit_id").annotate(n=Count("incident_id"))
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for row in per_unit.order_by():
        for ancestor in chains[row["incident__unit_id"]]:
            totals[(ancestor, row["official_id"])] += row["n"]
    return [
        RepeatOfficialStat(window_end=end, unit_id=unit_id, official_id=official_id, count=n)
        for (unit_id, official_id), n in totals.items()
        if n >= THRESHOLD
    ]


@transaction.atomic
def repeat_window_rebuild(end: dt.date) -> int:
    RepeatOfficialStat.objects.filter(window_end=end).delete()
    created = RepeatOfficialStat.objects.bulk_create(_rows(_parties_in(end), end), batch_size=5000)
    RepeatWindow.objects.update_or_create(window_end=end)
    return len(created)


def repeat_refresh_officials(official_ids: Iterable[int | None]) -> None:
    """After a write: recompute these officials in every window already computed."""
    ids = {pk for pk in official_ids if pk is not None}
    if not ids:
        return
    for end in RepeatWindow.objects.values_list("window_end", flat=True):
        RepeatOfficialStat.objects.filter(window_end=end, official_id__in=ids).delete()
        RepeatOfficialStat.objects.bulk_create(_rows(_parties_in(end).filter(official_id__in=ids), end))


def has_window(end: dt.date) -> bool:
    return RepeatWindow.objects.filter(window_end=end).exists()
