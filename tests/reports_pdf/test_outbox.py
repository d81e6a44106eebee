"""Delivery: who receives a report, one email each, SMTP failures retried, nothing sent twice."""

import pytest

from reports.generation import report_build, report_request
from reports.models import OutboxMessage, OutboxStatus
from reports.outbox import message_send, report_resend
from reports.recipients import recipients_for
from reports.tasks import send_outbox_message
from tests.reports_pdf.conftest import pdf_attachments
from tests.reports_pdf.world import OCTOBER, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(rw, media):
    report = report_request(unit=rw.base.commune_new, period=OCTOBER)
    report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    return report


def test_recipients_are_the_leaders_by_post_and_by_role_and_the_active_subscribers(rw):
    assert recipients_for(rw.base.commune_new, TODAY) == [
        "chutich_phucthinh@example.vn",
        "lanhdao_phucthinh@example.vn",
    ]
    assert recipients_for(rw.base.city, TODAY) == ["lanhdao_thanhpho@example.vn", "vanphong@hanoi.gov.vn"]


def test_a_former_head_no_longer_receives_reports(rw):
    post = rw.head_new.assignments.get()
    post.end_date = TODAY.replace(day=1)
    post.save()
    assert recipients_for(rw.base.commune_new, TODAY) == ["lanhdao_phucthinh@example.vn"]


def test_a_ready_report_has_one_outbox_row_per_recipient(ready):
    rows = list(ready.messages.values_list("recipient", "status", "attempts"))
    assert rows == [
        ("chutich_phucthinh@example.vn", "pending", 0),
        ("lanhdao_phucthinh@example.vn", "pending", 0),
    ]


def test_the_email_carries_the_pdf_a_link_and_both_parts(ready, mailbox, settings):
    settings.SITE_URL = "https://kycuong.example.vn"
    message_id = ready.messages.first().pk

    assert message_send(message_id) == OutboxStatus.SENT

    (received,) = mailbox.messages()
    assert received["Subject"].strip() == "Báo cáo kỷ cương, kỷ luật tháng 10/2026 — Xã Phúc Thịnh"
    assert received["Message-ID"].startswith(f"<kycuong.report{ready.pk}.msg{message_id}.")
    text = next(p for p in received.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
    html = next(p for p in received.walk() if p.get_content_type() == "text/html").get_payload(decode=True)
    link = f"https://kycuong.example.vn/reports/{ready.pk}/"
    assert link in text.decode() and link in html.decode()
    assert "Vụ việc ghi nhận trong kỳ: 2" in text.decode()
    (pdf,) = pdf_attachments(received)
    assert [p.get_filename() for p in received.iter_attachments()] == ["bao-cao-xa-phuc-thinh-2026-10.pdf"]
    with ready.pdf.open("rb") as stored:
        assert pdf == stored.read()


def test_an_smtp_failure_is_recorded_then_retried_and_a_sent_message_is_never_sent_again(ready, mailbox):
    message = ready.messages.first()
    mailbox.stop()

    with pytest.raises(OSError):
        message_send(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert "Connection refused" in message.last_error

    mailbox.start()
    assert message_send(message.pk) == OutboxStatus.SENT
    assert message_send(message.pk) is None
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")
    assert len(mailbox.messages()) == 1


def test_an_administrators_resend_sends_each_recipient_one_more_email(ready, mailbox):
    for message in ready.messages.all():
        message_send(message.pk)
    first_ids = {m["Message-ID"] for m in mailbox.messages()}

    queued = report_resend(ready)
    for message_id in queued:
        message_send(message_id)

    assert len(queued) == 2
    assert len(mailbox.messages()) == 4
    assert {m["Message-ID"] for m in mailbox.messages()} > first_ids
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_the_send_task_retries_smtp_errors_with_backoff(settings):
    assert send_outbox_message.max_retries == 8
    assert send_outbox_message.retry_backoff == settings.REPORTS_MAIL_RETRY_BACKOFF
    assert OSError in send_outbox_message.autoretry_for
    assert send_outbox_message.acks_late
