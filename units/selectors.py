"""Reads over the unit tree. Every function returns a queryset or plain values, never mutates."""

import datetime as dt

from units.models import Unit, UnitQuerySet
from units.text import search_words


def units_under(root: Unit, *, on: dt.date | None = None, include_root: bool = True) -> UnitQuerySet:
    """The subtree under root, optionally restricted to the units that existed on a date."""
    qs = Unit.objects.in_subtree(root)
    if not include_root:
        qs = qs.exclude(pk=root.pk)
    if on is not None:
        qs = qs.valid_on(on)
    return qs


def ancestors(unit: Unit) -> list[Unit]:
    """From the root down to the unit's parent, read from the materialised path in one query."""
    ids = unit.chain[:-1]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def current_successors(unit: Unit, *, on: dt.date | None = None) -> list[Unit]:
    """The unit(s) that carry this one's territory on a date (today by default), following chains."""
    day = on or dt.date.today()
    if unit.is_valid_on(day):
        return [unit]
    found: dict[int, Unit] = {}
    frontier = [unit]
    seen = {unit.pk}
    while frontier:
        nxt = []
        for current in frontier:
            for successor in current.successors.all():
                if successor.pk in seen:
                    continue
                seen.add(successor.pk)
                if successor.is_valid_on(day):
                    found[successor.pk] = successor
                else:
                    nxt.append(successor)
        frontier = nxt
    return sorted(found.values(), key=lambda u: u.sort_key)


def territory_successors(unit: Unit, *, on: dt.date | None = None) -> list[Unit]:
    """The units existing on a date that carry part of the territory of a unit or of the units under it.

    Hanoi's districts were dissolved on 1/7/2025 without links of their own: their territory passed on through
    their communes, so a district's successors are those of its communes (chains followed as above).
    """
    day = on or dt.date.today()
    if unit.is_valid_on(day):
        return [unit]
    direct = Unit.objects.filter(predecessors__path__startswith=unit.path).distinct()
    found: dict[int, Unit] = {}
    for successor in direct:
        for current in current_successors(successor, on=day):
            found[current.pk] = current
    return sorted(found.values(), key=lambda u: u.sort_key)


LONGEST_NAME_WORD = 64  # no unit's name has a longer word; SQLite refuses LIKE patterns past 50,000 bytes


def search_units(qs: UnitQuerySet, text: str) -> UnitQuerySet:
    words = search_words(text)
    if any(len(word) > LONGEST_NAME_WORD for word in words):
        return qs.none()
    for word in words:
        qs = qs.filter(name_folded__contains=word)
    return qs


def primary_predecessors(unit: Unit) -> UnitQuerySet:
    """Units whose territory mainly passed to this one (the merged wards behind a 2025 commune)."""
    return Unit.objects.filter(
        succession_out__successor=unit, succession_out__is_primary=True
    ).vietnamese_order()
