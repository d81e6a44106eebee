"""Id-free fingerprints of seeded data: two runs agree when they wrote the same rows, whatever their ids."""

from django.db.models import Prefetch

from officials.models import Assignment, Official
from violations.models import Incident, IncidentParty


def fingerprint() -> dict[str, list[tuple]]:
    return {"officials": official_rows(), "assignments": assignment_rows(), "incidents": incident_rows()}


def official_rows() -> list[tuple]:
    return list(
        Official.objects.order_by("staff_code").values_list(
            "staff_code", "full_name", "category", "is_party_member", "birth_year", "national_id"
        )
    )


def assignment_rows() -> list[tuple]:
    rows = Assignment.objects.values_list(
        "official__staff_code", "unit__key", "post_title", "is_head", "is_deputy", "start_date", "end_date"
    )
    return sorted(rows, key=repr)


def incident_rows() -> list[tuple]:
    incidents = (
        Incident.objects.order_by("id")
        .select_related("unit")
        .prefetch_related(
            "indicators",
            "transitions",
            Prefetch(
                "parties",
                queryset=IncidentParty.objects.order_by("id")
                .select_related("official")
                .prefetch_related("sanctions"),
            ),
        )
    )
    return [
        (
            i.occurred_on,
            i.detected_on,
            i.unit.key,
            i.severity,
            i.source,
            i.status,
            i.is_substantiated,
            i.handling_started_on,
            i.handling_extended_to,
            i.title,
            i.description,
            tuple(sorted(x.code for x in i.indicators.all())),
            tuple(_party(p) for p in i.parties.all()),
            tuple((t.from_status, t.to_status, t.happened_at, t.note) for t in i.transitions.all()),
        )
        for i in incidents
    ]


def _party(party: IncidentParty) -> tuple:
    who = party.official.staff_code if party.official else party.collective_name
    sanctions = sorted((s.track, s.form, s.decision_number, s.decided_on) for s in party.sanctions.all())
    return (who, party.role, tuple(sanctions))
