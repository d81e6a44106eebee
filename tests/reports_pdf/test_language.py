"""A report is an official Vietnamese document: built, rendered and mailed in Vietnamese even when the request
or task that starts it runs with English active (a user of the English UI pressing "Generate report")."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from reports.emails import report_email
from reports.generation import report_build, report_request
from reports.models import Report
from tests.reports_pdf.world import OCTOBER, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_in_english(rw, media) -> Report:
    with translation.override("en"):
        report = report_request(unit=rw.base.commune_new, period=OCTOBER)
        report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    return report


def _text(report: Report) -> str:
    with report.pdf.open("rb") as stored:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)
    return " ".join(text.split())


def test_the_pdf_built_while_english_is_active_is_vietnamese(built_in_english):
    text = _text(built_in_english)

    assert "ỦY BAN NHÂN DÂN XÃ PHÚC THỊNH" in text
    assert "Tình hình chấp hành kỷ cương, kỷ luật tháng 10/2026" in text
    # The framework's Vietnamese group name (the English UI shows its English one) and translated choices.
    assert "Các biểu hiện về vi phạm kỷ cương, kỷ luật" in text
    assert "Ít nghiêm trọng" in text and "Khiển trách" in text
    for english in ("Breaches of discipline", "Less serious", "Reprimand", "Monitoring of discipline"):
        assert english not in text


def test_the_snapshot_built_while_english_is_active_is_vietnamese(built_in_english):
    """The snapshot is frozen with the report: a later PDF of this revision is drawn from it."""
    snapshot = built_in_english.snapshot

    assert [group["name"] for group in snapshot["groups"]][0] == "Các biểu hiện về vi phạm kỷ cương, kỷ luật"
    assert [row["label"] for row in snapshot["severity"]][0] == "Ít nghiêm trọng"
    assert [row["label"] for row in snapshot["sanctions"]] == ["Khiển trách"]


def test_the_email_written_while_english_is_active_is_vietnamese(built_in_english):
    with translation.override("en"):
        email = report_email(built_in_english.messages.first())

    assert email.subject == "Báo cáo kỷ cương, kỷ luật tháng 10/2026 — Xã Phúc Thịnh"
    assert "Vụ việc ghi nhận trong kỳ: 2" in email.body
    assert "Kết luận có vi phạm: 1" in email.body
