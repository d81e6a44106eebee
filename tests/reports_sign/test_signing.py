"""Issued reports carry a PAdES signature by the configured key (a PKCS#12 file or a PKCS#11 token), which
poppler's pdfsig and pyHanko's validator accept, and which both reject once a single byte is changed. With
no key the report is issued unsigned and says so."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from pypdf import PdfReader

from reports import signing
from reports.models import Report, ReportStatus
from tests.reports_sign.checks import flip_signed_byte, issue, pdfsig, pyhanko_status, run_pdfsig, stored
from tests.reports_sign.pki import SIGNER_NAME

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _assert_signed_and_recorded(report: Report, pdf: bytes, pki, directory) -> None:
    output = pdfsig(pdf, directory)
    assert f"Signer Certificate Common Name: {SIGNER_NAME}" in output
    assert "Signature Type: ETSI.CAdES.detached" in output  # PAdES
    assert "Total document signed" in output
    assert "Signature Validation: Signature is Valid." in output
    # Valid, but issued by a CA that poppler's trust store does not hold: the tests' own.
    assert "Certificate Validation: Certificate issuer isn't Trusted." in output

    status = pyhanko_status(pdf, pki)
    assert status.intact and status.valid and status.trusted and status.docmdp_ok
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.bottom_line

    assert report.sha256 == hashlib.sha256(pdf).hexdigest()
    assert report.signer == SIGNER_NAME
    assert report.signing_certificate_sha256 == hashlib.sha256(pki.signer_der()).hexdigest()
    assert report.signed_at is not None and abs(timezone.now() - report.signed_at) < dt.timedelta(minutes=5)
    assert status.signer_reported_dt == report.signed_at
    assert f"Bản điện tử có chữ ký số của {SIGNER_NAME}." in _text(pdf)


def _assert_both_reject(pdf: bytes, pki, directory) -> None:
    output = pdfsig(pdf, directory)
    assert "Signature Validation: Digest Mismatch." in output
    assert "Signature is Valid" not in output
    status = pyhanko_status(pdf, pki)
    assert not status.intact and not status.bottom_line


def test_a_report_signed_with_a_pkcs12_key_is_accepted_and_a_flipped_byte_is_rejected(
    rw, media, pkcs12_key, tmp_path
):
    report = issue(rw.base.commune_new)
    pdf = stored(report)

    _assert_signed_and_recorded(report, pdf, pkcs12_key, tmp_path)
    _assert_both_reject(flip_signed_byte(pdf), pkcs12_key, tmp_path)


def test_a_report_signed_through_pkcs11_on_softhsm_is_accepted_and_a_flipped_byte_is_rejected(
    rw, media, pkcs11_key, tmp_path
):
    report = issue(rw.base.city)
    pdf = stored(report)

    _assert_signed_and_recorded(report, pdf, pkcs11_key, tmp_path)
    _assert_both_reject(flip_signed_byte(pdf), pkcs11_key, tmp_path)


def test_with_no_key_the_report_is_issued_unsigned_and_says_so(rw, media, tmp_path):
    report = issue(rw.base.commune_new)
    pdf = stored(report)

    assert report.status == ReportStatus.READY
    assert (report.signer, report.signed_at, report.signing_certificate_sha256) == ("", None, "")
    assert report.sha256 == hashlib.sha256(pdf).hexdigest()
    assert signing.read_signature(pdf) is None
    text = _text(pdf)
    assert "Bản điện tử không có chữ ký số." in text
    assert "Kiểm tra tính xác thực của tệp tại http://" in text and "/xac-thuc/" in text
    checked = run_pdfsig(pdf, tmp_path)
    assert checked.returncode == 2 and "does not contain any signatures" in checked.stdout + checked.stderr


def test_a_key_that_cannot_be_opened_fails_the_report_rather_than_issuing_it_unsigned(
    rw, media, pkcs12_key, monkeypatch
):
    monkeypatch.setenv(signing.PKCS12_PASSWORD_ENV, "sai-mat-khau")
    report = Report.objects.create(
        unit=rw.base.commune_new,
        period_kind="month",
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
    )
    from reports.generation import report_build
    from tests.reports_pdf.world import TODAY

    with pytest.raises(ImproperlyConfigured):
        report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and not report.pdf and report.sha256 == ""


@pytest.mark.parametrize(
    "values",
    [
        {"REPORT_SIGNING_PKCS12": "/x.p12", "REPORT_SIGNING_PKCS11_MODULE": "/x.so"},
        {"REPORT_SIGNING_PKCS11_MODULE": "/x.so", "REPORT_SIGNING_PKCS11_TOKEN": "t"},
        {"REPORT_SIGNING_PKCS11_MODULE": "/x.so", "REPORT_SIGNING_PKCS11_KEY": "k"},
    ],
)
def test_half_a_configuration_is_an_error_not_unsigned_reports(settings, values):
    for name, value in values.items():
        setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured):
        signing.configured_key()


def test_the_pin_and_password_are_read_from_the_environment_not_the_settings(settings):
    from django.conf import settings as live

    assert not hasattr(live, signing.PKCS12_PASSWORD_ENV)
    assert not hasattr(live, signing.PKCS11_PIN_ENV)


def test_later_signatures_reuse_the_first_ones_reserved_space_and_stay_valid(pkcs12_key, tmp_path):
    """Only the first PDF a key signs in a process is signed twice (pyHanko's size estimate)."""
    from weasyprint import HTML

    pdfs = [HTML(string=f"<p>Báo cáo thử {n}</p>").write_pdf() for n in (1, 2, 3)]
    signed = [signing.sign_pdf(pdf, reason="thử", location="Hà Nội") for pdf in pdfs]

    reserved = signing._configured().bytes_reserved
    assert reserved is not None
    for pdf in signed:
        contents = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AcroForm"]["/Fields"][0]["/V"]["/Contents"]
        assert 2 * len(contents) == reserved
        assert pyhanko_status(pdf, pkcs12_key).bottom_line
