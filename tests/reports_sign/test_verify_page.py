"""/xac-thuc/: anyone uploads a PDF and learns whether it is one of our issued reports, unaltered, which one,
who signed it and when, and nothing else."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports import signing, views_verify
from reports.generation import report_build, report_regenerate
from reports.models import Report
from tests.reports_pdf.world import TODAY
from tests.reports_sign.checks import flip_signed_byte, issue, stored
from tests.reports_sign.pki import PKCS12_PASSWORD, SIGNER_NAME, make_pki

pytestmark = pytest.mark.django_db

URL = "/xac-thuc/"
NEGATIVE = "Không phải tài liệu do hệ thống phát hành hoặc đã bị sửa đổi."
UNRELATED = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _verdict(client: Client, pdf: bytes, name: str = "bao-cao.pdf") -> str:
    response = client.post(URL, {"file": SimpleUploadedFile(name, pdf, content_type="application/pdf")})
    assert response.status_code == 200
    found = re.search(
        r'<p class="flash[^"]*" role="status" id="verdict">(.*?)</p>', response.content.decode(), re.S
    )
    assert found, response.content.decode()
    return found.group(1)


@pytest.fixture
def signed_report(rw, media, pkcs12_key) -> Report:
    return issue(rw.base.commune_new)


def test_the_page_opens_without_signing_in_with_a_labelled_file_field():
    response = Client().get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<label for="id_file">Tệp PDF cần kiểm tra' in page
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    assert "<script>" not in page  # nothing inline for the CSP to refuse
    assert reverse("verify_report") == URL


def test_our_signed_report_is_named_with_its_signer_and_signing_time(signed_report):
    when = timezone.localtime(signed_report.signed_at).strftime("%d/%m/%Y %H:%M")

    verdict = _verdict(Client(), stored(signed_report))

    assert signed_report.reference() == "Số: 1/BC-UBND"
    assert verdict == (
        "Tài liệu do hệ thống Kỷ cương phát hành, chưa bị sửa đổi: Báo cáo tháng 10/2026 của Xã Phúc Thịnh, "
        f"số 1/BC-UBND, ký bởi {SIGNER_NAME} lúc {when}."
    )


def test_a_flipped_byte_an_unrelated_pdf_and_an_empty_file_are_not_ours(signed_report):
    client = Client()
    assert _verdict(client, flip_signed_byte(stored(signed_report))) == NEGATIVE
    assert _verdict(client, UNRELATED) == NEGATIVE
    assert _verdict(client, stored(signed_report) + b"\n") == NEGATIVE  # appended to, even harmlessly


def test_the_answer_shows_nothing_else_about_the_report(signed_report):
    response = Client().post(URL, {"file": SimpleUploadedFile("x.pdf", stored(signed_report))})
    page = response.content.decode()

    assert "/reports/" not in page and f"/{signed_report.pk}/" not in page
    assert signed_report.sha256 not in page and signed_report.signing_certificate_sha256 not in page


def test_unsigned_reports_and_their_revisions_are_ours_each_named_with_its_number(rw, media):
    first = issue(rw.base.commune_new)
    second = report_regenerate(report=first, reason="Sửa số liệu vụ việc")
    report_build(second.pk, today=TODAY)
    second.refresh_from_db()
    client = Client()

    assert _verdict(client, stored(first)) == (
        "Tài liệu do hệ thống Kỷ cương phát hành, chưa bị sửa đổi: Báo cáo tháng 10/2026 của Xã Phúc Thịnh, "
        "số 1/BC-UBND, bản không có chữ ký số."
    )
    assert _verdict(client, stored(second)) == (
        "Tài liệu do hệ thống Kỷ cương phát hành, chưa bị sửa đổi: Báo cáo tháng 10/2026 của Xã Phúc Thịnh "
        "(lập lại lần 2), số 2/BC-UBND, bản không có chữ ký số."
    )


def test_the_signature_is_checked_as_well_as_the_stored_hash(signed_report):
    """Were the stored record itself wrong (here: made to match an altered file, or naming another
    certificate), pyHanko's verdict on the signature still refuses the file."""
    altered = flip_signed_byte(stored(signed_report))
    Report.objects.filter(pk=signed_report.pk).update(sha256=hashlib.sha256(altered).hexdigest())
    assert _verdict(Client(), altered) == NEGATIVE

    Report.objects.filter(pk=signed_report.pk).update(
        sha256=signed_report.sha256, signing_certificate_sha256="0" * 64
    )
    assert _verdict(Client(), stored(signed_report)) == NEGATIVE

    Report.objects.filter(pk=signed_report.pk).update(
        signing_certificate_sha256=signed_report.signing_certificate_sha256
    )
    assert _verdict(Client(), stored(signed_report)).startswith("Tài liệu do hệ thống Kỷ cương phát hành")


def test_a_certificate_that_has_expired_since_does_not_disown_the_reports_it_signed(
    rw, media, settings, monkeypatch, tmp_path
):
    expired = make_pki(tmp_path, expired=True)
    settings.REPORT_SIGNING_PKCS12 = str(expired.pkcs12_path)
    monkeypatch.setenv(signing.PKCS12_PASSWORD_ENV, PKCS12_PASSWORD)
    report = issue(rw.base.commune_new)
    assert report.signer == SIGNER_NAME

    assert _verdict(Client(), stored(report)).startswith("Tài liệu do hệ thống Kỷ cương phát hành")


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"file": SimpleUploadedFile("x.pdf", UNRELATED)})
    assert response.status_code == 403


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(views_verify, "VERIFY_MAX_BYTES", 50)
    response = Client().post(URL, {"file": SimpleUploadedFile("x.pdf", UNRELATED)})
    assert response.status_code == 400
    assert "Tệp lớn hơn 50" in response.content.decode()
    assert 'id="verdict"' not in response.content.decode()


def test_uploads_are_limited_per_address(monkeypatch):
    monkeypatch.setattr(views_verify, "VERIFY_LIMIT", 2)
    client, other = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    statuses = [
        client.post(URL, {"file": SimpleUploadedFile("x.pdf", UNRELATED)}).status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert other.post(URL, {"file": SimpleUploadedFile("x.pdf", UNRELATED)}).status_code == 200
    assert client.get(URL).status_code == 200  # reading the page is not counted
