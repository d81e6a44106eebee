"""Generating reports: once per unit and period, frozen, claimed by one worker, finished by a rerun."""

import datetime as dt

import pytest
from django.utils import timezone

from reports import generation
from reports.generation import Outcome, report_build, report_regenerate, report_request
from reports.models import OutboxMessage, Report, ReportStatus
from reports.targets import previous_period, units_to_report
from reports.tasks import dispatch_period_reports
from tests.reports_pdf.conftest import pdf_attachments
from tests.reports_pdf.world import OCTOBER, TODAY
from units.models import UnitKind
from violations.models import Status
from violations.services.workflow import incident_transition

pytestmark = pytest.mark.django_db


def _run_month(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_period_reports.delay("month", OCTOBER.start.isoformat())


def test_the_monthly_run_makes_one_report_per_unit_and_one_email_per_recipient(
    rw, media, mailbox, eager, django_capture_on_commit_callbacks
):
    _run_month(django_capture_on_commit_callbacks)

    reports = Report.objects.order_by("unit__name")
    assert [(r.unit.name, r.status, r.revision) for r in reports] == [
        ("Phường Ba Đình", "ready", 1),
        ("Thành phố Hà Nội", "ready", 1),
        ("Xã Phúc Thịnh", "ready", 1),
    ]
    received = sorted(m["To"] for m in mailbox.messages())
    assert received == [
        "chutich_phucthinh@example.vn",
        "lanhdao_badinh@example.vn",
        "lanhdao_phucthinh@example.vn",
        "lanhdao_thanhpho@example.vn",
        "vanphong@hanoi.gov.vn",
    ]
    for message in mailbox.messages():
        (pdf,) = pdf_attachments(message)
        assert pdf.startswith(b"%PDF")
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_running_the_month_again_adds_no_report_no_message_and_no_email(
    rw, media, mailbox, eager, django_capture_on_commit_callbacks
):
    _run_month(django_capture_on_commit_callbacks)
    before = (list(Report.objects.values_list("pk", "pdf", "sha256")), OutboxMessage.objects.count())

    _run_month(django_capture_on_commit_callbacks)

    assert (list(Report.objects.values_list("pk", "pdf", "sha256")), OutboxMessage.objects.count()) == before
    assert len(mailbox.messages()) == 5


def test_asking_twice_for_a_report_gives_the_same_row(rw):
    first = report_request(unit=rw.commune_two, period=OCTOBER)
    assert report_request(unit=rw.commune_two, period=OCTOBER) == first
    assert Report.objects.count() == 1


def test_a_ready_report_does_not_change_when_incidents_change_later(rw, media):
    report = report_request(unit=rw.commune_two, period=OCTOBER)
    report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    frozen = (report.snapshot, report.snapshot_sha256, report.pdf.name, report.sha256)
    incident = rw.commune_two.incidents.get()
    incident_transition(
        user=rw.base.admin, incident=incident, target=Status.VERIFYING, on=dt.date(2026, 10, 12)
    )
    incident_transition(
        user=rw.base.admin,
        incident=incident,
        target=Status.SUBSTANTIATED,
        note="Có",
        on=dt.date(2026, 10, 20),
    )

    assert report_build(report.pk) == Outcome.READY
    report.refresh_from_db()
    assert (report.snapshot, report.snapshot_sha256, report.pdf.name, report.sha256) == frozen
    assert report.snapshot["summary"]["substantiated"] == 0


def test_regenerating_makes_a_new_revision_with_its_reason_and_fresh_figures(rw, media):
    first = report_request(unit=rw.commune_two, period=OCTOBER)
    report_build(first.pk, today=TODAY)
    incident = rw.commune_two.incidents.get()
    incident_transition(
        user=rw.base.admin, incident=incident, target=Status.VERIFYING, on=dt.date(2026, 10, 12)
    )
    incident_transition(
        user=rw.base.admin,
        incident=incident,
        target=Status.SUBSTANTIATED,
        note="Có",
        on=dt.date(2026, 10, 20),
    )

    second = report_regenerate(report=first, reason="Kết luận kiểm tra ngày 20/10 được cập nhật")
    report_build(second.pk, today=TODAY)

    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.revision, second.reason) == (2, "Kết luận kiểm tra ngày 20/10 được cập nhật")
    assert second.snapshot["summary"]["substantiated"] == 1
    assert first.snapshot["summary"]["substantiated"] == 0
    assert generation.current_report(rw.commune_two, OCTOBER) == second
    assert report_request(unit=rw.commune_two, period=OCTOBER) == second
    with pytest.raises(ValueError):
        report_regenerate(report=second, reason="  ")


