"""Reads over incidents: the one definition of "open", "due soon" and "overdue".

The incident list, its exports and the dashboards all use these, so a number on a dashboard and the rows
behind it in the list can never disagree. Deadlines are the stored ones (violations.rules via the services):
handling_deadline (thời hạn xử lý) and limitation_deadline (thời hiệu).
"""

import datetime as dt

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

from units.models import Unit
from units.text import search_words
from violations.access import Action, User, covers_whole_city, scoped_units
from violations.ids import parse_id
from violations.models import Incident
from violations.models.incident import OPEN_STATUSES

DUE_SOON_DAYS = 30


class DeadlineState:
    OVERDUE = "overdue"
    DUE_SOON = "due30"


def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def due_within_q(days: int, today: dt.date) -> Q:
    """Open, not overdue, and the nearest deadline (handling or limitation) within `days` from today."""
    return open_q() & Q(next_deadline__range=(today, today + dt.timedelta(days=days)))


def overdue_q(today: dt.date) -> Q:
    """Open, with a handling or limitation deadline already past."""
    return open_q() & Q(next_deadline__lt=today)


def open_case_counts(qs: QuerySet[Incident], today: dt.date) -> dict[str, int]:
    """Open, due-soon and overdue counts in one pass over the open cases (a dashboard's three figures)."""
    # Counting unit_id (never null) rather than id lets PostgreSQL answer from the open-cases index alone.
    return qs.filter(open_q()).aggregate(
        open=Count("unit"),
        due=Count("unit", filter=due_within_q(DUE_SOON_DAYS, today)),
        overdue=Count("unit", filter=overdue_q(today)),
    )


def due_within(qs: QuerySet[Incident], days: int, today: dt.date) -> QuerySet[Incident]:
    return qs.filter(due_within_q(days, today))


def overdue(qs: QuerySet[Incident], today: dt.date) -> QuerySet[Incident]:
    return qs.filter(overdue_q(today))


def with_deadline_state(qs: QuerySet[Incident], today: dt.date) -> QuerySet[Incident]:
    """Annotate `deadline_state`: "overdue", "due30" or "" (the two states never overlap)."""
    state = Case(
        When(overdue_q(today), then=Value(DeadlineState.OVERDUE)),
        When(due_within_q(DUE_SOON_DAYS, today), then=Value(DeadlineState.DUE_SOON)),
        default=Value(""),
        output_field=CharField(),
    )
    return qs.annotate(deadline_state=state)


def search_incidents(qs: QuerySet[Incident], text: str, *, use_index: bool = True) -> QuerySet[Incident]:
    """Every word must appear, accents and case ignored, in the incident's search document: its title,
    description, unit's name and answerable officials' names (violations.services.search); "#123" (or
    "123") also finds incident 123. Only the first few distinct words count (units.text.MAX_SEARCH_WORDS).

    Each word is one `LIKE '%word%'` over one column, which the trigram index serves on PostgreSQL. Over a
    narrow scope (a district: ~50,000 rows at a million) the index is the wrong tool: a common word's
    trigrams list most of the city, and PostgreSQL, misjudging how many, intersects them with the scope unit
    by unit (1.5 s for "can bo" in a former district). With use_index=False the words are tested on an
    expression the index does not cover, so the scope's own index finds the rows and each is checked (~40 ms).
    """
    document = "search_document"
    if not use_index:
        document = "unindexed_document"
        qs = qs.alias(unindexed_document=Concat(F("search_document"), Value(""), output_field=TextField()))
    for word in search_words(text):
        qs = qs.filter(_word_q(document, word))
    return qs


def _word_q(document: str, word: str) -> Q:
    q = Q(**{f"{document}__contains": word})
    pk = parse_id(word.lstrip("#"))
    if pk is not None:
        q |= Q(pk=pk)
    return q


def within_scope_dates(qs: QuerySet[Incident], user: User) -> QuerySet[Incident]:
    """The same rows, bounded by the first and last dates found in the user's units.

    A tautology that matters to PostgreSQL: it reads the newest incidents of a district that was dissolved in
    2025 by walking the date index back from today, through every newer incident of the city (450,000 rows,
    0.3–0.7 s at 1M), because it cannot know that the district's incidents all predate its dissolution. With
    the bounds it starts at the district's last date (3 ms). Whole-city scopes need no hint.
    """
    if covers_whole_city(user, Action.VIEW_INCIDENTS):
        return qs
    dates = scope_dates(scoped_units(user, Action.VIEW_INCIDENTS))
    if dates is None:
        return qs.none()
    return qs.filter(occurred_on__range=dates)


def scope_dates(units: QuerySet[Unit]) -> tuple[dt.date, dt.date] | None:
    """The first and last occurred_on among the incidents of these units: two index probes per unit."""
    by_unit = Incident.objects.filter(unit_id=OuterRef("pk")).values("occurred_on")
    found = units.annotate(
        first_on=Subquery(by_unit.order_by("occurred_on")[:1]),
        last_on=Subquery(by_unit.order_by("-occurred_on")[:1]),
    ).aggregate(first=Min("first_on"), last=Max("last_on"))
    return (found["first"], found["last"]) if found["last"] is not None else None
