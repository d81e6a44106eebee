"""The unit's own assessment, causes and tasks: written on the archive page, frozen into the revision built
next, printed as the report's closing section; an issued revision keeps the text it was issued with."""

import pytest
from django.urls import reverse

from reports.generation import report_build, report_regenerate, report_request
from reports.models import Report, ReportNarrative
from tests.factories import RoleGrantFactory, UserFactory
from tests.reports_pdf.pdfread import flat_text
from tests.reports_pdf.world import OCTOBER, TODAY
from units.models import Role

pytestmark = pytest.mark.django_db

TEXTS = {
    "assessment": "Kỷ cương hành chính được duy trì; còn chậm trả lời đơn của công dân.",
    "causes": "Công chức mới chưa nắm quy trình.\nThiếu người ở bộ phận một cửa.",
    "tasks": "Tập huấn quy trình giải quyết đơn trong tháng 12/2026.",
}


def _pdf_text(report: Report) -> str:
    report.refresh_from_db()
    with report.pdf.open("rb") as stored:
        return flat_text(stored.read())


def test_a_narrative_written_before_the_build_is_frozen_and_printed(client, rw, media):
    report = report_request(unit=rw.base.commune_new, period=OCTOBER)  # queued, not built yet
    client.force_login(rw.base.admin)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert 'id="narrative-form"' in page and "được in trong báo cáo khi lập" in page

    response = client.post(reverse("report_narrative", args=[report.pk]), TEXTS)
    assert response.status_code == 302
    report_build(report.pk, today=TODAY)

    report.refresh_from_db()
    assert report.snapshot["narrative"] == TEXTS
    text = _pdf_text(report)
    assert (
        "1. Đánh giá chung Kỷ cương hành chính được duy trì; còn chậm trả lời đơn của công dân. "
        "2. Nguyên nhân Công chức mới chưa nắm quy trình. Thiếu người ở bộ phận một cửa. "
        "3. Nhiệm vụ, giải pháp Tập huấn quy trình giải quyết đơn trong tháng 12/2026. Nơi nhận:"
    ) in text
    assert "chưa bổ sung phần đánh giá" not in text


def test_an_issued_report_keeps_its_text_and_the_next_revision_prints_the_new_one(client, rw, media):
    report = report_request(unit=rw.base.commune_new, period=OCTOBER)
    report_build(report.pk, today=TODAY)  # the automatic run: no narrative
    report.refresh_from_db()
    issued = (report.snapshot, report.sha256)
    client.force_login(rw.base.admin)

    response = client.post(reverse("report_narrative", args=[report.pk]), TEXTS, follow=True)
    assert "được đưa vào lần lập lại tiếp theo" in response.content.decode()
    report.refresh_from_db()
    assert (report.snapshot, report.sha256) == issued  # frozen: unchanged
    assert "chưa bổ sung phần đánh giá" in _pdf_text(report)

    revision = report_regenerate(report=report, reason="Bổ sung phần đánh giá của đơn vị")
    report_build(revision.pk, today=TODAY)
    assert "Tập huấn quy trình giải quyết đơn trong tháng 12/2026." in _pdf_text(revision)
    # The form shows the saved draft, to edit it again.
    page = client.get(reverse("report_detail", args=[revision.pk])).content.decode()
    assert "Thiếu người ở bộ phận một cửa." in page


def test_a_narrative_too_long_is_refused_with_the_text_kept(client, rw, media):
    report = report_request(unit=rw.commune_two, period=OCTOBER)
    client.force_login(rw.base.admin)

    response = client.post(reverse("report_narrative", args=[report.pk]), {**TEXTS, "tasks": "x" * 3001})

    assert response.status_code == 400
    assert TEXTS["assessment"] in response.content.decode()
    assert not ReportNarrative.objects.exists()


def test_a_leader_who_reads_the_report_cannot_write_its_narrative(client, rw, media):
    report = report_request(unit=rw.base.commune_new, period=OCTOBER)
    leader = UserFactory(username="lanhdao_doc")
    RoleGrantFactory(user=leader, role=Role.LEADER, unit=rw.base.commune_new)
    client.force_login(leader)

    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert 'id="narrative-form"' not in page
    assert client.post(reverse("report_narrative", args=[report.pk]), TEXTS).status_code == 404
    assert not ReportNarrative.objects.exists()
