"""Reading a signed report back as an outside checker would: poppler's pdfsig and pyHanko's validator."""

import io
import subprocess
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from reports.generation import report_build, report_request
from reports.models import Report
from tests.reports_pdf.world import OCTOBER, TODAY
from tests.reports_sign.pki import Pki, require_tool


def issue(unit) -> Report:
    report = report_request(unit=unit, period=OCTOBER)
    report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    return report


def stored(report: Report) -> bytes:
    with report.pdf.open("rb") as source:
        return source.read()


def run_pdfsig(pdf: bytes, directory: Path) -> subprocess.CompletedProcess:
    require_tool("pdfsig")
    path = directory / "checked.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)


def pdfsig(pdf: bytes, directory: Path) -> str:
    """What pdfsig says of a signed file. It exits 0 whenever it could read the signatures, valid or not
    (2 for a file without any): its verdict is in what it prints."""
    result = run_pdfsig(pdf, directory)
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def pyhanko_status(pdf: bytes, pki: Pki):
    from asn1crypto import x509

    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    context = ValidationContext(trust_roots=[x509.Certificate.load(pki.ca_der())], allow_fetching=False)
    return validate_pdf_signature(signatures[0], context)


def flip_signed_byte(pdf: bytes) -> bytes:
    """One bit changed in the first content stream of the document as rendered: well inside the signed
    range (the signature is appended after the rendered file's %%EOF), and the file still parses."""
    position = pdf.index(b"stream\n") + len(b"stream\n") + 10
    assert position < pdf.index(b"%%EOF")
    flipped = bytearray(pdf)
    flipped[position] ^= 0x01
    return bytes(flipped)
