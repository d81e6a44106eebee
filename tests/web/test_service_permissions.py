"""Every write service checks access itself (violations.access), whoever calls it; pages show exactly the
actions the services will accept."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from violations.access import incident_permissions
from violations.models import PartyRole, Status
from violations.services.attachments import attachment_add
from violations.services.incidents import PartySpec, incident_create, incident_update
from violations.services.workflow import handling_extend, incident_transition, sanction_record

pytestmark = pytest.mark.django_db


def _writes(world, incident):
    party = incident.parties.get()
    return {
        "update": lambda user: incident_update(
            user=user,
            incident=incident,
            expected_version=incident.version,
            title="Sửa",
            description="x",
            occurred_on=incident.occurred_on,
            detected_on=incident.detected_on,
            severity="minor",
            source="petition",
            indicators=list(incident.indicators.all()),
            parties=[PartySpec(world.official_a, PartyRole.INDIVIDUAL)],
        ),
        "step": lambda user: incident_transition(
            user=user, incident=incident, target=Status.VERIFYING, on=dt.date(2024, 6, 1)
        ),
        "sanction": lambda user: sanction_record(
            user=user,
            party=party,
            track="administrative",
            form="khien_trach",
            decision_number="1/QĐ",
            decided_on=dt.date(2024, 7, 1),
            deciding_body="UBND",
        ),
        "extend": lambda user: handling_extend(
            user=user, incident=incident, extended_to=dt.date(2024, 10, 1), reason="Phức tạp"
        ),
        "upload": lambda user: attachment_add(
            user=user, incident=incident, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
        ),
    }


@pytest.mark.parametrize("write", ["update", "step", "sanction", "extend", "upload"])
@pytest.mark.parametrize("persona", ["inspector_b", "leader_a", "auditor"])
def test_a_write_service_refuses_whoever_may_not_handle_the_incident(world, write, persona):
    incident = world.incident_in(world.commune_a, world.official_a)
    with pytest.raises(PermissionDenied):
        _writes(world, incident)[write](getattr(world, persona))
    incident.refresh_from_db()
    assert (incident.version, incident.status) == (1, Status.REPORTED)


@pytest.mark.parametrize("write", ["update", "step", "sanction", "extend", "upload"])
def test_an_inspector_never_handles_a_case_about_themselves(world, write):
    incident = world.incident_in(world.commune_a, world.official_a)
    world.official_a.user = world.inspector_a
    world.official_a.save()
    with pytest.raises(PermissionDenied):
        _writes(world, incident)[write](world.inspector_a)
    assert incident_permissions(world.inspector_a, incident).steps == []


def test_an_inspector_cannot_file_an_incident_naming_themselves(world):
    world.official_a.user = world.inspector_a
    world.official_a.save()
    with pytest.raises(ValidationError, match="chính mình"):
        world.incident_in(world.commune_a, world.official_a, user=world.inspector_a)


def test_the_page_offers_what_the_services_accept(world):
    incident = world.incident_in(world.commune_a, world.official_a)
    inspector = world.inspector_a
    allowed = incident_permissions(inspector, incident)
    # the handling time runs from detection, so an open case may be extended before the decision to handle
    assert allowed.edit and allowed.upload and allowed.extend and allowed.suspend and not allowed.sanction
    assert [s.target for s in allowed.steps] == [Status.VERIFYING]  # still in time: not time-barred
    assert incident_permissions(world.leader_a, incident) == type(allowed)()  # nothing for a leader
    incident_transition(user=inspector, incident=incident, target=Status.VERIFYING, on=dt.date(2024, 6, 1))
    incident.refresh_from_db()
    assert incident_permissions(inspector, incident).extend
    handling_extend(user=inspector, incident=incident, extended_to=dt.date(2024, 10, 1), reason="Phức tạp")
    incident.refresh_from_db()
    assert not incident_permissions(inspector, incident).extend  # once only (Nghị định 112/2020, 172/2025)
    with pytest.raises(ValidationError, match="một lần"):
        handling_extend(user=inspector, incident=incident, extended_to=dt.date(2024, 10, 20), reason="Lần 2")
    incident_transition(
        user=inspector, incident=incident, target=Status.SUBSTANTIATED, note="Có", on=dt.date(2024, 7, 1)
    )
    incident.refresh_from_db()
    assert incident_permissions(inspector, incident).sanction


def test_filing_is_refused_outside_the_inspectors_units(world):
    with pytest.raises(ValidationError):
        incident_create(
            user=world.inspector_b,
            unit=world.commune_a,
            title="t",
            description="d",
            occurred_on=dt.date(2024, 5, 1),
            detected_on=dt.date(2024, 5, 2),
            severity="minor",
            source="petition",
            indicators=list(world.framework.indicators.all()[:1]),
            parties=[PartySpec(world.official_a, PartyRole.INDIVIDUAL)],
        )
