"""The figures of a scope and period as plain rows: what the report freezes and the dashboard links.

Every function takes a FigureSource, so the counting path is chosen once (reports.figures.source); the
report's snapshot (reports.content.build) turns these rows into JSON, the dashboard (reports.dashboard.build)
adds to each number the link to the incident list that shows exactly those incidents.
"""

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce, Least

from officials.headcount import subtree_headcounts
from officials.models import Official
from officials.selectors import unit_heads_on
from reports.figures.counts import Figures
from reports.figures.source import FigureSource
from reports.periods import Period
from units.models import Unit
from units.months import last_months
from violations import rules
from violations.models import Framework, Severity, Source
from violations.models.stats import GROUP_COLUMNS, SEVERITY_COLUMNS, SOURCE_COLUMNS
from violations.selectors.framework import counting_targets, framework_in_force, indicators_by_group
from violations.selectors.incidents import DUE_SOON_DAYS, overdue
from violations.services.repeat import repeat_window

OVERDUE_LISTED = 10


def change_pct(now: int, before: int) -> float | None:
    return None if before == 0 else round(100 * (now - before) / before, 1)


def rate_per_100(total: int, staff: int) -> float | None:
    return round(100 * total / staff, 2) if staff else None


def framework_for(period: Period, today: dt.date) -> Framework | None:
    return framework_in_force(period.end) or framework_in_force(today)


def summary(source: FigureSource, period: Period, current: Figures) -> dict[str, Any]:
    """The period against the previous one and the same period a year earlier, per 100 officials."""
    comparisons = {}
    for key, other in (("previous", period.previous()), ("year_ago", period.year_before())):
        total = source.total(other)
        comparisons[key] = {"period": other, "total": total, "change_pct": change_pct(current.total, total)}
    staff = sum(subtree_headcounts(source.scope.units, period.end).values())
    share = current.share_substantiated()
    return {
        "total": current.total,
        **comparisons,
        "substantiated": current.counts.get("substantiated", 0),
        "unsubstantiated": current.counts.get("unsubstantiated", 0),
        "share_substantiated_pct": None if share is None else round(100 * share, 1),
        "sanctioned": sum(current.sanctions_by_form.values()),
        "headcount": staff,
        "rate_per_100": rate_per_100(current.total, staff),
    }


def _counts_under(framework: Framework, by_indicator: dict[int, int]) -> Counter[int]:
    """Incidents tagged against another framework version count under the indicators of `framework` their
    declared mappings lead to (violations.selectors.framework.counting_targets)."""
    targets = counting_targets(framework)
    counts: Counter[int] = Counter()
    for indicator_id, n in by_indicator.items():
        for target in targets.get(indicator_id, ()):
            counts[target] += n
    return counts


def groups(framework: Framework | None, current: Figures) -> list[dict[str, Any]]:
    """The framework's groups with their indicators, each counted; `current` must have been counted in this
    framework's groups (FigureSource.figures(period, framework)). A working text is marked as such."""
    if framework is None:
        return []
    counts = _counts_under(framework, current.by_indicator)
    return [
        {
            "number": group.number,
            "roman": group.roman,
            "name": group.name,
            "provenance": group.provenance,
            "total": current.counts.get(GROUP_COLUMNS.get(group.number, ""), 0),
            "indicators": [
                {
                    "code": i.code,
                    "number": i.number,
                    "text": i.text,
                    "provenance": i.provenance,
                    "count": counts[i.pk],
                }
                for i in indicators
            ],
        }
        for group, indicators in indicators_by_group(framework)
    ]


def _breakdown(current: Figures, columns: dict[str, str], choices: Any) -> list[dict[str, Any]]:
    labels = dict(choices.choices)
    return [
        {"key": key, "label": str(labels[key]), "count": current.counts.get(col, 0)}
        for key, col in columns.items()
    ]


def by_severity(current: Figures) -> list[dict[str, Any]]:
    return _breakdown(current, SEVERITY_COLUMNS, Severity)


def by_source(current: Figures) -> list[dict[str, Any]]:
    return _breakdown(current, SOURCE_COLUMNS, Source)


def _rank(form: str) -> int:
    try:
        return rules.sanction_rank(form)
    except ValueError:  # a form typed by hand in old data: listed last rather than dropped
        return 99


def sanctions(current: Figures) -> list[dict[str, Any]]:
    """Incidents with a sanction of each form decided in the period, lightest form first."""
    rows = sorted(current.sanctions_by_form.items(), key=lambda item: (_rank(item[0]), item[0]))
    return [{"form": form, "label": rules.sanction_label(form), "count": n} for form, n in rows]


def trend(source: FigureSource, period: Period, months: int) -> list[dict[str, Any]]:
    """Incidents per month over the `months` months ending with the period's last month."""
    firsts = last_months(period.end, months)
    return [{"month": m, "total": n} for m, n in zip(firsts, source.monthly(firsts), strict=True)]


def children_during(unit: Unit, period: Period) -> list[Unit]:
    """The unit's children as they were during the period (a former district shows its former communes)."""
    return list(
        unit.children.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
            Q(valid_until__isnull=True) | Q(valid_until__gte=period.start),
        ).order_by("sort_key", "pk")
    )


def sub_units(source: FigureSource, period: Period) -> list[dict[str, Any]]:
    children = children_during(source.scope.unit, period)
    if not children:
        return []
    totals = source.per_unit(children, period)
    staff = subtree_headcounts(children, period.end)
    heads: dict[int, Official] = unit_heads_on(
        {c: min(period.end, c.valid_until or period.end) for c in children}
    )
    rows = []
    for child in children:
        counts, headcount = totals.get(child.pk, {}), staff.get(child.pk, 0)
        rows.append(
            {
                "unit": child,
                "total": counts.get("total", 0),
                "substantiated": counts.get("substantiated", 0),
                "staff": headcount,
                "rate_per_100": rate_per_100(counts.get("total", 0), headcount),
                "head": heads.get(child.pk),
            }
        )
    return rows


def cases(source: FigureSource, today: dt.date) -> dict[str, Any]:
    """Open cases on the day, those due within DUE_SOON_DAYS and those overdue (the incident list's terms)."""
    counts = source.open_cases(today)
    return {
        "as_of": today,
        "open": counts["open"],
        "due_soon": counts["due"],
        "due_soon_days": DUE_SOON_DAYS,
        "overdue": counts["overdue"],
    }


def oldest_overdue(source: FigureSource, today: dt.date, limit: int = OVERDUE_LISTED) -> list[dict[str, Any]]:
    """The longest-overdue cases first."""
    # Least() ignores NULLs on PostgreSQL but not on SQLite, so both deadlines fall back to the other one.
    handling, limitation = F("handling_deadline"), F("limitation_deadline")
    first_due = Least(Coalesce(handling, limitation), Coalesce(limitation, handling))
    late = (
        overdue(source.incidents, today)
        .annotate(first_due=first_due)
        .select_related("unit")
        .order_by(F("first_due").asc(nulls_last=True), "pk")[:limit]
    )
    rows = []
    for incident in late:
        deadlines = [d for d in (incident.handling_deadline, incident.limitation_deadline) if d and d < today]
        due = min(deadlines) if deadlines else today
        rows.append({"incident": incident, "due": due, "days_late": (today - due).days})
    return rows


def repeat(source: FigureSource, period: Period, limit: int) -> dict[str, Any]:
    """Officials party to two or more substantiated incidents in the 24 months up to the period's end."""
    start, end = repeat_window(period.end)
    rows, total = source.repeat(end, limit)
    return {"start": start, "end": end, "total": total, "rows": rows}
