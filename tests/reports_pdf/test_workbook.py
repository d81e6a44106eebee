"""The Excel file of a report: the figures of the same frozen snapshot as its PDF, opened back with openpyxl,
behind the same access check as the PDF."""

import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from pypdf import PdfReader

from reports.content.build import build_snapshot
from reports.generation import report_build, report_regenerate, report_request
from reports.models import Report, ReportStatus
from reports.periods import Period
from reports.workbook import report_workbook
from tests.factories import RoleGrantFactory, UserFactory
from tests.reports_pdf.world import OCTOBER, TODAY
from units.models import Role
from violations.models import PartyRole
from violations.services.incidents import PartySpec, incident_create

pytestmark = pytest.mark.django_db

SHEETS = [
    "Tổng hợp",
    "Theo nhóm",
    "Theo biểu hiện",
    "Theo mức độ",
    "Theo nguồn phát hiện",
    "Đơn vị trực thuộc",
    "Kỷ luật",
    "Xu hướng 12 tháng",
]


@pytest.fixture
def city_report(rw, media) -> Report:
    report = report_request(unit=rw.base.city, period=OCTOBER)
    report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    return report


def _leader_of(unit, username="lanhdao_excel"):
    user = UserFactory(username=username)
    RoleGrantFactory(user=user, role=Role.LEADER, unit=unit)
    return user


