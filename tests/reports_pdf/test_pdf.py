"""The PDF, read back from the file: Vietnamese text with its diacritics, the figures, the shipped font."""

import io
from typing import Any

import pytest
from pypdf import PdfReader

from reports.generation import report_build, report_request
from reports.models import Report
from reports.periods import Period
from reports.render import Identity, period_phrase, render_pdf
from tests.reports_pdf.world import OCTOBER, TODAY

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def commune_report(rw, media) -> Report:
    report = report_request(unit=rw.base.commune_new, period=OCTOBER)
    report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    return report


def test_the_pdf_names_the_unit_with_its_diacritics_and_the_month_in_its_title(commune_report):
    with commune_report.pdf.open("rb") as stored:
        text = " ".join(_text(stored.read()).split())

    assert "tình hình chấp hành kỷ cương, kỷ luật của Xã Phúc Thịnh tháng 10/2026" in text
    assert "Phúc Thịnh, ngày 29 tháng 11 năm 2026" in text
    assert "ghi nhận 2 vụ việc" in text
    assert "(09/2026: 1, tăng 1 vụ việc" in text  # a change over fewer than 5 cases is not a percentage
    assert "Đỗ Quang Dũng" in text and "Ngô Đức Hải" in text
    assert "CT24-TU phiên bản 2" in text
    assert commune_report.snapshot_sha256 in text.replace("\n", "")


def test_the_pdf_uses_only_the_font_shipped_in_the_repository(commune_report):
    with commune_report.pdf.open("rb") as stored:
        fonts = _fonts(stored.read())
    # Subset names carry the @font-face family; a system font (even a system Liberation Serif, named
    # "Liberation-Serif") would show its own name.
    assert {name.split("+")[1] for name in fonts} == {
        "LiberationSerif-KC",
        "LiberationSerif-KC-Bold",
        "LiberationSerif-KC-Italic",
        "LiberationSerif-KC-Bold-Italic",
    }, fonts


def test_the_stored_sha256_is_the_files_and_an_old_revision_renders_the_same_text_again(commune_report):
    import hashlib

    with commune_report.pdf.open("rb") as stored:
        pdf = stored.read()
    assert hashlib.sha256(pdf).hexdigest() == commune_report.sha256
    identity = Identity(commune_report.number, 1, "", commune_report.snapshot_sha256)
    assert _text(render_pdf(identity, commune_report.snapshot)) == _text(pdf)


def test_a_large_unit_says_the_per_person_table_is_not_complete(rw, media, monkeypatch):
    from reports.content import people

    monkeypatch.setattr(people, "FULL_LIST_MAX", 1)
    report = report_request(unit=rw.base.city, period=OCTOBER)
    report_build(report.pk, today=TODAY)
    with Report.objects.get(pk=report.pk).pdf.open("rb") as stored:
        text = " ".join(_text(stored.read()).split())
    assert "bảng chỉ liệt kê người có vi phạm" in text
    assert "Phường Ba Đình" in text  # the sub-units table


def test_titles_name_the_period_as_a_vietnamese_report_does():
    assert period_phrase({"kind": "month", "start": "2026-10-01"}) == "tháng 10/2026"
    assert (
        period_phrase({"kind": "quarter", "start": Period.quarter(2026, 3).start.isoformat()})
        == "quý III/2026"
    )
    assert period_phrase({"kind": "year", "start": "2026-01-01"}) == "năm 2026"


def test_numbers_are_written_the_vietnamese_way():
    from django.utils import translation

    from reports.templatetags.report_format import decimal, signed_pct, thousands

    with translation.override("vi"):
        assert (thousands(1234567), thousands(0)) == ("1.234.567", "0")
        assert (signed_pct(12.5), signed_pct(-3.0), signed_pct(0.0), signed_pct(None)) == (
            "+12,5%",
            "−3,0%",
            "0,0%",
            "—",
        )
        assert decimal(3.8412, 2) == "3,84"
