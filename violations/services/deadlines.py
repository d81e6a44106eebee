"""Storing each incident's deadlines from the rules: on every write, and for the earlier incidents of the same
people when a new violation restarts their limitation."""

from collections.abc import Iterable, Sequence

from officials.models import Official
from violations import rules
from violations.models import Incident
from violations.selectors.deadlines import ANSWERABLE_ROLES, incident_pauses, subjects_of
from violations.services.stats import open_cases_refresh

DERIVED_FIELDS = ("limitation_deadline", "limitation_from", "handling_deadline", "next_deadline")


def refresh_deadlines(
    incident: Incident, parties: Sequence[tuple[Official | None, str]] | None = None
) -> None:
    """Recompute the stored deadlines (not saved). `parties` (official, role) stand for the stored parties
    while a form is being saved."""
    incident.limitation_deadline, incident.limitation_from = rules.case_limitation(
        subjects_of(incident, parties),
        incident.occurred_on,
        incident.warranted_form,
        incident.no_limitation_ground,
    )
    incident.handling_deadline = rules.handling_deadline(
        incident.detected_on, incident.handling_extended_to, incident_pauses(incident)
    )
    incident.fill_next_deadline()


def deadlines_store(incidents: Iterable[Incident]) -> int:
    """Recompute and store the deadlines of saved incidents; returns how many moved. Queryset updates: the
    fields are derived, so no history row and no version bump."""
    moved = 0
    units = {}
    for incident in incidents:
        before = tuple(getattr(incident, name) for name in DERIVED_FIELDS)
        refresh_deadlines(incident)
        after = tuple(getattr(incident, name) for name in DERIVED_FIELDS)
        if before != after:
            Incident.objects.filter(pk=incident.pk).update(**dict(zip(DERIVED_FIELDS, after, strict=True)))
            units[incident.unit_id] = incident.unit
            moved += 1
    for unit in units.values():
        open_cases_refresh(unit)
    return moved


def limitation_restarts_refresh(official_ids: Iterable[int | None], changed: Incident) -> int:
    """A concluded violation restarts the limitation of the same people's earlier acts (and a violation that
    is no longer one stops doing so): recompute their other incidents."""
    ids = {pk for pk in official_ids if pk is not None}
    if not ids:
        return 0
    others = (
        Incident.objects.filter(parties__official_id__in=ids, parties__role__in=ANSWERABLE_ROLES)
        .exclude(pk=changed.pk)
        .select_related("unit")
        .distinct()
    )
    return deadlines_store(others)
