"""The rows of the printable incident list: every matching incident up to a cap, in the list's order."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from violations.models import Incident, Indicator
from violations.selectors.incident_list import LIST_COLUMNS
from violations.selectors.incidents import with_deadline_state

# A printed list longer than this is read as a file: the page points to the CSV and Excel exports instead.
PRINT_CAP = 2000


@dataclass(frozen=True)
class PrintRows:
    incidents: list[Incident]
    more: bool  # more than PRINT_CAP incidents match; `incidents` holds the first PRINT_CAP of them


def print_rows(filtered: QuerySet[Incident], today: dt.date, cap: int) -> PrintRows:
    """The first `cap` incidents of the filtered queryset in its order (the list's sort, pk last).

    As for the list's count (selectors.incident_list), the matching ids are read first; when they are all
    there is, the rows are read among them rather than by walking the sort's index through the scope."""
    ids = list(filtered.order_by().values_list("pk", flat=True)[: cap + 1])
    if len(ids) <= cap:
        filtered = filtered.filter(pk__in=ids)
    rows = with_deadline_state(filtered.only(*LIST_COLUMNS), today).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("number").only("id", "code", "number"))
    )
    return PrintRows(list(rows[:cap]), more=len(ids) > cap)
