"""The people side of a report: the per-person table familiar from Hanoi's monthly "bảng tổng hợp kết quả
chấp hành kỷ luật, kỷ cương" (name, post, unit, violation yes/no) and the repeat officials.

A commune lists everyone who held a post in it during the period. A unit with more people than
FULL_LIST_MAX (the city has ~200,000) lists only those with a violation, at most VIOLATORS_LISTED of them,
most violations first; the report prints how many people it leaves out, so nobody reads the list as complete.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet

from officials.models import Assignment, Official
from reports.figures.scope import ReportScope
from reports.periods import Period
from violations.models import IncidentParty

FULL_LIST_MAX = 150
VIOLATORS_LISTED = 300


def _posts(scope: ReportScope, period: Period) -> QuerySet[Assignment]:
    return Assignment.objects.filter(scope.q("unit"), start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )


def _violations(scope: ReportScope, period: Period) -> dict[int, int]:
    """Officials party to a substantiated incident that occurred in the period, with how many."""
    parties = IncidentParty.objects.filter(
        scope.q("incident__unit"),
        official__isnull=False,
        incident__is_substantiated=True,
        incident__occurred_on__range=(period.start, period.end),
    )
    rows = parties.values("official_id").annotate(n=Count("incident_id", distinct=True))
    return {r["official_id"]: r["n"] for r in rows}


def people_table(scope: ReportScope, period: Period) -> dict[str, Any]:
    posts = _posts(scope, period)
    staff = posts.values("official_id").distinct().count()
    counts = _violations(scope, period)
    complete = staff <= FULL_LIST_MAX
    if complete:
        ids = set(posts.values_list("official_id", flat=True)) | set(counts)
    else:
        ids = set(sorted(counts, key=lambda pk: (-counts[pk], pk))[:VIOLATORS_LISTED])
    rows = _rows(posts, ids, counts)
    return {
        "staff": staff,
        "with_violation": len(counts),
        "complete": complete,
        "listed": len(rows),
        "limit": VIOLATORS_LISTED,
        "rows": rows,
    }


def _rows(posts: QuerySet[Assignment], ids: set[int], counts: dict[int, int]) -> list[dict[str, Any]]:
    latest: dict[int, Assignment] = {}
    for post in (
        posts.filter(official_id__in=ids).select_related("official", "unit").order_by("-start_date", "-pk")
    ):
        latest.setdefault(post.official_id, post)
    officials = Official.objects.in_bulk([pk for pk in ids if pk not in latest])
    keyed = []
    for pk in ids:
        found = latest.get(pk)
        official = found.official if found else officials[pk]
        row = {
            "name": official.full_name,
            "post": found.post_title if found else "",
            "unit": found.unit.name if found else "",
            "violation": pk in counts,
            "count": counts.get(pk, 0),
        }
        keyed.append(((found.unit.sort_key if found else "", official.sort_key, pk), row))
    return [row for _, row in sorted(keyed, key=lambda item: item[0])]
