"""The change history in plain Vietnamese: every field change by its label with old → new values as users see
them, and who made it — in the audit log, its CSV export, the incident page and the admin's history pages."""

import datetime as dt
import re
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from units.history_baseline import BASELINE_REASON
from units.models import Role, RoleGrant
from violations.models import Incident, Sanction, Status
from violations.services.incidents import PartySpec, incident_update

pytestmark = pytest.mark.django_db

AUDIT = reverse("violations:audit_log")
EXPORT = reverse("violations:audit_export_csv")


def _text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    assert response.status_code == 200
    return _plain(response.content.decode())


def _plain(html: str) -> str:
    spaced = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r" ([:,])", r"\1", spaced)


def _step(client, incident, target, note="", on=""):
    url = reverse("violations:incident_transition", args=[incident.pk])
    assert client.post(url, {"target": target, "note": note, "on": on}).status_code == 302


def _history_section(client, incident) -> str:
    html = client.get(reverse("violations:incident_detail", args=[incident.pk])).content.decode()
    section = html[html.index('id="history"') :]
    return _plain(section[: section.index("</table>")])


def _edit(world, incident, **changes):
    fields = dict(
        title=incident.title,
        description=incident.description,
        occurred_on=incident.occurred_on,
        detected_on=incident.detected_on,
        severity=incident.severity,
        source=incident.source,
        indicators=list(incident.indicators.all()),
        parties=[PartySpec(world.official_a, "individual")],
    )
    incident.refresh_from_db()
    return incident_update(
        user=world.admin, incident=incident, expected_version=incident.version, **{**fields, **changes}
    )


