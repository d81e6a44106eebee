"""Keeping the monthly roll-ups (violations.models.stats) equal to what the incidents say.

`stats_refresh(unit, month)` recounts one unit's own row from the incidents and moves the subtree rows of
the unit and its ancestors by the difference, under row locks. `stats_rebuild()` recomputes everything
from scratch (after bulk loads; the tests check the two always agree).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from units.models import Unit
from units.months import month_start, next_month
from violations.models import (
    Incident,
    OpenCaseStat,
    Sanction,
    UnitMonthIndicatorStat,
    UnitMonthSanctionStat,
    UnitMonthStat,
)
from violations.models.incident import OPEN_STATUSES
from violations.models.stats import (
    CONCLUSION_COLUMNS,
    COUNT_COLUMNS,
    GROUP_COLUMNS,
    SEVERITY_COLUMNS,
    SOURCE_COLUMNS,
)
from violations.selectors.framework import counting_groups

IndicatorLink = Incident.indicators.through
# Group number → ids of the indicators (of any framework version) counting in that group: see
# violations.selectors.framework.counting_groups. The group columns count in the counting framework's groups,
# so an incident tagged with an old version's indicator counts in the group its mapping leads to.
GroupMembers = dict[int, frozenset[int]]


def _in_group(indicator_ids: frozenset[int]) -> Exists:
    return Exists(
        IndicatorLink.objects.filter(incident_id=OuterRef("pk"), indicator_id__in=sorted(indicator_ids))
    )


def count_expressions() -> dict[str, Count]:
    """One COUNT per roll-up column, each the same condition the incident list filters on."""
    exprs: dict[str, Count] = {"total": Count("pk")}
    exprs |= {col: Count("pk", filter=Q(severity=key)) for key, col in SEVERITY_COLUMNS.items()}
    exprs |= {col: Count("pk", filter=Q(source=key)) for key, col in SOURCE_COLUMNS.items()}
    exprs |= {col: Count("pk", filter=Q(**{f"in_group_{n}": True})) for n, col in GROUP_COLUMNS.items()}
    exprs |= {
        col: Count("pk", filter=Q(is_substantiated=(key == "yes"))) for key, col in CONCLUSION_COLUMNS.items()
    }
    return exprs


def with_group_flags(qs: QuerySet[Incident], groups: GroupMembers | None = None) -> QuerySet[Incident]:
    """`in_group_N` for each roll-up group column, in the groups given (default: the counting framework's)."""
    groups = counting_groups() if groups is None else groups
    return qs.annotate(**{f"in_group_{n}": _in_group(groups.get(n, frozenset())) for n in GROUP_COLUMNS})


# --- one unit and month, on every write ---------------------------------------------------------------


def _own_incidents(unit_id: int, month: dt.date) -> QuerySet[Incident]:
    return Incident.objects.filter(unit_id=unit_id, occurred_on__gte=month, occurred_on__lt=next_month(month))


def _chain(unit: Unit) -> list[int]:
    """The unit and its ancestors, root first (the order every writer locks in)."""
    return unit.chain


@transaction.atomic
def stats_refresh(unit: Unit, day: dt.date, groups: GroupMembers | None = None) -> None:
    """Recount the unit's own row for the month, then move every ancestor's subtree row by the difference.

    The rows of the whole chain are locked first (root first, the same order for every writer), so the
    difference is computed and applied by one writer at a time: no count is lost, none is applied twice.
    """
    month = month_start(day)
    chain = _chain(unit)
    own = _lock(chain, month)
    counts = with_group_flags(_own_incidents(unit.pk, month), groups).aggregate(**count_expressions())
    delta = {
        col: counts[col] - getattr(own, col) for col in COUNT_COLUMNS if counts[col] != getattr(own, col)
    }
    if delta:
        UnitMonthStat.objects.filter(pk=own.pk).update(**counts)
        UnitMonthStat.objects.filter(unit_id__in=chain, tree=True, month=month).update(
            **{col: F(col) + change for col, change in delta.items()}
        )
    _apply_keyed(UnitMonthIndicatorStat, "indicator_id", _own_indicator_counts(unit.pk, month), chain, month)
    _apply_keyed(UnitMonthSanctionStat, "form", _own_sanction_counts(unit.pk, month), chain, month)


def _lock(chain: list[int], month: dt.date) -> UnitMonthStat:
    """Lock the chain's month rows (creating the missing ones first); return the unit's own row."""
    wanted = [(unit_id, True) for unit_id in chain] + [(chain[-1], False)]
    rows = _locked_month_rows(chain, month)
    if len(rows) < len(wanted):
        have = {(row.unit_id, row.tree) for row in rows}
        UnitMonthStat.objects.bulk_create(
            [UnitMonthStat(unit_id=u, tree=t, month=month) for u, t in wanted if (u, t) not in have],
            ignore_conflicts=True,  # a concurrent writer may create the same row between the two queries
        )
        rows = _locked_month_rows(chain, month)
    return next(row for row in rows if row.unit_id == chain[-1] and not row.tree)


def _locked_month_rows(chain: list[int], month: dt.date) -> list[UnitMonthStat]:
    return list(
        UnitMonthStat.objects.select_for_update()
        .filter(unit_id__in=chain, month=month)
        .filter(Q(tree=True) | Q(unit_id=chain[-1]))
        .order_by("unit_id", "tree")
    )


def _own_indicator_counts(unit_id: int, month: dt.date) -> dict[Any, int]:
    rows = (
        IndicatorLink.objects.filter(incident__in=_own_incidents(unit_id, month))
        .values("indicator_id")
        .annotate(n=Count("incident_id"))
    )
    return {r["indicator_id"]: r["n"] for r in rows}


def _sanctions_in(month: dt.date) -> QuerySet[Sanction]:
    return Sanction.objects.filter(decided_on__gte=month, decided_on__lt=next_month(month))


def _own_sanction_counts(unit_id: int, month: dt.date) -> dict[Any, int]:
    rows = (
        _sanctions_in(month)
        .filter(party__incident__unit_id=unit_id)
        .values("form")
        .annotate(n=Count("party__incident_id", distinct=True))
    )
    return {r["form"]: r["n"] for r in rows}


def _apply_keyed(
    model: Any, key: str, counts: dict[Any, int], chain: list[int], month: dt.date | None = None
) -> None:
    """Recount-and-difference for keyed rows (per indicator, form or deadline), under the chain's lock.

    The lock serialises every writer to these rows, so plain updates and inserts suffice (no savepoints):
    one query for the unit's own row and one or two for the whole chain, per value that changed."""
    where: dict[str, Any] = {} if month is None else {"month": month}
    own_rows = {
        getattr(row, key): row for row in model.objects.filter(unit_id=chain[-1], tree=False, **where)
    }
    for value in set(own_rows) | set(counts):
        before = own_rows[value].count if value in own_rows else 0
        change = counts.get(value, 0) - before
        if not change:
            continue
        if value in own_rows:
            model.objects.filter(pk=own_rows[value].pk).update(count=counts.get(value, 0))
        else:
            model.objects.create(unit_id=chain[-1], tree=False, count=change, **where, **{key: value})
        _move_chain(model, chain, {**where, key: value}, change)


def _move_chain(model: Any, chain: list[int], keys: dict[str, Any], change: int) -> None:
    """Add `change` to the subtree rows of every unit in the chain, creating the ones that do not exist."""
    rows = model.objects.filter(unit_id__in=chain, tree=True, **keys)
    if rows.update(count=F("count") + change) == len(chain):
        return
    present = set(rows.values_list("unit_id", flat=True))
    model.objects.bulk_create(
        [
            model(unit_id=unit_id, tree=True, count=change, **keys)
            for unit_id in chain
            if unit_id not in present
        ]
    )


def _own_open_counts(unit_id: int) -> dict[Any, int]:
    rows = (
        Incident.objects.filter(unit_id=unit_id, status__in=OPEN_STATUSES)
        .values("next_deadline")
        .annotate(n=Count("unit"))
        .order_by()
    )
    return {r["next_deadline"]: r["n"] for r in rows}


@transaction.atomic
def open_cases_refresh(unit: Unit) -> None:
    """Recount the unit's open cases by nearest deadline; move its ancestors' rows by the difference.

    The chain's unit rows are the lock: taken last by every writer, after any month rows, so no cycle."""
    chain = _chain(unit)
    list(Unit.objects.select_for_update().filter(pk__in=chain).order_by("pk").values_list("pk", flat=True))
    _apply_keyed(OpenCaseStat, "next_deadline", _own_open_counts(unit.pk), chain)


def stats_refresh_for(incident: Incident, *days: dt.date) -> None:
    """After a write: the months the incident was, is, and (for sanctions) was decided in; its open cases."""
    groups = counting_groups()
    for month in sorted({month_start(d) for d in (incident.occurred_on, *days)}):
        stats_refresh(incident.unit, month, groups)
    open_cases_refresh(incident.unit)


# --- everything, after a bulk load or to repair drift -----------------------------------------------------


@transaction.atomic
def stats_rebuild() -> dict[str, int]:
    """Recompute every roll-up row from the incidents. Idempotent; returns row counts."""
    models = (UnitMonthStat, UnitMonthIndicatorStat, UnitMonthSanctionStat, OpenCaseStat)
    for model in models:
        model.objects.all().delete()
    chains = {u.pk: _chain(u) for u in Unit.objects.only("pk", "path")}
    own_rows = list(
        with_group_flags(Incident.objects.all())
        .values("unit_id", m=TruncMonth("occurred_on"))
        .annotate(**count_expressions())
        .order_by()
    )
    UnitMonthStat.objects.bulk_create(_stat_rows(own_rows, chains), batch_size=2000)
    indicator_rows = (
        IndicatorLink.objects.values(
            "incident__unit_id", "indicator_id", m=TruncMonth("incident__occurred_on")
        )
        .annotate(n=Count("incident_id"))
        .order_by()
    )
    UnitMonthIndicatorStat.objects.bulk_create(
        _keyed_rows(UnitMonthIndicatorStat, indicator_rows, chains, "incident__unit_id", "indicator_id"),
        batch_size=5000,
    )
    sanction_rows = (
        Sanction.objects.values("party__incident__unit_id", "form", m=TruncMonth("decided_on"))
        .annotate(n=Count("party__incident_id", distinct=True))
        .order_by()
    )
    UnitMonthSanctionStat.objects.bulk_create(
        _keyed_rows(UnitMonthSanctionStat, sanction_rows, chains, "party__incident__unit_id", "form"),
        batch_size=5000,
    )
    OpenCaseStat.objects.bulk_create(_open_rows(chains), batch_size=5000)
    return {m.__name__: m.objects.count() for m in models}


def _open_rows(chains: dict[int, list[int]]) -> list[OpenCaseStat]:
    rows = (
        Incident.objects.filter(status__in=OPEN_STATUSES)
        .values("unit_id", "next_deadline")
        .annotate(n=Count("unit"))
        .order_by()
    )
    trees: dict[tuple[int, dt.date | None], int] = defaultdict(int)
    result = []
    for row in rows:
        unit_id, day, n = row["unit_id"], row["next_deadline"], row["n"]
        result.append(OpenCaseStat(unit_id=unit_id, tree=False, next_deadline=day, count=n))
        for ancestor in chains[unit_id]:
            trees[(ancestor, day)] += n
    return result + [
        OpenCaseStat(unit_id=u, tree=True, next_deadline=d, count=n) for (u, d), n in trees.items()
    ]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _stat_rows(own_rows: Iterable[dict], chains: dict[int, list[int]]) -> list[UnitMonthStat]:
    trees: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNT_COLUMNS, 0))
    result = []
    for row in own_rows:
        month = _as_date(row["m"])
        counts = {c: row[c] for c in COUNT_COLUMNS}
        result.append(UnitMonthStat(unit_id=row["unit_id"], tree=False, month=month, **counts))
        for ancestor in chains[row["unit_id"]]:
            bucket = trees[(ancestor, month)]
            for col, value in counts.items():
                bucket[col] += value
    result += [UnitMonthStat(unit_id=u, tree=True, month=m, **c) for (u, m), c in trees.items()]
    return result


def _keyed_rows(model, rows: Iterable[dict], chains: dict[int, list[int]], unit_field: str, key: str) -> list:
    trees: dict[tuple[int, dt.date, object], int] = defaultdict(int)
    result = []
    for row in rows:
        unit_id, month, value = row[unit_field], _as_date(row["m"]), row[key]
        result.append(model(unit_id=unit_id, tree=False, month=month, count=row["n"], **{key: value}))
        for ancestor in chains[unit_id]:
            trees[(ancestor, month, value)] += row["n"]
    result += [model(unit_id=u, tree=True, month=m, count=n, **{key: v}) for (u, m, v), n in trees.items()]
    return result
