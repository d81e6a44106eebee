"""End to end with a real Celery worker process, a real SMTP server on loopback and the test database on
PostgreSQL (Redis as the broker when REDIS_URL is set, else the filesystem transport in a private folder):
the monthly run of a small city, a rerun that adds nothing, and delivery surviving an SMTP outage."""

import io
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from reports.models import OutboxMessage, OutboxStatus, Report
from reports.tasks import dispatch_period_reports
from tests.conftest import require_service
from tests.reports_pdf.conftest import pdf_attachments, use_broker

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 120
RECIPIENTS = [
    "chutich_phucthinh@example.vn",
    "lanhdao_badinh@example.vn",
    "lanhdao_phucthinh@example.vn",
    "lanhdao_thanhpho@example.vn",
    "vanphong@hanoi.gov.vn",
]


def _require_postgresql() -> None:
    """A worker process can only reach the test database if it is a PostgreSQL one."""
    if connection.vendor != "postgresql":
        message = "the worker test needs DATABASE_URL pointing at PostgreSQL"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    db = settings.DATABASES["default"]
    require_service("PostgreSQL", db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))


def _database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{quote(db['USER'])}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _forget_cached_headcounts(redis_url: str) -> None:
    """The worker caches headcounts by day, keyed by unit id, in Redis: an earlier run's ids are stale."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("*headcount:*"):
        client.delete(key)


def _broker(app, tmp_path: Path) -> dict[str, str]:
    """Point this process's Celery app at the worker's broker; return the worker's environment for it."""
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        parts = urlsplit(redis_url)
        require_service("Redis", parts.hostname or "127.0.0.1", parts.port or 6379)
        _forget_cached_headcounts(redis_url)
        use_broker(app, broker_url=redis_url, result_backend=redis_url, broker_transport_options={})
        return {"REDIS_URL": redis_url}
    if os.environ.get("CI"):
        pytest.fail("REDIS_URL must be set in CI")
    folder = tmp_path / "celery"
    for sub in ("out", "processed"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    options = {
        "data_folder_in": str(folder / "out"),
        "data_folder_out": str(folder / "out"),
        "processed_folder": str(folder / "processed"),
    }
    use_broker(app, broker_url="filesystem://", broker_transport_options=options, result_backend=None)
    return {}  # the worker derives the same folders from KYCUONG_VAR_DIR (config.celery)


@pytest.fixture
def worker(private_broker, tmp_path, media, mailbox) -> Iterator[Path]:
    _require_postgresql()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env |= _broker(private_broker, tmp_path) | {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",  # the SMTP backend, as in production
        "DATABASE_URL": _database_url(),
        "KYCUONG_VAR_DIR": str(tmp_path),
        "PRIVATE_MEDIA_ROOT": str(media),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
        "EMAIL_TIMEOUT": "5",
        "REPORTS_MAIL_RETRY_BACKOFF": "1",
        "SITE_URL": "http://kycuong.test",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", "celery"]
    command += ["--purge", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    command += ["-n", f"e2e-{uuid.uuid4().hex[:8]}@%h"]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        # Publishing before the worker is up would lose the message to --purge (which clears stale ones).
        _wait_for(lambda: " ready." in log.read_text(), log, "the worker to start")
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(condition: Callable[[], bool], log: Path, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"waited {WAIT_SECONDS} s for {what}; worker log:\n{log.read_text()[-6000:]}")


def _succeeded(log: Path, task: str) -> int:
    return len(re.findall(rf"Task reports\.tasks\.{task}\[[^\]]+\] succeeded", log.read_text()))


def _sent(kind: str) -> int:
    return OutboxMessage.objects.filter(report__period_kind=kind, status=OutboxStatus.SENT).count()


def test_the_monthly_job_reports_once_per_unit_mails_once_per_recipient_and_survives_an_smtp_outage(
    worker, rw, mailbox
):
    dispatch_period_reports.delay("month", "2026-10-01")
    _wait_for(lambda: _sent("month") == 5 and len(mailbox.messages()) == 5, worker, "the monthly reports")

    reports = Report.objects.select_related("unit").order_by("unit__name")
    assert [(r.unit.name, r.status, r.revision) for r in reports] == [
        ("Phường Ba Đình", "ready", 1),
        ("Thành phố Hà Nội", "ready", 1),
        ("Xã Phúc Thịnh", "ready", 1),
    ]
    emails = mailbox.messages()
    assert sorted(m["To"] for m in emails) == RECIPIENTS
    for email in emails:
        (pdf,) = pdf_attachments(email)
        assert pdf.startswith(b"%PDF")
    to_commune = next(m for m in emails if m["To"] == "chutich_phucthinh@example.vn")
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(pdf_attachments(to_commune)[0])).pages
        ).split()
    )
    assert "Xã Phúc Thịnh" in text and "tháng 10/2026" in text and "ghi nhận 2 vụ việc" in text
    assert "Số: 1/BC-UBND" in text  # numbered from the commune's register by the worker

    # A rerun of the same month (a redelivered or repeated beat run): nothing new, nothing sent twice.
    dispatch_period_reports.delay("month", "2026-10-01")
    _wait_for(lambda: _succeeded(worker, "generate_report") == 6, worker, "the rerun")
    assert Report.objects.count() == 3 and OutboxMessage.objects.count() == 5
    assert len(mailbox.messages()) == 5

    # The SMTP server goes down during the quarterly run: delivery fails and is retried...
    mailbox.stop()
    dispatch_period_reports.delay("quarter", "2026-07-01")
    quarterly = OutboxMessage.objects.filter(report__period_kind="quarter")
    _wait_for(
        lambda: quarterly.count() == 5 and not quarterly.filter(attempts=0).exists(),
        worker,
        "failed attempts",
    )
    assert set(quarterly.values_list("status", flat=True)) <= {OutboxStatus.FAILED, OutboxStatus.PENDING}
    assert "Connection refused" in quarterly.first().last_error

    # ...and succeeds once it is back, on the same port, each recipient getting exactly one email.
    mailbox.start()
    _wait_for(lambda: _sent("quarter") == 5, worker, "delivery after the SMTP server came back")
    time.sleep(1)  # let a stray duplicate, if there were one, arrive before counting
    subjects = Counter((m["To"], m["Subject"].strip()) for m in mailbox.messages())
    assert len(subjects) == 10 and set(subjects.values()) == {1}
    assert all(m.attempts >= 2 for m in quarterly)
