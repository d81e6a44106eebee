import datetime as dt

import pytest
from django.urls import reverse

from officials.models import Official
from units.models import Unit
from violations.models import (
    Attachment,
    Incident,
    IncidentParty,
    IncidentTransition,
    Sanction,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(framework, admin_user):
    unit = Unit.objects.create(key="t:1", name="Xã A", kind="xa")
    incident = Incident.objects.create(
        framework=framework,
        unit=unit,
        title="Chậm trả lời đơn công dân",
        description="Đơn gửi 01/3 chưa được trả lời sau 45 ngày.",
        occurred_on=dt.date(2024, 3, 1),
        detected_on=dt.date(2024, 4, 15),
        severity="minor",
        source="petition",
        status="substantiated",
    )
    incident.indicators.add(framework.indicators.get(code="CT24-14"))
    IncidentTransition.objects.create(
        incident=incident, from_status="", to_status="reported", actor=admin_user
    )
    Attachment.objects.create(
        incident=incident,
        file="evidence/2024/04/bien-ban.pdf",
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=1234,
        sha256="0" * 64,
    )
    return incident


@pytest.fixture
def party(incident):
    official = Official.objects.create(full_name="Nguyễn Văn An", staff_code="CB000001", category="cong_chuc")
    return IncidentParty.objects.create(incident=incident, official=official, role="individual")


def form_data(incident: Incident, **changes) -> dict:
    data = {
        "framework": incident.framework_id,
        "unit": incident.unit_id,
        "title": incident.title,
        "description": incident.description,
        "occurred_on": "2024-03-01",
        "detected_on": "2024-04-15",
        "severity": incident.severity,
        "source": incident.source,
        "is_substantiated": "unknown",
        "handling_started_on": "",
        "handling_extended_to": "",
        "handling_extension_reason": "",
        "indicators": [i.pk for i in incident.indicators.all()],
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "model", ["framework", "indicator", "incident", "incidentparty", "sanction", "attachment"]
)
def test_every_changelist_renders(admin_client, incident, party, model):
    response = admin_client.get(reverse(f"admin:violations_{model}_changelist"))
    assert response.status_code == 200


def test_change_pages_render_with_inlines(admin_client, framework, incident, party):
    assert (
        admin_client.get(reverse("admin:violations_framework_change", args=[framework.pk])).status_code == 200
    )
    indicator = framework.indicators.first()
    assert (
        admin_client.get(reverse("admin:violations_indicator_change", args=[indicator.pk])).status_code == 200
    )
    page = admin_client.get(reverse("admin:violations_incident_change", args=[incident.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "bien-ban.pdf" in content and "evidence/2024" not in content  # no link to the private file
    assert "CT24-TU v2 · CT24-14" in content


def test_incidents_are_not_opened_from_the_admin(admin_client):
    assert admin_client.get(reverse("admin:violations_incident_add")).status_code == 403


@pytest.mark.parametrize("model", ["incident", "incidentparty", "sanction", "framework", "indicator"])
def test_the_admin_cannot_write_records_the_services_own(admin_client, incident, party, model):
    """The services are the only writers: an admin save skipped validation, history reasons and the
    roll-ups (the dashboards were wrong until rebuild_stats)."""
    sanction = Sanction.objects.create(
        party=party,
        track="administrative",
        form="khien_trach",
        decision_number="12/QĐ-UBND",
        decided_on=dt.date(2024, 8, 1),
        deciding_body="UBND xã A",
    )
    objects = {
        "incident": incident,
        "incidentparty": party,
        "sanction": sanction,
        "framework": incident.framework,
        "indicator": incident.indicators.first(),
    }
    obj = objects[model]
    assert admin_client.get(reverse(f"admin:violations_{model}_add")).status_code == 403
    change = reverse(f"admin:violations_{model}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200  # readable
    assert admin_client.post(change, form_data(incident, severity="serious")).status_code == 403
    delete = reverse(f"admin:violations_{model}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    incident.refresh_from_db()
    assert (incident.severity, incident.version) == ("minor", 1)


def test_evidence_cannot_be_changed_or_deleted(admin_client, incident):
    attachment = incident.attachments.get()
    assert admin_client.get(reverse("admin:violations_attachment_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:violations_attachment_delete", args=[attachment.pk])).status_code
        == 403
    )
    response = admin_client.post(reverse("admin:violations_attachment_change", args=[attachment.pk]), {})
    assert response.status_code == 403
