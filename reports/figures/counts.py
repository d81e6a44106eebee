"""The counts behind a dashboard, from the monthly roll-ups or, when they cannot answer exactly, live.

Both paths return the same Figures and use the same definitions (violations.services.stats.count_expressions),
which are also the incident list's filters, so a figure and the list it links to agree.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from reports.periods import Period
from units.months import next_month
from violations.models import (
    Incident,
    OpenCaseStat,
    Sanction,
    UnitMonthIndicatorStat,
    UnitMonthSanctionStat,
    UnitMonthStat,
)
from violations.models.stats import COUNT_COLUMNS
from violations.selectors.incidents import DUE_SOON_DAYS
from violations.services.stats import GroupMembers, IndicatorLink, count_expressions, with_group_flags


@dataclass
class Figures:
    counts: dict[str, int]
    by_indicator: dict[int, int] = field(default_factory=dict)
    sanctions_by_form: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.counts.get("total", 0)

    def share_substantiated(self) -> float | None:
        concluded = self.counts.get("substantiated", 0) + self.counts.get("unsubstantiated", 0)
        return self.counts.get("substantiated", 0) / concluded if concluded else None


def _month_range(period: Period) -> dict[str, dt.date]:
    return {"month__gte": period.start.replace(day=1), "month__lte": period.end.replace(day=1)}


def rollup_figures(unit_ids: Iterable[int], period: Period) -> Figures:
    """Sum of the subtree rows of these units over the period's months (whole months only)."""
    where = {"unit_id__in": list(unit_ids), "tree": True, **_month_range(period)}
    sums = UnitMonthStat.objects.filter(**where).aggregate(**{c: Sum(c) for c in COUNT_COLUMNS})
    indicators = (
        UnitMonthIndicatorStat.objects.filter(**where).values("indicator_id").annotate(n=Sum("count"))
    )
    sanctions = UnitMonthSanctionStat.objects.filter(**where).values("form").annotate(n=Sum("count"))
    return Figures(
        counts={c: v or 0 for c, v in sums.items()},
        by_indicator={r["indicator_id"]: r["n"] for r in indicators if r["n"]},
        sanctions_by_form={r["form"]: r["n"] for r in sanctions if r["n"]},
    )


def rollup_total(unit_ids: Iterable[int], period: Period) -> int:
    where = {"unit_id__in": list(unit_ids), "tree": True, **_month_range(period)}
    return UnitMonthStat.objects.filter(**where).aggregate(n=Sum("total"))["n"] or 0


def live_figures(
    incidents: QuerySet[Incident], period: Period, groups: GroupMembers | None = None
) -> Figures:
    """The same figures counted from a (scoped, subtree-filtered) incident queryset; the group columns in
    `groups` (violations.selectors.framework.counting_groups), by default the roll-ups' own."""
    in_period = incidents.filter(occurred_on__range=(period.start, period.end))
    counts = with_group_flags(in_period, groups).aggregate(**count_expressions())
    indicators = (
        IndicatorLink.objects.filter(incident__in=in_period)
        .values("indicator_id")
        .annotate(n=Count("incident_id"))
    )
    sanctions = (
        Sanction.objects.filter(party__incident__in=incidents, decided_on__range=(period.start, period.end))
        .values("form")
        .annotate(n=Count("party__incident_id", distinct=True))
    )
    return Figures(
        counts={c: v or 0 for c, v in counts.items()},
        by_indicator={r["indicator_id"]: r["n"] for r in indicators},
        sanctions_by_form={r["form"]: r["n"] for r in sanctions},
    )


def monthly_totals(unit_ids: Iterable[int], months: list[dt.date]) -> list[int]:
    rows = (
        UnitMonthStat.objects.filter(unit_id__in=list(unit_ids), tree=True, month__in=months)
        .values("month")
        .annotate(n=Sum("total"))
    )
    by_month = Counter({r["month"]: r["n"] for r in rows})
    return [by_month[m] for m in months]


def monthly_totals_live(incidents: QuerySet[Incident], months: list[dt.date]) -> list[int]:
    start, end = months[0], next_month(months[-1])
    rows = (
        incidents.filter(occurred_on__gte=start, occurred_on__lt=end)
        .annotate(m=TruncMonth("occurred_on"))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_month = Counter({(r["m"].date() if isinstance(r["m"], dt.datetime) else r["m"]): r["n"] for r in rows})
    return [by_month[m] for m in months]


def totals_by_unit(
    unit_ids: Iterable[int], period: Period, columns: tuple[str, ...], *, tree: bool = True
) -> dict[int, dict[str, int]]:
    """Per-unit subtree sums over whole months (the sub-units table and the peers); with tree=False, the
    incidents filed on each unit itself (the table's "directly on the unit" row)."""
    rows = (
        UnitMonthStat.objects.filter(unit_id__in=list(unit_ids), tree=tree, **_month_range(period))
        .values("unit_id")
        .annotate(**{c: Sum(c) for c in columns})
    )
    return {r["unit_id"]: {c: r[c] or 0 for c in columns} for r in rows}


def rollup_open_counts(unit_ids: Iterable[int], today: dt.date) -> dict[str, int]:
    """Open, due-soon and overdue cases from the per-deadline roll-up, in violations.selectors' terms."""
    window = (today, today + dt.timedelta(days=DUE_SOON_DAYS))
    sums = OpenCaseStat.objects.filter(unit_id__in=list(unit_ids), tree=True).aggregate(
        open=Sum("count"),
        due=Sum("count", filter=Q(next_deadline__range=window)),
        overdue=Sum("count", filter=Q(next_deadline__lt=today)),
    )
    return {key: value or 0 for key, value in sums.items()}
