"""The archive at /reports/: leaders see their units' reports, outsiders get 404, administrators act."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.generation import report_request
from reports.models import Report
from reports.outbox import outbox_ensure
from tests.factories import RoleGrantFactory, UserFactory
from tests.reports_pdf.world import OCTOBER
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(rw, media):
    """Ready reports with a stand-in PDF: these tests are about who may see and do what, not rendering
    (test_pdf.py renders real ones)."""
    made = {}
    for unit in (rw.base.city, rw.base.commune_new, rw.commune_two):
        report = report_request(unit=unit, period=OCTOBER)
        pdf = b"%PDF-1.7 " + unit.name.encode()
        report.pdf.save(f"{unit.pk}.pdf", ContentFile(pdf), save=False)
        report.status, report.sha256, report.snapshot_sha256 = (
            "ready",
            hashlib.sha256(pdf).hexdigest(),
            "ab" * 32,
        )
        report.save()
        outbox_ensure(report)
        made[unit.name] = report
    return made


def _leader_of(unit, username="lanhdao_xem"):
    user = UserFactory(username=username)
    RoleGrantFactory(user=user, role=Role.LEADER, unit=unit)
    return user


def test_a_commune_leader_lists_only_their_communes_reports(client, rw, reports):
    client.force_login(_leader_of(rw.base.commune_new))
    html = client.get(reverse("report_list")).content.decode()

    assert 'data-count="1"' in html
    assert "Xã Phúc Thịnh" in html and "Phường Ba Đình" not in html


def test_the_city_leader_lists_every_report_and_can_filter_by_name(client, rw, reports):
    client.force_login(_leader_of(rw.base.city))
    assert 'data-count="3"' in client.get(reverse("report_list")).content.decode()
    assert 'data-count="1"' in client.get(reverse("report_list"), {"q": "ba dinh"}).content.decode()


def test_a_leader_downloads_their_pdf_and_sees_its_sha256(client, rw, reports):
    report = reports["Xã Phúc Thịnh"]
    client.force_login(_leader_of(rw.base.commune_new))

    detail = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    response = client.get(reverse("report_pdf", args=[report.pk]))

    assert report.sha256 in detail and report.snapshot_sha256 in detail
    assert 'id="outbox-table"' not in detail  # recipients are for administrators
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("name", ["report_detail", "report_pdf"])
def test_another_communes_report_does_not_exist_for_a_leader(client, rw, reports, name):
    client.force_login(_leader_of(rw.base.commune_new))
    assert client.get(reverse(name, args=[reports["Phường Ba Đình"].pk])).status_code == 404


def test_an_inspector_has_no_archive(client, rw, reports):
    client.force_login(rw.base.inspector_a)
    assert client.get(reverse("report_list")).status_code == 404


@pytest.mark.parametrize("name", ["report_resend", "report_regenerate"])
def test_a_leader_cannot_resend_or_regenerate(client, rw, reports, name):
    report = reports["Xã Phúc Thịnh"]
    client.force_login(_leader_of(rw.base.commune_new))
    response = client.post(reverse(name, args=[report.pk]), {"reason": "thử"})
    assert response.status_code == 404
    assert report.messages.filter(attempts__gt=0).count() == 0 and Report.objects.count() == 3


def test_an_administrator_generates_a_report_for_a_unit_and_period(
    client, rw, media, django_capture_on_commit_callbacks
):
    client.force_login(rw.base.admin)
    data = {"unit": rw.commune_two.pk, "kind": "month", "year": 2026, "month": 9}

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("report_generate"), data)

    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report_detail", args=[report.pk])
    assert (report.unit, report.period_start.isoformat(), report.status) == (
        rw.commune_two,
        "2026-09-01",
        "queued",
    )
    assert len(queued) == 1  # the build task, sent to the worker once the row is committed


def test_generating_an_unfinished_period_is_refused(client, rw):
    client.force_login(rw.base.admin)
    response = client.post(
        reverse("report_generate"), {"unit": rw.commune_two.pk, "kind": "year", "year": 2099}
    )
    assert response.status_code == 400 and not Report.objects.exists()


def test_regenerating_needs_a_reason_and_makes_revision_two(
    client, rw, reports, django_capture_on_commit_callbacks
):
    report = reports["Phường Ba Đình"]
    client.force_login(rw.base.admin)
    url = reverse("report_regenerate", args=[report.pk])

    assert client.post(url, {"reason": " "}).status_code == 400
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url, {"reason": "Số liệu tháng 10 được điều chỉnh"})

    newer = Report.objects.get(unit=rw.commune_two, revision=2)
    assert response["Location"] == reverse("report_detail", args=[newer.pk])
    assert newer.reason == "Số liệu tháng 10 được điều chỉnh" and len(queued) == 1
    listing = client.get(reverse("report_list"), {"q": "ba dinh"}).content.decode()
    assert f'href="/reports/{newer.pk}/"' in listing and f'href="/reports/{report.pk}/"' not in listing


def test_an_administrator_resends_the_current_revision(
    client, rw, reports, django_capture_on_commit_callbacks
):
    report = reports["Xã Phúc Thịnh"]
    report.messages.update(status="sent")
    client.force_login(rw.base.admin)

    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("report_resend", args=[report.pk]))

    assert set(report.messages.values_list("status", flat=True)) == {"pending"}
    assert len(queued) >= 1
