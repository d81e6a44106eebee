"""URL × persona × scope → status. Outsiders get 404, anonymous users go to the login page."""

import pytest
from django.urls import reverse

from violations.models import Attachment

pytestmark = pytest.mark.django_db

IN_SCOPE_READ = ["inspector_a", "leader_a", "admin", "auditor"]
IN_SCOPE_WRITE = ["inspector_a", "admin"]
OUT_OF_SCOPE = ["inspector_b"]
READ_ONLY = ["leader_a", "auditor"]

# (url name, uses the incident id, method, personas allowed, expected status when allowed)
MATRIX = [
    ("violations:incident_detail", True, "get", IN_SCOPE_READ, 200),
    ("violations:incident_edit", True, "get", IN_SCOPE_WRITE, 200),
    ("violations:incident_transition", True, "post", IN_SCOPE_WRITE, 302),
    ("violations:incident_sanction", True, "post", IN_SCOPE_WRITE, 303),
    ("violations:incident_extend", True, "post", IN_SCOPE_WRITE, 303),
    ("violations:attachment_upload", True, "post", IN_SCOPE_WRITE, 303),
]


def _request(client, method, url):
    if method == "post":
        return client.post(url, {"target": "verifying"})
    return client.get(url)


@pytest.mark.parametrize(("name", "_uses_id", "method", "allowed", "ok_status"), MATRIX)
@pytest.mark.parametrize(
    "persona", ["inspector_a", "inspector_b", "leader_a", "admin", "auditor", "anonymous"]
)
def test_incident_urls_answer_by_role_and_scope(
    client, world, name, _uses_id, method, allowed, ok_status, persona
):
    incident = world.incident_in(world.commune_a, world.official_a)
    url = reverse(name, args=[incident.pk])
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = _request(client, method, url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif persona in allowed:
        assert response.status_code == ok_status
    else:
        assert response.status_code == 404


def test_an_inspector_linked_to_an_involved_official_never_sees_the_incident(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    world.official_a.user = world.inspector_a
    world.official_a.save()
    client.force_login(world.inspector_a)
    assert client.get(reverse("violations:incident_detail", args=[incident.pk])).status_code == 404
    assert client.get(reverse("violations:incident_edit", args=[incident.pk])).status_code == 404
    listing = client.get(reverse("violations:incident_list")).content.decode()
    assert f'href="{reverse("violations:incident_detail", args=[incident.pk])}"' not in listing


def test_the_create_form_is_hidden_from_roles_that_cannot_file(client, world):
    for persona in READ_ONLY:
        client.force_login(getattr(world, persona))
        assert client.get(reverse("violations:incident_create")).status_code == 404
    client.force_login(world.inspector_a)
    assert client.get(reverse("violations:incident_create")).status_code == 200


def test_unit_and_official_pages_follow_scope(client, world):
    client.force_login(world.inspector_b)
    assert client.get(reverse("violations:unit_detail", args=[world.commune_a.pk])).status_code == 404
    assert client.get(reverse("violations:official_detail", args=[world.official_a.pk])).status_code == 404
    client.force_login(world.inspector_a)
    assert client.get(reverse("violations:unit_detail", args=[world.commune_a.pk])).status_code == 200
    assert client.get(reverse("violations:official_detail", args=[world.official_a.pk])).status_code == 200


def test_exports_never_contain_another_districts_incidents(client, world):
    mine = world.incident_in(world.commune_a, world.official_a)
    theirs = world.incident_in(world.commune_b, world.official_b)
    theirs.title = "Vụ việc của quận Ba Đình"
    theirs.save()
    client.force_login(world.inspector_a)
    body = b"".join(client.get(reverse("violations:incident_export_csv")).streaming_content).decode(
        "utf-8-sig"
    )
    assert mine.title in body
    assert "Vụ việc của quận Ba Đình" not in body


def test_attachment_ids_of_other_districts_are_not_found(client, world):
    assert not Attachment.objects.exists()
    client.force_login(world.inspector_a)
    assert client.get(reverse("violations:attachment_download", args=[999999])).status_code == 404