def _download(client, report: Report) -> tuple[Any, Workbook]:
    response = client.get(reverse("report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _table(workbook: Workbook, sheet: str) -> list[tuple]:
    """The rows under the table's header row (the first bold row after the title)."""
    rows = list(workbook[sheet].iter_rows())
    header = next(i for i, row in enumerate(rows) if i > 0 and row[0].font.bold)
    return [tuple(cell.value for cell in row) for row in rows[header + 1 :]]


def _summary(workbook: Workbook) -> dict[str, Any]:
    return {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row[0]}


def test_the_workbook_holds_the_figures_of_the_pdfs_snapshot(client, rw, city_report):
    client.force_login(_leader_of(rw.base.city))
    response, workbook = _download(client, city_report)
    s = city_report.snapshot

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="bao-cao-thanh-pho-ha-noi-2026-10.xlsx"' in response["Content-Disposition"]
    assert workbook.sheetnames == SHEETS
    title = workbook["Kỷ luật"]["A1"].value
    assert title.startswith("Thành phố Hà Nội — Báo cáo tình hình chấp hành kỷ cương, kỷ luật tháng 10/2026")
    assert "(lần lập 1, lập lúc " in title

    summary = _summary(workbook)
    # the hand counts of tests/reports_pdf/world.py, as in the snapshot the PDF was drawn from
    assert summary["Vụ việc ghi nhận trong kỳ"] == s["summary"]["total"] == 3
    assert summary["Kỳ trước (09/2026)"] == s["summary"]["previous"]["total"] == 1
    assert summary["So với kỳ trước (%)"] == s["summary"]["previous"]["change_pct"] == 200.0
    assert summary["Đã kết luận có vi phạm"] == 1
    assert summary["Vụ việc có quyết định kỷ luật trong kỳ"] == 1
    assert summary["Vụ việc trên 100 người"] == s["summary"]["rate_per_100"]
    assert summary["Lần lập"] == 1
    # the same snapshot as the PDF's: its digest, printed in the PDF's footer
    assert summary["Mã kiểm tra số liệu (SHA-256, như ở chân trang PDF)"] == city_report.snapshot_sha256
    with city_report.pdf.open("rb") as stored:
        pdf_text = "".join(page.extract_text() for page in PdfReader(stored).pages).replace("\n", "")
    assert city_report.snapshot_sha256 in pdf_text

    by_indicator = {row[1]: row[4] for row in _table(workbook, "Theo biểu hiện")}
    assert by_indicator == {i["code"]: i["count"] for g in s["groups"] for i in g["indicators"]}
    assert len(by_indicator) == 25 and by_indicator["CT24-01"] == 2 and by_indicator["CT24-14"] == 1
    assert [row[2] for row in _table(workbook, "Theo nhóm")] == [g["total"] for g in s["groups"]] == [2, 1, 0]
    assert _table(workbook, "Kỷ luật") == [("Khiển trách", 1)]
    assert [row[1] for row in _table(workbook, "Theo mức độ")] == [r["count"] for r in s["severity"]]

    sub_units = _table(workbook, "Đơn vị trực thuộc")
    listed, totals = sub_units[:-3], sub_units[-3:]
    assert [(row[1], row[2], row[3]) for row in listed] == [
        (r["name"], r["total"], r["substantiated"]) for r in s["sub_units"]
    ]
    assert totals[0][1:4] == ("Cộng các đơn vị trực thuộc", 3, 1)
    assert totals[1][2:4] == (0, 0)  # nothing recorded on the city itself
    assert totals[2][1:4] == ("Toàn Thành phố Hà Nội", 3, 1)


def test_number_cells_are_numbers(client, rw, city_report):
    client.force_login(_leader_of(rw.base.city))
    _, workbook = _download(client, city_report)

    counts = [row[4] for row in workbook["Theo biểu hiện"].iter_rows() if isinstance(row[4].value, int)]
    assert len(counts) == 25 and {cell.data_type for cell in counts} == {"n"}
    change = next(row[1] for row in workbook["Tổng hợp"].iter_rows() if row[0].value == "So với kỳ trước (%)")
    assert (change.data_type, change.number_format) == ("n", "#,##0.0")


def test_the_workbook_stays_frozen_and_a_new_revision_has_its_own(client, rw, city_report):
    world = rw.base
    incident_create(
        user=world.admin,
        unit=rw.commune_two,
        title="Không niêm yết thủ tục hành chính",
        description="Phát hiện khi kiểm tra đột xuất.",
        occurred_on=OCTOBER.end,
        detected_on=OCTOBER.end,
        severity="minor",
        source="press",
        indicators=list(world.framework.indicators.filter(number=14)),
        parties=[PartySpec(rw.official_two, PartyRole.INDIVIDUAL)],
    )
    client.force_login(_leader_of(world.city))

    assert _summary(_download(client, city_report)[1])["Vụ việc ghi nhận trong kỳ"] == 3  # not counted live

    revision = report_regenerate(report=city_report, reason="Bổ sung vụ việc phát hiện muộn")
    report_build(revision.pk, today=TODAY)
    response, workbook = _download(client, revision)
    summary = _summary(workbook)
    assert (summary["Vụ việc ghi nhận trong kỳ"], summary["Lần lập"]) == (4, 2)
    assert summary["Lý do lập lại"] == "Bổ sung vụ việc phát hiện muộn"
    assert "(lần lập 2, " in workbook["Tổng hợp"]["A1"].value
    assert 'filename="bao-cao-thanh-pho-ha-noi-2026-10-r2.xlsx"' in response["Content-Disposition"]


def test_the_archive_links_the_workbook_beside_the_pdf(client, rw, city_report):
    client.force_login(_leader_of(rw.base.city))
    url = reverse("report_xlsx", args=[city_report.pk])

    assert f'href="{url}"' in client.get(reverse("report_detail", args=[city_report.pk])).content.decode()
    assert f'href="{url}"' in client.get(reverse("report_list")).content.decode()


def test_outsiders_get_404_and_so_does_a_report_not_yet_made(client, rw, city_report):
    url = reverse("report_xlsx", args=[city_report.pk])
    assert client.get(url).status_code == 302  # to the login page

    client.force_login(_leader_of(rw.commune_two, "lanhdao_phuong"))  # a commune's leader, not the city's
    assert client.get(url).status_code == 404

    client.force_login(_leader_of(rw.base.city))
    queued = report_request(unit=rw.base.city, period=Period.month(2026, 9))
    assert queued.status == ReportStatus.QUEUED
    assert client.get(reverse("report_xlsx", args=[queued.pk])).status_code == 404


def test_text_typed_by_users_stays_text(rw, media):
    """A name starting with '=' would otherwise be a formula that Excel runs when the file is opened."""
    official = rw.head_new
    official.full_name = '=HYPERLINK("http://example.invalid","Ngô Đức Hải")'
    official.save()
    report = Report.objects.create(
        unit=rw.base.city,
        period_kind="month",
        period_start=OCTOBER.start,
        period_end=OCTOBER.end,
        status=ReportStatus.READY,
        snapshot=build_snapshot(rw.base.city, OCTOBER, TODAY),
    )
    report.pdf.save("stand-in.pdf", ContentFile(b"%PDF-1.7"))
    workbook = load_workbook(io.BytesIO(report_workbook(report)))

    heads = [row[6] for row in workbook["Đơn vị trực thuộc"].iter_rows() if row[6].value]
    typed = next(cell for cell in heads if str(cell.value).startswith("=HYPERLINK"))
    assert typed.data_type == "s"


def test_a_six_month_report_is_named_as_such(rw, media):
    half = Period.cumulative("six_months", 2026)
    report = Report.objects.create(
        unit=rw.base.commune_new,
        period_kind=half.kind,
        period_start=half.start,
        period_end=half.end,
        status=ReportStatus.READY,
        snapshot=build_snapshot(rw.base.commune_new, half, TODAY),
    )
    workbook = load_workbook(io.BytesIO(report_workbook(report)))

    assert report.xlsx_filename() == "bao-cao-xa-phuc-thinh-2026-6-thang.xlsx"
    assert "kỷ luật 6 tháng đầu năm 2026 (lần lập 1" in workbook["Theo nhóm"]["A1"].value
    summary = _summary(workbook)
    assert summary["Kỳ báo cáo"] == "6 tháng đầu năm 2026"
    assert summary["Cùng kỳ năm trước (6 tháng đầu năm 2025)"] == 0
    assert summary["Kỳ trước (01/07/2025 – 31/12/2025)"] == 0
