"""Making reports: asking for one (idempotent), generating it exactly once, regenerating as a new revision.

Generation is claimed by a conditional UPDATE with a lease (status queued/failed, or generating with an
expired lease → generating, with a fresh token), so two workers never build the same report, and a worker
killed mid-way leaves a lease that expires rather than a report stuck half-done. The last step (number from
the register, PDF drawn, signed and recorded, status ready, outbox rows created) is one transaction guarded by
the token, so a report is either ready with its number and messages queued or not ready at all, and no
number is spent on a build that failed (reports.register).
"""

import datetime as dt
import hashlib
import uuid
from enum import StrEnum

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from reports.content.build import build_snapshot, snapshot_digest
from reports.models import IssuerKind, Report, ReportStatus, report_storage
from reports.outbox import outbox_ensure
from reports.periods import Period
from reports.register import Numbered, number_take
from reports.render import Identity, render_pdf
from reports.signing import sign_report
from units.models import Unit

LEASE = dt.timedelta(minutes=10)


class Outcome(StrEnum):
    READY = "ready"  # generated now, or already ready (then only its outbox was checked)
    BUSY = "busy"  # another worker holds a live lease: the caller retries later
    LOST = "lost"  # our lease expired and another worker took over: it will finish


def current_report(unit: Unit, period: Period) -> Report | None:
    return (
        Report.objects.filter(unit=unit, period_kind=period.kind, period_start=period.start)
        .order_by("-revision")
        .first()
    )


def report_request(*, unit: Unit, period: Period) -> Report:
    """The current revision of the unit's report for the period, created (queued) when there is none.
    Running it twice, or in two workers at once, yields the same row."""
    existing = current_report(unit, period)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Report.objects.create(
                unit=unit, period_kind=period.kind, period_start=period.start, period_end=period.end
            )
    except IntegrityError:  # created meanwhile by another worker
        report = current_report(unit, period)
        assert report is not None
        return report


@transaction.atomic
def report_regenerate(*, report: Report, reason: str) -> Report:
    """A new revision of the same unit and period, counted afresh (e.g. after incidents were corrected).
    Older revisions stay as they were; the new one is the current one."""
    if not reason.strip():
        raise ValueError("a regenerated report needs a reason")
    same_period = Report.objects.select_for_update().filter(
        unit_id=report.unit_id, period_kind=report.period_kind, period_start=report.period_start
    )
    latest = same_period.order_by("-revision").first()
    assert latest is not None
    return Report.objects.create(
        unit_id=report.unit_id,
        period_kind=report.period_kind,
        period_start=report.period_start,
        period_end=report.period_end,
        revision=latest.revision + 1,
        reason=reason.strip(),
    )


def _claim(report_id: int) -> str | None:
    now = timezone.now()
    claimable = Q(status__in=[ReportStatus.QUEUED, ReportStatus.FAILED]) | Q(
        status=ReportStatus.GENERATING, claimed_until__lt=now
    )
    token = uuid.uuid4().hex
    claimed = Report.objects.filter(claimable, pk=report_id).update(
        status=ReportStatus.GENERATING,
        claim_token=token,
        claimed_until=now + LEASE,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return token if claimed == 1 else None


def report_build(report_id: int, *, today: dt.date | None = None) -> Outcome:
    """Generate the report once: snapshot (kept if an earlier attempt froze it), PDF, then ready + outbox.
    For a report that is already ready, only make sure its outbox rows exist and are queued."""
    report = Report.objects.select_related("unit").get(pk=report_id)
    if report.status == ReportStatus.READY:
        outbox_ensure(report)
        return Outcome.READY
    token = _claim(report_id)
    if token is None:
        return Outcome.BUSY
    try:
        return _generate(report_id, token, today or timezone.localdate())
    except Exception as exc:
        Report.objects.filter(pk=report_id, claim_token=token).update(
            status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        raise


def _freeze(report: Report, token: str, today: dt.date) -> bool:
    """Store the snapshot unless an earlier attempt already did: a retry draws the same figures."""
    if report.snapshot:
        return True
    report.snapshot = build_snapshot(report.unit, report.period, today)
    report.snapshot_sha256 = snapshot_digest(report.snapshot)
    return (
        Report.objects.filter(pk=report.pk, claim_token=token).update(
            snapshot=report.snapshot, snapshot_sha256=report.snapshot_sha256
        )
        == 1
    )


def _generate(report_id: int, token: str, today: dt.date) -> Outcome:
    report = Report.objects.select_related("unit").get(pk=report_id)
    if not _freeze(report, token, today):
        return Outcome.LOST
    # Issued in one transaction (reports.register): the report row locked while it is still ours (a worker
    # taking over waits, then finds it ready), its number taken, the PDF drawn with that number, signed and
    # stored, the report made ready and its emails queued. A failure anywhere gives the number back.
    with transaction.atomic():
        if not _still_ours(report.pk, token):
            return Outcome.LOST
        numbered = _number(report)
        identity = Identity(numbered.number, report.revision, report.reason, report.snapshot_sha256)
        # Signed (when a key is configured) before it is stored: the file stored, served, emailed is signed.
        pdf, signature = sign_report(render_pdf(identity, report.snapshot), report.snapshot)
        name = _store(report, token, pdf)
        finished = Report.objects.filter(
            pk=report.pk, claim_token=token, status=ReportStatus.GENERATING
        ).update(
            status=ReportStatus.READY,
            pdf=name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            **signature,
            issuer_kind=numbered.issuer_kind,
            number_year=numbered.year,
            number=numbered.number,
            error="",
            claimed_until=None,
            updated_at=timezone.now(),
        )
        if finished != 1:
            transaction.set_rollback(True)  # the number goes back to the register
            return Outcome.LOST
        report.refresh_from_db()
        outbox_ensure(report)
    return Outcome.READY


def _still_ours(report_id: int, token: str) -> bool:
    """Locks the report row until the issuing transaction ends, if this worker still holds its lease."""
    ours = Report.objects.select_for_update().filter(
        pk=report_id, claim_token=token, status=ReportStatus.GENERATING
    )
    return bool(list(ours.values_list("pk", flat=True)))


def _number(report: Report) -> Numbered:
    """The next number of the register of the body in the report's heading, for the year of its date."""
    issuer = report.snapshot.get("issuer", {})
    return number_take(
        unit_id=report.unit_id,
        issuer_kind=issuer.get("kind", IssuerKind.STATE),  # a snapshot frozen before headings had a kind
        year=dt.date.fromisoformat(report.snapshot["generated_on"]).year,
    )


def _store(report: Report, token: str, pdf: bytes) -> str:
    """A name per attempt, so a slow worker whose lease expired can never overwrite the file of the worker
    that took over. A worker killed between this write and the final update leaves an orphan file (never
    referenced, never served); the report itself is regenerated by the next attempt."""
    stem = f"{report.period_kind}-{report.period_start:%Y-%m}-r{report.revision}-{token[:8]}"
    return report_storage.save(f"reports/{report.unit_id}/{stem}.pdf", ContentFile(pdf))
