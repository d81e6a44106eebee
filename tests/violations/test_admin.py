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
    Indicator,
    Sanction,
)
from violations.services.framework import DEFAULT_FRAMEWORK_FILE, framework_load

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
    assert "CT24-TU v1 · CT24-14" in content


def test_incidents_are_not_opened_from_the_admin(admin_client):
    assert admin_client.get(reverse("admin:violations_incident_add")).status_code == 403


def test_an_admin_edit_bumps_the_version_and_recomputes_deadlines(admin_client, incident):
    url = reverse("admin:violations_incident_change", args=[incident.pk])
    response = admin_client.post(
        url, form_data(incident, severity="serious", handling_started_on="2024-05-01")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.version == 2
    assert incident.limitation_deadline == dt.date(2034, 3, 1)
    assert incident.handling_deadline == dt.date(2024, 7, 30)


def test_indicators_of_another_framework_version_are_refused(admin_client, incident, tmp_path):
    data = DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8").replace('"version": 1', '"version": 2', 1)
    (tmp_path / "v2.json").write_text(data, encoding="utf-8")
    v2 = framework_load(tmp_path / "v2.json")
    foreign = Indicator.objects.get(framework=v2, code="CT24-14")
    url = reverse("admin:violations_incident_change", args=[incident.pk])
    response = admin_client.post(url, form_data(incident, indicators=[foreign.pk]))
    assert response.status_code == 200
    assert "Chỉ chọn biểu hiện thuộc khung nhận diện của vụ việc." in response.content.decode()


def test_a_sanction_form_must_exist_on_its_decision_date(admin_client, party):
    sanction = Sanction.objects.create(
        party=party,
        track="administrative",
        form="khien_trach",
        decision_number="12/QĐ-UBND",
        decided_on=dt.date(2025, 8, 1),
        deciding_body="UBND xã A",
    )
    url = reverse("admin:violations_sanction_change", args=[sanction.pk])
    data = {
        "party": party.pk,
        "track": "administrative",
        "form": "ha_bac_luong",  # abolished for công chức by Decree 172/2025 from 1/7/2025
        "decision_number": "12/QĐ-UBND",
        "decided_on": "2025-08-01",
        "deciding_body": "UBND xã A",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "không áp dụng cho đối tượng vào ngày quyết định" in response.content.decode()
    response = admin_client.post(url, {**data, "decided_on": "2025-06-01"})
    assert response.status_code == 302
    sanction.refresh_from_db()
    assert sanction.form == "ha_bac_luong"


def test_evidence_cannot_be_changed_or_deleted(admin_client, incident):
    attachment = incident.attachments.get()
    assert admin_client.get(reverse("admin:violations_attachment_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:violations_attachment_delete", args=[attachment.pk])).status_code
        == 403
    )
    response = admin_client.post(reverse("admin:violations_attachment_change", args=[attachment.pk]), {})
    assert response.status_code == 403
