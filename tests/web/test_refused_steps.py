"""A refused handling step: post/redirect/get, an error summary linking to the field, distinct labels and
unique element ids on the incident page."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from violations.models import Status

pytestmark = pytest.mark.django_db


def _transition(client, incident, target, note="", on=""):
    url = reverse("violations:incident_transition", args=[incident.pk])
    return client.post(url, {"target": target, "note": note, "on": on})


def test_a_refused_step_redirects_and_the_page_shows_it_once(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    assert _transition(client, incident, Status.VERIFYING).status_code == 302
    refused = _transition(client, incident, Status.SUBSTANTIATED, note="   ", on="01/06/2024")
    assert refused.status_code == 303  # a refresh of the page that follows only reads
    assert refused["Location"] == reverse("violations:incident_detail", args=[incident.pk]) + "#workflow"

    html = client.get(refused["Location"]).content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary, "no error summary at the top"
    link = re.search(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))
    assert link and link.group(1) == f"note-{Status.SUBSTANTIATED}"
    assert "cần ghi rõ lý do" in link.group(2)
    assert f'id="note-{Status.SUBSTANTIATED}"' in html  # the link leads to the field
    assert 'value="01/06/2024"' in html  # what was typed is kept

    again = client.get(refused["Location"]).content.decode()
    assert "error-summary" not in again
    incident.refresh_from_db()
    assert incident.status == Status.VERIFYING


def test_a_service_refusal_survives_the_redirect(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    refused = _transition(client, incident, Status.CLOSED)  # does not follow "reported"
    html = client.get(refused["Location"]).content.decode()
    assert "Không thể chuyển" in html
    assert "error-summary" in html


def test_the_incident_page_ties_each_label_to_one_field(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _transition(client, incident, Status.VERIFYING)
    html = client.get(reverse("violations:incident_detail", args=[incident.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    labels = re.findall(r'<label for="([^"]+)">([^<*]+)', html)
    assert all(target in ids for target, _text in labels), "a label points at no element"
    texts = Counter(text.strip() for _target, text in labels)
    assert [t for t, n in texts.items() if n > 1] == []
    notes = [t for t in texts if t.startswith("Nội dung, lý do — ")]
    assert len(notes) >= 2  # one per next step from "verifying", each naming its step