def test_only_one_worker_can_claim_a_report(rw):
    report = report_request(unit=rw.commune_two, period=OCTOBER)

    token = generation._claim(report.pk)
    assert token is not None
    assert generation._claim(report.pk) is None
    assert report_build(report.pk) == Outcome.BUSY


def test_a_report_left_generating_by_a_killed_worker_is_finished_by_the_next_run(rw, media):
    report = report_request(unit=rw.commune_two, period=OCTOBER)
    dead_token = generation._claim(report.pk)
    assert generation._freeze(Report.objects.get(pk=report.pk), dead_token, TODAY)  # then the worker died
    Report.objects.filter(pk=report.pk).update(claimed_until=timezone.now() - dt.timedelta(seconds=1))

    assert report_build(report.pk, today=dt.date(2027, 1, 1)) == Outcome.READY
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.attempts == 2
    assert report.snapshot["generated_on"] == TODAY.isoformat()  # the snapshot frozen before the crash
    assert report.messages.count() == 1


def test_a_worker_whose_lease_was_taken_over_does_not_finish(rw, media):
    report = report_request(unit=rw.commune_two, period=OCTOBER)
    slow = generation._claim(report.pk)
    Report.objects.filter(pk=report.pk).update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert generation._claim(report.pk) is not None  # another worker takes over

    assert generation._generate(report.pk, slow, TODAY) == Outcome.LOST
    assert Report.objects.get(pk=report.pk).status == ReportStatus.GENERATING


def test_a_failed_generation_is_recorded_and_retried_by_the_next_run(rw, media, monkeypatch):
    report = report_request(unit=rw.commune_two, period=OCTOBER)

    def broken(*args):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(generation, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    assert (report.status, report.error) == (ReportStatus.FAILED, "RuntimeError: renderer crashed")

    monkeypatch.undo()
    assert report_build(report.pk, today=TODAY) == Outcome.READY
    assert Report.objects.get(pk=report.pk).error == ""


def test_communes_and_the_city_report_and_districts_only_when_enabled(rw):
    assert {u.name for u in units_to_report(OCTOBER)} == {
        "Thành phố Hà Nội",
        "Xã Phúc Thịnh",
        "Phường Ba Đình",
    }
    june_2024 = previous_period("month", dt.date(2024, 7, 1))
    before = {u.name for u in units_to_report(june_2024)}
    assert before == {"Thành phố Hà Nội", "Thị trấn Đông Anh", "Phường Phúc Xá"}
    rw.base.district_a.reports_enabled = True
    rw.base.district_a.save()
    assert "Huyện Đông Anh" in {u.name for u in units_to_report(june_2024)}
    assert rw.base.district_a.kind == UnitKind.RURAL_DISTRICT


def test_a_scheduled_run_reports_on_the_period_that_just_ended():
    assert previous_period("month", dt.date(2026, 11, 1)).label() == "10/2026"
    assert previous_period("month", dt.date(2026, 1, 1)).label() == "12/2025"
    assert previous_period("quarter", dt.date(2026, 10, 1)).label() == "Q3/2026"
    assert previous_period("year", dt.date(2027, 1, 1)).label() == "2026"
