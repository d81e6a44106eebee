"""Reads behind the official and unit pages. Callers pass the incidents the viewer may see (from access)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from officials.models import Assignment, Official
from units.models import Unit, UnitSuccession
from violations import rules
from violations.models import Incident, IncidentParty, Sanction
from violations.selectors.incidents import with_deadline_state

RECENT_INCIDENTS = 50


@dataclass(frozen=True)
class SanctionEntry:
    sanction: Sanction
    label: str
    in_effect: bool | None  # None: a form the rules do not know (old data typed by hand)


def posts_of(official: Official) -> QuerySet[Assignment]:
    return official.assignments.select_related("unit").order_by("start_date", "pk")


def parties_of(official: Official, visible: QuerySet[Incident]) -> QuerySet[IncidentParty]:
    """The official's part in each incident the viewer may see, wherever the official served, newest first."""
    return (
        IncidentParty.objects.filter(official=official, incident__in=visible.values("pk"))
        .select_related("incident__unit")
        .order_by("-incident__occurred_on", "-incident_id")
    )


def sanctions_of(official: Official, visible: QuerySet[Incident], today: dt.date) -> list[SanctionEntry]:
    sanctions = (
        Sanction.objects.filter(party__official=official, party__incident__in=visible.values("pk"))
        .select_related("party__incident")
        .order_by("-decided_on", "-pk")
    )
    return [SanctionEntry(s, rules.sanction_label(s.form), _in_effect(s, today)) for s in sanctions]


def _in_effect(sanction: Sanction, today: dt.date) -> bool | None:
    try:
        return rules.sanction_in_effect(sanction.form, sanction.decided_on, today)
    except ValueError:
        return None


def heads_of(unit: Unit) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(unit=unit, is_head=True)
        .select_related("official")
        .order_by("start_date", "pk")
    )


def predecessors_of(unit: Unit) -> QuerySet[UnitSuccession]:
    return (
        UnitSuccession.objects.filter(successor=unit)
        .select_related("predecessor")
        .order_by("effective_on", "predecessor__sort_key")
    )


def successors_of(unit: Unit) -> QuerySet[UnitSuccession]:
    return (
        UnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("effective_on", "successor__sort_key")
    )


def subtree_incidents(unit: Unit, visible: QuerySet[Incident], today: dt.date) -> QuerySet[Incident]:
    """The incidents of the unit and everything under it, newest first."""
    incidents = visible.filter(unit__path__startswith=unit.path).select_related("unit")
    return with_deadline_state(incidents, today).order_by("-occurred_on", "-pk")
