"""Open and overdue cases of the scope on the day the report is made (the stored deadlines say "overdue"
exactly as the incident list does: violations.selectors.incidents)."""

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, Least

from reports.content.scope import ReportScope
from violations.models import Incident
from violations.selectors.incidents import DUE_SOON_DAYS, open_case_counts, overdue

OVERDUE_LISTED = 10


def _in_scope(scope: ReportScope) -> QuerySet[Incident]:
    return Incident.objects.filter(scope.q("unit"))


def cases(scope: ReportScope, today: dt.date) -> dict[str, Any]:
    incidents = _in_scope(scope)
    counts = open_case_counts(incidents, today)
    return {
        "as_of": today.isoformat(),
        "open": counts["open"],
        "due_soon": counts["due"],
        "due_soon_days": DUE_SOON_DAYS,
        "overdue": counts["overdue"],
        "overdue_rows": _oldest_overdue(overdue(incidents, today), today),
    }


def _oldest_overdue(late: QuerySet[Incident], today: dt.date) -> list[dict[str, Any]]:
    """The longest-overdue cases first; the report lists a few, the archive links to the full list."""
    # Least() ignores NULLs on PostgreSQL but not on SQLite, so both deadlines fall back to the other one.
    handling, limitation = F("handling_deadline"), F("limitation_deadline")
    first_due = Least(Coalesce(handling, limitation), Coalesce(limitation, handling))
    rows = (
        late.annotate(first_due=first_due)
        .select_related("unit")
        .order_by(F("first_due").asc(nulls_last=True), "pk")[:OVERDUE_LISTED]
    )
    result = []
    for incident in rows:
        deadlines = [d for d in (incident.handling_deadline, incident.limitation_deadline) if d and d < today]
        due = min(deadlines) if deadlines else today
        result.append(
            {
                "id": incident.pk,
                "title": incident.title,
                "unit": incident.unit.name,
                "status": str(incident.get_status_display()),
                "due": due.isoformat(),
                "days_late": (today - due).days,
            }
        )
    return result