def test_a_workflow_step_shows_the_status_labels_and_who_took_it(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    on_page = _history_section(client, incident)
    client.force_login(world.auditor)
    in_log = _text(client.get(AUDIT, {"model": "incident"}))
    assert "kiemtra_a Sửa Trạng thái: Mới ghi nhận → Đang xác minh" in on_page
    assert (
        f"kiemtra_a Vụ việc · #{incident.pk} {incident.title} Sửa Trạng thái: Mới ghi nhận → Đang xác minh"
        in in_log
    )
    for shown in (on_page, in_log):
        assert "verifying" not in shown and "reported" not in shown


def test_the_incident_page_names_the_kinds_in_vietnamese(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    section = _history_section(client, incident)
    assert "Tạo mới" in section and "Sửa" in section
    for english in ("Created", "Changed", "Deleted", "None"):
        assert english not in section


def test_booleans_dates_choices_and_indicators_show_as_users_see_them(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    third = world.framework.indicators.get(number=3)
    _edit(
        world,
        incident,
        severity="serious",
        occurred_on=dt.date(2024, 5, 8),
        indicators=[*incident.indicators.all(), third],
    )
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING, on="01/06/2024")
    _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm", on="02/06/2024")
    client.force_login(world.auditor)
    shown = _text(client.get(AUDIT, {"model": "incident"}))
    assert "Mức độ: Ít nghiêm trọng → Nghiêm trọng" in shown
    assert "Ngày xảy ra: 10/05/2024 → 08/05/2024" in shown
    assert "Ngày quyết định xử lý: (trống) → 01/06/2024" in shown
    assert "Có vi phạm: (trống) → Có" in shown
    assert "Thời hiệu tính từ" not in shown  # derived from the dates, like the deadlines
    first, second = (
        f"{i.code} — {i.text_vi[:40]}" for i in world.framework.indicators.order_by("number")[:2]
    )
    assert f"Biểu hiện vi phạm: {first}" in shown and second in shown
    assert f"→ {first}" in shown and f"{third.code} — {third.text_vi[:40]}" in shown
    assert "True" not in shown and "False" not in shown


def _first_indicators(world):
    return world.framework.indicators.order_by("number")[:2]


def test_a_boolean_of_an_official_reads_co_or_khong(client, world):
    official = world.official_a
    official.is_party_member = True
    official.save()
    official.is_party_member = False
    official.save()
    client.force_login(world.auditor)
    assert "Đảng viên: Có → Không" in _text(client.get(AUDIT, {"model": "official"}))


def test_a_sanction_form_shows_its_label(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING, on="01/03/2025")
    _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm", on="02/03/2025")
    data = {"party": incident.parties.get().pk, "track": "administrative", "form": "khien_trach"}
    data |= {"decision_number": "5/QĐ", "deciding_body": "UBND", "decided_on": "10/03/2025"}
    assert client.post(reverse("violations:incident_sanction", args=[incident.pk]), data).status_code == 302
    sanction = Sanction.objects.get()
    sanction.form = "canh_cao"
    sanction.save()
    client.force_login(world.auditor)
    shown = _text(client.get(AUDIT, {"model": "sanction"}))
    assert "Hình thức: Khiển trách → Cảnh cáo" in shown
    assert "5/QĐ · Kỷ luật hành chính" in shown


def test_a_role_grant_names_user_unit_role_and_the_administrator_who_made_it(client, world):
    superuser = get_user_model().objects.create_superuser("sieuquantri", "a@b.vn", "mat-khau-an-toan-2025")
    world.leader_a.first_name, world.leader_a.last_name = "Thị Hoa", "Lê"
    world.leader_a.save()
    client.force_login(superuser)
    added = client.post(
        reverse("admin:units_rolegrant_add"),
        {"user": world.leader_a.pk, "role": Role.INSPECTOR, "unit": world.commune_b.pk},
    )
    assert added.status_code == 302
    client.force_login(world.auditor)
    shown = _text(client.get(AUDIT, {"model": "role"}))
    assert (
        "sieuquantri Phân quyền · Thị Hoa Lê (lanhdao_a) · Cán bộ kiểm tra · Phường Phúc Xá Tạo mới" in shown
    )
    assert " #" not in shown and "inspector" not in shown


def test_a_grant_made_by_a_command_is_attributed_to_the_system(client, world):
    # A management command runs with no signed-in user: the seeder's demo logins are granted this way.
    call_command("shell", "-c", _GRANT_FROM_A_COMMAND % world.leader_a.pk, stdout=StringIO())
    grant = RoleGrant.history.latest("history_date")
    assert grant.history_user_id is None
    client.force_login(world.auditor)
    shown = _text(client.get(AUDIT, {"model": "role"}))
    assert "Hệ thống (lệnh quản trị) Phân quyền · lanhdao_a · Giám sát, kiểm toán (chỉ xem) ·" in shown
    assert "— Phân quyền" not in shown


_GRANT_FROM_A_COMMAND = (
    "from units.models import RoleGrant, Unit, Role; "
    "RoleGrant.objects.create(user_id=%d, role=Role.AUDITOR, unit=Unit.objects.get(key='w:db'))"
)


def test_the_export_carries_the_same_labels(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    client.force_login(world.auditor)
    response = client.get(EXPORT, {"model": "incident"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    line = next(line for line in text.splitlines() if ",Trạng thái," in line)
    assert ",kiemtra_a," in line and ",Sửa,Trạng thái,Mới ghi nhận,Đang xác minh," in line


def _bulk_loaded(world) -> Incident:
    """An incident as the demo seeder leaves it: written past simple_history, with no recorder."""
    incident = world.incident_in(world.commune_a, world.official_a)
    incident.history.all().delete()
    Incident.objects.filter(pk=incident.pk).update(created_by=None)
    return Incident.objects.get(pk=incident.pk)


def test_the_first_change_to_a_bulk_loaded_incident_still_shows_what_changed(client, world):
    incident = _bulk_loaded(world)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    baseline, step = incident.history.order_by("history_date", "history_id")
    assert (baseline.history_type, baseline.history_change_reason) == ("+", BASELINE_REASON)
    assert baseline.status == Status.REPORTED and baseline.history_user_id is None
    assert set(baseline.indicators.values_list("indicator_id", flat=True)) == set(
        incident.indicators.values_list("pk", flat=True)
    )
    on_page = _history_section(client, incident)
    assert "kiemtra_a Sửa Trạng thái: Mới ghi nhận → Đang xác minh" in on_page
    assert "Biểu hiện vi phạm" not in on_page  # the first version carries the indicators it had
    assert "Hệ thống (lệnh quản trị) Tạo mới Dữ liệu nạp sẵn" in on_page
    client.force_login(world.auditor)
    assert "Trạng thái: Mới ghi nhận → Đang xác minh" in _text(client.get(AUDIT, {"model": "incident"}))


def test_an_edit_with_nothing_to_compare_says_so_rather_than_showing_nothing(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    incident.history.all().delete()
    incident.title = "Sửa trên bản ghi chưa có lịch sử"
    incident.save_without_historical_record()  # the baseline is taken on a recorded save only
    Incident.history.model.objects.create(  # an edit recorded before first versions were written
        **{f.attname: getattr(incident, f.attname) for f in Incident.history.model.tracked_fields},
        history_date=incident.created_at,
        history_type="~",
    )
    client.force_login(world.auditor)
    assert "Không có phiên bản trước để so sánh" in _text(client.get(AUDIT, {"model": "incident"}))


def test_the_recorder_of_a_seeded_incident_is_named_as_such(client, world):
    seeded = _bulk_loaded(world)
    filed = world.incident_in(world.commune_a, world.head_a, user=world.inspector_a)
    client.force_login(world.admin)
    assert "Người ghi nhận Nhập từ dữ liệu mẫu" in _text(
        client.get(reverse("violations:incident_detail", args=[seeded.pk]))
    )
    assert "Người ghi nhận kiemtra_a" in _text(
        client.get(reverse("violations:incident_detail", args=[filed.pk]))
    )


def test_the_admin_history_page_speaks_vietnamese(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    superuser = get_user_model().objects.create_superuser("sieuquantri", "a@b.vn", "mat-khau-an-toan-2025")
    client.force_login(superuser)
    shown = _text(client.get(reverse("admin:violations_incident_history", args=[incident.pk])))
    assert "Sửa kiemtra_a" in shown and "Trạng thái: Mới ghi nhận → Đang xác minh" in shown
    assert "Changed" not in shown and "Created" not in shown


def _audit_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(AUDIT, {"model": "incident"}).context["entries"]) > 5
    return len(queries)


def test_the_audit_page_reads_names_in_bulk_not_per_row(client, world):
    """The page's queries do not grow with its rows: predecessors, indicator texts, user, unit and official
    names are each read once per model for the whole page."""
    RoleGrant.objects.create(user=world.leader_a, role=Role.INSPECTOR, unit=world.commune_b)
    client.force_login(world.auditor)
    _edited_incidents(world, 2)
    few = _audit_queries(client)
    _edited_incidents(world, 8)
    assert _audit_queries(client) == few


def _edited_incidents(world, count: int) -> None:
    for index in range(count):
        incident = world.incident_in(world.commune_a, world.official_a)
        _edit(world, incident, title=f"Tiêu đề {index}", severity="serious")
