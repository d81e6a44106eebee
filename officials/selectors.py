"""Reads over officials and their posts."""

import datetime as dt

from django.db.models import Q, QuerySet

from officials.models import Assignment, Official
from units.models import Unit
from units.text import search_words


def assignments_on(day: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


def unit_head_on(unit: Unit, day: dt.date) -> Official | None:
    assignment = (
        assignments_on(day)
        .filter(unit=unit, is_head=True)
        .select_related("official")
        .order_by("-start_date")
        .first()
    )
    return assignment.official if assignment else None


def search_officials(qs: QuerySet[Official], text: str) -> QuerySet[Official]:
    for word in search_words(text):
        qs = qs.filter(Q(name_folded__contains=word) | Q(staff_code__iexact=word))
    return qs


def unit_heads_on(days_by_unit: dict[Unit, dt.date]) -> dict[int, Official]:
    """The head of each unit on its own date, in one query per distinct date (a sub-units table)."""
    heads: dict[int, Official] = {}
    by_day: dict[dt.date, list[Unit]] = {}
    for unit, day in days_by_unit.items():
        by_day.setdefault(day, []).append(unit)
    for day, units in by_day.items():
        posts = (
            assignments_on(day)
            .filter(unit__in=units, is_head=True)
            .select_related("official")
            .order_by("unit_id", "-start_date")
        )
        for post in posts:
            heads.setdefault(post.unit_id, post.official)
    return heads
