"""Is this PDF one of our issued reports, unaltered? The answer for the public page /xac-thuc/.

A file is ours when its SHA-256 is that of an issued report's stored file, and, for a report issued signed,
when pyHanko also finds its signature intact, covering the whole file and made with the certificate recorded
for that report. A file whose hash matches nothing is answered at once, without being parsed: the page reads
no PDF that the system did not write itself. The answer depends on the uploaded bytes alone, so the page
tells nothing about reports beyond the one whose exact file the visitor already holds.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.core.files import File

from reports.models import Report, ReportStatus
from reports.render import period_phrase
from reports.signing import signature_intact


@dataclass(frozen=True)
class Verdict:
    """None for a file that is not ours (or was altered); otherwise what the page may say about it."""

    unit: str
    period: str  # as the report's title says it: "tháng 10/2026", "quý III/2026"
    revision: int
    reference: str  # its số and ký hiệu without the word "Số": "7/BC-UBND", "7-BC/ĐU"; empty if unnumbered
    signer: str  # empty: issued without a digital signature
    signed_at: dt.datetime | None


def file_sha256(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def issued_report(sha256: str) -> Report | None:
    return Report.objects.filter(sha256=sha256, status=ReportStatus.READY).first()


def verify(upload: File) -> Verdict | None:
    """The verdict on an uploaded file (read whole only when its hash is an issued report's)."""
    report = issued_report(file_sha256(upload))
    if report is None:
        return None
    if report.signing_certificate_sha256:
        upload.seek(0)
        if not signature_intact(upload.read(), certificate_sha256_expected=report.signing_certificate_sha256):
            return None
    # Named as the document itself names them (its frozen snapshot), even if the unit was renamed since.
    snapshot = report.snapshot
    period = snapshot.get("period") or {"kind": report.period_kind, "start": report.period_start.isoformat()}
    unit = snapshot.get("unit", {}).get("name") or report.unit.name
    reference = NUMBER_WORD.sub("", report.reference())
    return Verdict(unit, period_phrase(period), report.revision, reference, report.signer, report.signed_at)


NUMBER_WORD = re.compile(r"^Số:?\s*")
