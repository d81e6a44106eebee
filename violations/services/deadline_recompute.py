"""Recomputing the stored deadlines of many incidents at once: after a bulk load (demo data, imports) and
when a corrected rule changes them (migration 0014), recording each date that moved.

It works on the model classes it is given, so the migration can pass its historical models; it reads only
fields that exist since that migration.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from violations import rules

BATCH = 5000
ANSWERABLE = ("individual", "head")
STORED = ("limitation_deadline", "limitation_from", "handling_deadline", "next_deadline")

Moved = Callable[[Any, str, dt.date | None, dt.date | None], None]


def recompute_all(
    incident_model: Any, party_model: Any, suspension_model: Any, on_move: Moved | None = None
) -> int:
    """Recompute every incident's stored deadlines; store those that moved; returns how many incidents did.
    `on_move(incident, field, old, new)` hears of each moved date."""
    later = _concluded_violations(party_model)
    pauses = _pauses(suspension_model)
    moved_incidents = 0
    last_pk = 0
    while True:
        batch = list(incident_model.objects.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
        if not batch:
            return moved_incidents
        last_pk = batch[-1].pk
        parties = _parties_by_incident(party_model, [i.pk for i in batch])
        changed = []
        for incident in batch:
            before = {name: getattr(incident, name) for name in STORED}
            _recompute(incident, parties.get(incident.pk, []), later, pauses.get(incident.pk, []))
            moved = [name for name in STORED if getattr(incident, name) != before[name]]
            if moved:
                changed.append(incident)
                for name in moved:
                    if on_move is not None:
                        on_move(incident, name, before[name], getattr(incident, name))
        incident_model.objects.bulk_update(changed, STORED, batch_size=1000)
        moved_incidents += len(changed)


def _concluded_violations(party_model: Any) -> dict[int, list[tuple[dt.date, int]]]:
    """Per official, (day, incident) of each concluded violation of theirs: what restarts a limitation."""
    days: dict[int, list[tuple[dt.date, int]]] = {}
    rows = party_model.objects.filter(
        role__in=ANSWERABLE, incident__is_substantiated=True, official__isnull=False
    ).values_list("official_id", "incident_id", "incident__occurred_on")
    for official_id, incident_id, day in rows.iterator(chunk_size=20000):
        days.setdefault(official_id, []).append((day, incident_id))
    return days


def _parties_by_incident(party_model: Any, ids: list[int]) -> dict[int, list[tuple]]:
    by_incident: dict[int, list[tuple]] = {}
    rows = party_model.objects.filter(incident_id__in=ids).values_list(
        "incident_id", "official_id", "role", "official__category", "official__is_party_member"
    )
    for incident_id, official_id, role, category, member in rows:
        by_incident.setdefault(incident_id, []).append((official_id, role, category, bool(member)))
    return by_incident


def _pauses(suspension_model: Any) -> dict[int, list[rules.Pause]]:
    by_incident: dict[int, list[rules.Pause]] = {}
    for incident_id, starts_on, ends_on in suspension_model.objects.values_list(
        "incident_id", "starts_on", "ends_on"
    ):
        by_incident.setdefault(incident_id, []).append(rules.Pause(starts_on, ends_on))
    return by_incident


def _recompute(
    incident: Any,
    parties: list[tuple],
    later: dict[int, list[tuple[dt.date, int]]],
    pauses: list[rules.Pause],
) -> None:
    """As violations.services.deadlines.refresh_deadlines, from rows already read."""
    subjects = []
    for official_id, role, category, member in parties:
        restarting: tuple[dt.date, ...] = ()
        if official_id is not None and role in ANSWERABLE:
            restarting = tuple(
                day
                for day, other in later.get(official_id, [])
                if day > incident.occurred_on and other != incident.pk
            )
        subjects.append(rules.Subject(category if official_id is not None else None, member, restarting))
    incident.limitation_deadline, incident.limitation_from = rules.case_limitation(
        subjects, incident.occurred_on, incident.warranted_form, incident.no_limitation_ground
    )
    incident.handling_deadline = rules.handling_deadline(
        incident.detected_on, incident.handling_extended_to, pauses
    )
    # Incident.fill_next_deadline's rule, written out: the migration's historical models have no methods.
    deadlines = [d for d in (incident.handling_deadline, incident.limitation_deadline) if d is not None]
    incident.next_deadline = min(deadlines) if deadlines else None
