"""The email that carries a report: one builder, three templates (subject, text, HTML), the PDF attached."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from reports.models import OutboxMessage
from reports.render import period_phrase


def _message_id(message: OutboxMessage) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "kycuong.local"
    queued = f"{message.queued_at:%Y%m%d%H%M%S%f}"
    return f"<kycuong.report{message.report_id}.msg{message.pk}.{queued}@{domain}>"


def report_email(
    message: OutboxMessage, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    report = message.report
    snapshot = report.snapshot
    context = {
        "report": report,
        "s": snapshot,
        "period_phrase": period_phrase(snapshot["period"]),
        "url": settings.SITE_URL.rstrip("/") + reverse("report_detail", args=[report.pk]),
    }
    with translation.override("vi"):
        subject = " ".join(render_to_string("reports/email/subject.txt", context).split())
        text = render_to_string("reports/email/body.txt", context)
        html = render_to_string("reports/email/body.html", context)
    email = EmailMultiAlternatives(
        subject,
        text,
        to=[message.recipient],
        connection=connection,
        headers={"Message-ID": _message_id(message)},
    )
    email.attach_alternative(html, "text/html")
    with report.pdf.open("rb") as pdf:
        email.attach(report.pdf_filename(), pdf.read(), "application/pdf")
    return email
