"""The audit trail: every change recorded (who, when, old → new), read-only, scoped, exportable, masked."""

import pytest
from django.db import models
from django.urls import reverse

from officials.models import Assignment, Official
from tests.factories import UnitFactory
from units.models import Role, RoleGrant, Unit, UnitSuccession
from violations.audit.selectors import AUDITED
from violations.models import (
    Framework,
    Incident,
    IncidentParty,
    Indicator,
    IndicatorGroup,
    IndicatorMapping,
    Sanction,
)

pytestmark = pytest.mark.django_db

AUDIT = reverse("violations:audit_log")
EXPORT = reverse("violations:audit_export_csv")
REQUIRED = {
    Incident,
    IncidentParty,
    Sanction,
    Official,
    Assignment,
    Unit,
    UnitSuccession,
    RoleGrant,
    Framework,
    IndicatorGroup,
    Indicator,
    IndicatorMapping,
}


def _csv(client, **params) -> str:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_every_audited_model_keeps_a_history_and_is_listed():
    assert {audited.model for audited in AUDITED} == REQUIRED
    for model in REQUIRED:
        assert hasattr(model, "history"), model


def test_an_edit_shows_who_changed_which_field_from_what_to_what(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    incident.title = "Tiêu đề đã sửa"
    incident._history_user = world.inspector_a
    incident.save()
    client.force_login(world.auditor)
    page = client.get(AUDIT, {"model": "incident"}).content.decode()
    assert "kiemtra_a" in page
    assert "Chậm giải quyết hồ sơ đất đai → Tiêu đề đã sửa" in page


def test_edits_through_the_web_record_the_user(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    client.post(reverse("violations:incident_transition", args=[incident.pk]), {"target": "verifying"})
    client.force_login(world.auditor)
    text = _csv(client, model="incident")
    line = next(line for line in text.splitlines() if "Đang xác minh" in line)
    assert "kiemtra_a" in line and "Mới ghi nhận" in line


BROWSABLE = ["unit", "succession", "role", "framework", "group", "indicator", "assignment", "official"]
BROWSABLE += ["party", "mapping"]


@pytest.mark.parametrize("model", BROWSABLE)
def test_each_kind_of_record_can_be_browsed(client, world, model):
    world.incident_in(world.commune_a, world.official_a)
    RoleGrant.objects.create(user=world.leader_a, role=Role.LEADER, unit=world.commune_b)
    client.force_login(world.auditor)
    response = client.get(AUDIT, {"model": model})
    assert response.status_code == 200
    assert response.context["entries"], model


def test_a_national_id_change_is_recorded_masked(client, world):
    official = world.official_a
    official.national_id = "001085012345"
    official.save()
    official.national_id = "001085019876"
    official.save()
    client.force_login(world.auditor)
    page = client.get(AUDIT, {"model": "official"}).content.decode()
    text = _csv(client, model="official")
    assert "••••••••2345 → ••••••••9876" in page
    for shown in (page, text):
        assert "001085012345" not in shown and "001085019876" not in shown
    assert "national_id" not in {f.name for f in Official.history.model._meta.get_fields()}


def test_a_scoped_auditor_sees_only_their_units_and_no_city_records(client, world):
    mine = world.incident_in(world.commune_b, world.official_b)
    world.incident_in(world.commune_a, world.official_a)
    UnitFactory(name="Phường Mới Lập", parent=world.district_b)
    district_auditor = world.inspector_b
    RoleGrant.objects.create(user=district_auditor, role=Role.AUDITOR, unit=world.district_b)
    client.force_login(district_auditor)
    text = _csv(client)
    assert f"#{mine.pk} " in text
    assert "Thị trấn Đông Anh" not in text and "Trần Văn Bình" not in text
    assert "Phường Mới Lập" not in text  # units are city-level records
    assert ",Biểu hiện," not in text and ",Khung nhận diện," not in text  # so is the framework


@pytest.mark.parametrize("persona", ["inspector_a", "inspector_b", "leader_a"])
def test_only_auditors_and_administrators_open_the_log(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(AUDIT).status_code == 404
    assert client.get(EXPORT).status_code == 404


def test_the_log_cannot_be_written_through_the_app(client, world):
    client.force_login(world.admin)
    assert client.post(AUDIT, {"model": "incident"}).status_code == 405
    assert client.post(EXPORT).status_code == 405
    assert client.delete(AUDIT).status_code == 405


def test_the_admin_shows_history_but_refuses_to_revert(client, world, django_user_model):
    incident = world.incident_in(world.commune_a, world.official_a)
    incident.title = "Đã sửa"
    incident.save()
    superuser = django_user_model.objects.create_superuser("sieuquantri", "a@b.vn", "mat-khau-an-toan-2025")
    client.force_login(superuser)
    first = incident.history.earliest("history_date")
    url = reverse("admin:violations_incident_simple_history", args=[incident.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Chậm giải quyết hồ sơ đất đai"}).status_code == 403
    incident.refresh_from_db()
    assert incident.title == "Đã sửa"
    assert client.get(reverse("admin:violations_incident_history", args=[incident.pk])).status_code == 200


def test_historical_tables_are_not_editable_in_the_admin():
    from django.contrib import admin

    registered = {model for model in admin.site._registry}
    assert not [m for m in registered if issubclass(m, models.Model) and m.__name__.startswith("Historical")]


def test_the_export_protects_against_spreadsheet_formulas(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    incident.title = '=HYPERLINK("http://x")'
    incident.save()
    client.force_login(world.auditor)
    text = _csv(client, model="incident")
    assert "'=HYPERLINK" in text


def test_the_incident_page_and_the_audit_log_tell_the_same_change(world):
    from violations.audit.selectors import AuditFilters, newest_entries
    from violations.selectors.history import incident_history
    from violations.services.incidents import PartySpec, incident_update

    incident = world.incident_in(world.commune_a, world.official_a)
    incident_update(
        user=world.admin,
        incident=incident,
        expected_version=incident.version,
        title="Tóm tắt mới",
        description=incident.description,
        occurred_on=incident.occurred_on,
        detected_on=incident.detected_on,
        severity="serious",
        source=incident.source,
        indicators=list(incident.indicators.all()),
        parties=[PartySpec(world.official_a, "individual")],
    )
    on_page = incident_history(incident)[0].changes
    in_log = newest_entries(world.admin, AuditFilters(model="incident"), 0, 1)[0][0].changes
    assert on_page == in_log
    assert {c.field for c in on_page} == {"Tóm tắt", "Mức độ"}  # not the deadlines it recomputed
