import pytest
from django.test import Client
from django.urls import reverse

from tests.web.world import World
from violations.forms import initial_from_incident
from violations.models import Incident

pytestmark = pytest.mark.django_db


def _edit_payload(world: World, incident: Incident, **changes):
    initial = initial_from_incident(incident)
    data = {
        "occurred_on": initial["occurred_on"].strftime("%d/%m/%Y"),
        "detected_on": initial["detected_on"].strftime("%d/%m/%Y"),
        "title": initial["title"],
        "description": initial["description"],
        "severity": initial["severity"],
        "warranted_form": initial["warranted_form"],
        "source": initial["source"],
        "indicators": initial["indicators"],
        "officials": initial["officials"],
        "version": initial["version"],
    }
    data.update(changes)
    return data


def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_its_text(world):
    incident = world.incident_in(world.commune_a, world.official_a)
    first, second = Client(), Client()
    first.force_login(world.inspector_a)
    second.force_login(world.admin)
    url = reverse("violations:incident_edit", args=[incident.pk])
    opened_by_first = _edit_payload(world, incident, title="Tiêu đề của người thứ nhất")
    opened_by_second = _edit_payload(
        world, incident, description="Mô tả của người thứ hai, rất dài và chi tiết"
    )

    assert first.post(url, opened_by_first).status_code == 302
    response = second.post(url, opened_by_second)

    html = response.content.decode()
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in html
    assert "Mô tả của người thứ hai, rất dài và chi tiết" in html  # the second person's text survives
    assert "Tiêu đề của người thứ nhất" in html  # and they see what the first saved
    incident.refresh_from_db()
    assert incident.title == "Tiêu đề của người thứ nhất"
    assert incident.description != "Mô tả của người thứ hai, rất dài và chi tiết"


def test_after_seeing_the_newer_version_the_second_person_can_save(world):
    incident = world.incident_in(world.commune_a, world.official_a)
    first, second = Client(), Client()
    first.force_login(world.inspector_a)
    second.force_login(world.admin)
    url = reverse("violations:incident_edit", args=[incident.pk])
    first.post(url, _edit_payload(world, incident, title="Bản một"))
    stale_payload = _edit_payload(world, incident, description="Bản hai")
    second.post(url, stale_payload)
    incident.refresh_from_db()
    retry = second.post(url, {**stale_payload, "title": "Bản một", "version": incident.version})
    assert retry.status_code == 302
    incident.refresh_from_db()
    assert (incident.title, incident.description) == ("Bản một", "Bản hai")
