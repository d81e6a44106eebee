"""The sub-units table: the unit's children as they were during the period (a former district shows its
former communes), with their subtree counts, headcount and head."""

from typing import Any

from django.db.models import Q

from officials.selectors import unit_heads_on
from reports.content.scope import ReportScope
from reports.dashboard.figures import totals_by_unit
from reports.dashboard.people import subtree_headcounts
from reports.periods import Period
from units.models import Unit


def _children_during(unit: Unit, period: Period) -> list[Unit]:
    return list(
        unit.children.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
            Q(valid_until__isnull=True) | Q(valid_until__gte=period.start),
        ).order_by("sort_key", "pk")
    )


def sub_units(scope: ReportScope, period: Period) -> list[dict[str, Any]]:
    children = _children_during(scope.unit, period)
    if not children:
        return []
    totals = totals_by_unit([c.pk for c in children], period, ("total", "substantiated"))
    staff = subtree_headcounts(children, period.end)
    heads = unit_heads_on({c: min(period.end, c.valid_until or period.end) for c in children})
    rows = []
    for child in children:
        counts = totals.get(child.pk, {})
        total, headcount = counts.get("total", 0), staff.get(child.pk, 0)
        head = heads.get(child.pk)
        rows.append(
            {
                "name": child.name,
                "total": total,
                "substantiated": counts.get("substantiated", 0),
                "staff": headcount,
                "rate_per_100": round(100 * total / headcount, 2) if headcount else None,
                "head": head.full_name if head else "",
            }
        )
    return rows
