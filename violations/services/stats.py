"""Keeping the monthly roll-ups (violations.models.stats) equal to what the incidents say.

`stats_refresh(unit, month)` recounts one unit's own row from the incidents, then re-sums the tree rows of
that unit and its ancestors from the own rows beneath them. It locks the rows it rewrites, so two writers in
the same unit and month serialise instead of losing a count. `stats_rebuild()` recomputes everything.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from units.models import Unit
from violations.models import Incident, Sanction, UnitMonthIndicatorStat, UnitMonthSanctionStat, UnitMonthStat
from violations.models.stats import (
    CONCLUSION_COLUMNS,
    COUNT_COLUMNS,
    GROUP_COLUMNS,
    SEVERITY_COLUMNS,
    SOURCE_COLUMNS,
)

IndicatorLink = Incident.indicators.through


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _in_group(number: int) -> Exists:
    return Exists(IndicatorLink.objects.filter(incident_id=OuterRef("pk"), indicator__group__number=number))


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


def with_group_flags(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    return qs.annotate(**{f"in_group_{n}": _in_group(n) for n in GROUP_COLUMNS})


# --- one unit and month, on every write ---------------------------------------------------------------


def _own_incidents(unit_id: int, month: dt.date) -> QuerySet[Incident]:
    return Incident.objects.filter(unit_id=unit_id, occurred_on__gte=month, occurred_on__lt=next_month(month))


def _chain(unit: Unit) -> list[int]:
    """The unit and its ancestors, root first (the order every writer locks in)."""
    return [int(part) for part in unit.path.strip("/").split("/")]


def _subtree_ids(unit_id: int) -> QuerySet[Unit, int]:
    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).get()
    return Unit.objects.filter(path__startswith=path).values_list("pk", flat=True)


@transaction.atomic
def stats_refresh(unit: Unit, day: dt.date) -> None:
    month = month_start(day)
    chain = _chain(unit)
    _lock(chain, month)
    counts = with_group_flags(_own_incidents(unit.pk, month)).aggregate(**count_expressions())
    UnitMonthStat.objects.update_or_create(unit_id=unit.pk, tree=False, month=month, defaults=counts)
    _refresh_own_indicators(unit.pk, month)
    _refresh_own_sanctions(unit.pk, month)
    for ancestor_id in reversed(chain):
        _resum_tree(ancestor_id, month)


def _lock(chain: list[int], month: dt.date) -> None:
    for unit_id in chain:
        for tree in (True, False) if unit_id == chain[-1] else (True,):
            UnitMonthStat.objects.get_or_create(unit_id=unit_id, tree=tree, month=month)
    list(
        UnitMonthStat.objects.select_for_update()
        .filter(unit_id__in=chain, month=month)
        .order_by("unit_id", "tree")
    )


def _refresh_own_indicators(unit_id: int, month: dt.date) -> None:
    rows = (
        IndicatorLink.objects.filter(incident__in=_own_incidents(unit_id, month))
        .values("indicator_id")
        .annotate(n=Count("incident_id"))
    )
    UnitMonthIndicatorStat.objects.filter(unit_id=unit_id, tree=False, month=month).delete()
    UnitMonthIndicatorStat.objects.bulk_create(
        [
            UnitMonthIndicatorStat(
                unit_id=unit_id, tree=False, month=month, indicator_id=r["indicator_id"], count=r["n"]
            )
            for r in rows
        ]
    )


def _sanctions_in(month: dt.date) -> QuerySet[Sanction]:
    return Sanction.objects.filter(decided_on__gte=month, decided_on__lt=next_month(month))


def _refresh_own_sanctions(unit_id: int, month: dt.date) -> None:
    rows = (
        _sanctions_in(month)
        .filter(party__incident__unit_id=unit_id)
        .values("form")
        .annotate(n=Count("party__incident_id", distinct=True))
    )
    UnitMonthSanctionStat.objects.filter(unit_id=unit_id, tree=False, month=month).delete()
    UnitMonthSanctionStat.objects.bulk_create(
        [
            UnitMonthSanctionStat(unit_id=unit_id, tree=False, month=month, form=r["form"], count=r["n"])
            for r in rows
        ]
    )


def _resum_tree(unit_id: int, month: dt.date) -> None:
    subtree = _subtree_ids(unit_id)
    own = UnitMonthStat.objects.filter(unit_id__in=subtree, tree=False, month=month)
    sums = {col: value or 0 for col, value in own.aggregate(**{c: Sum(c) for c in COUNT_COLUMNS}).items()}
    UnitMonthStat.objects.update_or_create(unit_id=unit_id, tree=True, month=month, defaults=sums)
    for model, key in ((UnitMonthIndicatorStat, "indicator_id"), (UnitMonthSanctionStat, "form")):
        rows = (
            model.objects.filter(unit_id__in=subtree, tree=False, month=month)
            .values(key)
            .annotate(n=Sum("count"))
        )
        model.objects.filter(unit_id=unit_id, tree=True, month=month).delete()
        trees: list[Any] = [
            model(unit_id=unit_id, tree=True, month=month, count=r["n"], **{key: r[key]}) for r in rows
        ]
        model.objects.bulk_create(trees)


def stats_refresh_for(incident: Incident, *days: dt.date) -> None:
    """After a write: the months the incident was, is, and (for sanctions) was decided in."""
    for month in sorted({month_start(d) for d in (incident.occurred_on, *days)}):
        stats_refresh(incident.unit, month)


# --- everything, after a bulk load or to repair drift -----------------------------------------------------


@transaction.atomic
def stats_rebuild() -> dict[str, int]:
    """Recompute every roll-up row from the incidents. Idempotent; returns row counts."""
    for model in (UnitMonthStat, UnitMonthIndicatorStat, UnitMonthSanctionStat):
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
    return {
        m.__name__: m.objects.count() for m in (UnitMonthStat, UnitMonthIndicatorStat, UnitMonthSanctionStat)
    }


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
