"""The rows of the incident list: the columns it shows, a page at a time, and a count that stops early."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from violations.models import Incident, Indicator
from violations.paging import KeysetPage, KeysetPaginator, count_up_to
from violations.selectors.incidents import with_deadline_state

PAGE_SIZE = 50
# Counted exactly up to here, then "more than": a filter matching most of a million rows is not counted whole.
COUNT_CAP = 1000
# What the list's template reads (the deadline badge reads the two deadlines); not the description.
LIST_COLUMNS = (
    "id",
    "title",
    "unit_id",
    "unit__name",
    "occurred_on",
    "severity",
    "status",
    "handling_deadline",
    "limitation_deadline",
)


def list_page(filtered: QuerySet[Incident], cursor: str | None, today: dt.date) -> KeysetPage:
    """The page a cursor names, in the filtered queryset's order (IncidentOrdering's, pk last)."""
    rows = with_deadline_state(filtered.only(*LIST_COLUMNS), today).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("number").only("id", "code", "number"))
    )
    return KeysetPaginator(rows, PAGE_SIZE).page(cursor)


def list_count(filtered: QuerySet[Any]) -> int:
    """The number of matching incidents up to COUNT_CAP + 1; more than COUNT_CAP reads as 'more than'."""
    return count_up_to(filtered, COUNT_CAP)
