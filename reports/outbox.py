"""The outbox: a row per (report, recipient) says whether that email went out, whatever the task queue did.

Sending claims the row with SELECT … FOR UPDATE SKIP LOCKED inside a transaction, sends, marks it sent and
commits; a second task for the same row either waits for nothing (skipped while locked) or finds it sent.
The one window left: the SMTP server accepted the message and the worker died before the commit. The row is
then still pending and the message is sent again on retry. Such a duplicate carries the same Message-ID, so
mail clients show it once. Closing the window entirely would need the SMTP server to take part in our
transaction, which it cannot.
"""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from reports.emails import report_email
from reports.models import OutboxMessage, OutboxStatus, Report
from reports.queueing import enqueue_on_commit
from reports.recipients import recipients_for

# What a retry can cure: the server refused or was unreachable. Anything else is a bug and fails loudly.
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (smtplib.SMTPException, OSError)


def _queue_unsent(report: Report) -> list[int]:
    ids = list(report.messages.exclude(status=OutboxStatus.SENT).values_list("pk", flat=True))
    from reports.tasks import send_outbox_message  # tasks import this module

    enqueue_on_commit(send_outbox_message, [(message_id,) for message_id in ids])
    return ids


def outbox_ensure(report: Report) -> list[int]:
    """Create the missing rows for the unit's current recipients and queue every unsent row (after commit).
    Rows already sent are left alone, so running this again never sends a second email."""
    now = timezone.now()
    recipients = recipients_for(report.unit, timezone.localdate())
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(report=report, recipient=r, queued_at=now) for r in recipients], ignore_conflicts=True
    )
    return _queue_unsent(report)


@transaction.atomic
def report_resend(report: Report) -> list[int]:
    """An administrator's explicit resend: every recipient gets the report again (a new Message-ID)."""
    outbox_ensure(report)
    report.messages.update(status=OutboxStatus.PENDING, queued_at=timezone.now(), last_error="")
    return _queue_unsent(report)


def message_send(message_id: int, connection: BaseEmailBackend | None = None) -> str | None:
    """Send one outbox message unless it is sent already or being sent. Returns the row's new status (None
    when skipped); on an SMTP failure records it on the row, then raises so the task retries."""
    failure: Exception | None = None
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=message_id)
            .exclude(status=OutboxStatus.SENT)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            report_email(message, connection).send()
        except RETRYABLE_ERRORS as exc:
            failure = exc
            message.status, message.last_error = OutboxStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        else:
            message.status, message.sent_at, message.last_error = OutboxStatus.SENT, timezone.now(), ""
        message.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    if failure is not None:
        raise failure
    return message.status
