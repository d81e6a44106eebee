"""Faults, each a test, against real processes: a Celery worker killed in the middle of a batch, the SMTP
server down and back, PostgreSQL restarted under a running gunicorn, two edits racing each other.

They need PostgreSQL (a worker and a server process must see the test database): on a laptop with SQLite
they skip, in CI (CI set) they fail instead. Sequential edits losing nothing: tests/web/test_concurrency.py.
"""

import datetime as dt
import email
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from devtools.loadtest import ROOT, free_port, gunicorn, login, production_env, request
from devtools.mailsink import start_sink
from reports.models import OutboxMessage, OutboxStatus, Report, ReportStatus
from reports.targets import units_to_report
from tests.factories import RoleGrantFactory, UnitFactory, UserFactory
from tests.reports_pdf.world import OCTOBER, build_report_world
from units.models import Role, UnitKind

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

EXTRA_COMMUNES = 8  # enough PDFs that the worker is still busy when it is killed


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI"):
        pytest.fail("fault tests need DATABASE_URL to be PostgreSQL in CI")
    pytest.skip("fault tests need PostgreSQL (a worker process must see the test database)")


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


# --- A real worker on a private filesystem broker ----------------------------------------------------------


class Broker:
    """A filesystem queue under the test's tmp folder, shared by this process and the workers it starts."""

    def __init__(self, root: Path) -> None:
        self.var = root
        self.folder = root / "celery" / "out"
        for sub in ("out", "processed"):
            (root / "celery" / sub).mkdir(parents=True, exist_ok=True)

    def conf(self) -> dict:
        return {
            "broker_url": "filesystem://",
            "broker_transport_options": {
                "data_folder_in": str(self.folder),
                "data_folder_out": str(self.folder),
                "processed_folder": str(self.var / "celery" / "processed"),
            },
            "result_backend": None,
        }


@pytest.fixture
def broker(tmp_path):
    from config.celery import app

    keys = ("broker_url", "broker_transport_options", "result_backend", "task_always_eager")
    saved = {key: app.conf.get(key) for key in keys}
    queue = Broker(tmp_path / "var")
    app.close()
    app.conf.update(task_always_eager=False, **queue.conf())
    yield queue
    app.close()
    app.conf.update(**saved)


@contextmanager
def worker(broker: Broker, mail_port: int, name: str) -> Iterator[subprocess.Popen]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_TASK_ALWAYS_EAGER")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database_url(),
        "KYCUONG_VAR_DIR": str(broker.var),
        "PRIVATE_MEDIA_ROOT": str(broker.var / "private"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_port),
        "EMAIL_TIMEOUT": "5",
        "REPORTS_MAIL_RETRY_BACKOFF": "1",
        "LOG_LEVEL": "WARNING",
    }
    log = (broker.var / f"{name}.log").open("wb")
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


class Mailbox:
    def __init__(self, directory: Path) -> None:
        self.directory, self.port = directory, free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = start_sink(self.directory, "127.0.0.1", self.port)

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages(self) -> list[email.message.Message]:
        files = sorted(self.directory.glob("*.eml")) if self.directory.exists() else []
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]

    def message_ids_by_recipient(self) -> dict[str, set[str]]:
        ids: dict[str, set[str]] = {}
        for message in self.messages():
            ids.setdefault(str(message["To"]).lower(), set()).add(str(message["Message-ID"]))
        return ids


@pytest.fixture
def mailbox(tmp_path):
    box = Mailbox(tmp_path / "mail")
    yield box
    box.stop()


def dispatch_october() -> None:
    """Queued on a connection made now: kombu's shared producer pool would reuse another test's queue."""
    from config.celery import app
    from reports.tasks import dispatch_period_reports

    with app.connection_for_write() as conn:
        dispatch_period_reports.apply_async(args=("month", OCTOBER.start.isoformat()), connection=conn)


def reporting_world(framework, extra: int):
    rw = build_report_world(framework)
    for n in range(extra):
        ward = UnitFactory(
            key=f"f:{n}",
            name=f"Phường Thử Tải {n}",
            kind=UnitKind.WARD,
            parent=rw.base.city,
            valid_from=dt.date(2025, 7, 1),
        )
        RoleGrantFactory(user=UserFactory(username=f"lanhdao_thu_{n}"), role=Role.LEADER, unit=ward)
    return rw


def all_delivered(expected_units: int) -> bool:
    reports = Report.objects.filter(period_start=OCTOBER.start)
    return (
        reports.filter(status=ReportStatus.READY).count() == expected_units
        and OutboxMessage.objects.exists()
        and not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
    )


def test_a_worker_killed_mid_batch_then_a_rerun_gives_one_report_and_one_email_each(
    framework, broker, mailbox
):
    reporting_world(framework, EXTRA_COMMUNES)
    units = list(units_to_report(OCTOBER).values_list("pk", flat=True))
    mailbox.start()
    with worker(broker, mailbox.port, "first") as first:
        dispatch_october()
        wait_for(lambda: Report.objects.filter(status=ReportStatus.READY).exists(), 120, "a first report")
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    assert not all_delivered(len(units)), "the batch finished before the kill: make it bigger"
    # The dead worker's claims hold for the lease (10 minutes); let that time pass.
    Report.objects.filter(status=ReportStatus.GENERATING).update(
        claimed_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    with worker(broker, mailbox.port, "second"):
        dispatch_october()  # the rerun: the same command the schedule would run again
        wait_for(lambda: all_delivered(len(units)), 240, "every report and email after the rerun")

    reports = Report.objects.filter(period_start=OCTOBER.start)
    assert sorted(reports.values_list("unit_id", flat=True)) == sorted(units)  # one report per unit
    assert not reports.filter(revision__gt=1).exists()
    recipients = list(OutboxMessage.objects.values_list("recipient", flat=True))
    assert len(recipients) == len(set(recipients))  # one outbox row per recipient (one unit each here)
    received = mailbox.message_ids_by_recipient()
    assert set(received) == {r.lower() for r in recipients}
    assert all(len(ids) == 1 for ids in received.values()), received  # one email each


def test_with_the_smtp_server_down_mail_waits_and_goes_out_once_it_is_back(framework, broker, mailbox):
    reporting_world(framework, 0)
    units = units_to_report(OCTOBER).count()
    with worker(broker, mailbox.port, "mailer"):  # the mailbox is not started: connections are refused
        dispatch_october()
        wait_for(
            lambda: OutboxMessage.objects.filter(status=OutboxStatus.FAILED, attempts__gte=1).exists(),
            120,
            "a failed delivery",
        )
        assert not mailbox.messages()
        failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED).first()
        assert failed is not None and "Connection refused" in failed.last_error
        mailbox.start()
        wait_for(lambda: all_delivered(units), 120, "delivery after the SMTP server came back")
    received = Counter(str(m["To"]).lower() for m in mailbox.messages())
    assert received and all(count == 1 for count in received.values()), received


# --- PostgreSQL restarted under a running app --------------------------------------------------------------


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
        timeout=120,
    )
    wait_for(
        lambda: subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0,
        60,
        "PostgreSQL to accept connections again",
    )


@pytest.mark.skipif(not shutil.which("pg_ctlcluster"), reason="needs the Debian PostgreSQL cluster tools")
def test_after_a_postgres_restart_the_next_request_succeeds(world):
    # Hashed as production hashes (the test settings use a fast MD5 hasher that production does not know).
    hasher = PBKDF2PasswordHasher()
    world.inspector_a.password = hasher.encode("mat-khau-khoi-dong-lai-2025", hasher.salt())
    world.inspector_a.save()
    env = production_env(database_url(), DB_CONN_MAX_AGE="600")
    try:
        with gunicorn(env, workers=1) as base:  # one process, so the next request meets the old connection
            port = int(base.rsplit(":", 1)[1])
            cookies = login(port, "kiemtra_a", "mat-khau-khoi-dong-lai-2025")
            assert request(port, "GET", "/incidents/", cookies=cookies).status == 200
            restart_postgres()
            assert request(port, "GET", "/incidents/", cookies=cookies).status == 200
            health = request(port, "GET", "/healthz")
            assert health.status == 200 and '"database": "ok"' in health.body
    finally:
        connection.close()  # this process's own connection died with the restart too


# --- Two edits at the same moment ---------------------------------------------------------------------------


def test_two_simultaneous_edits_lose_nothing(world):
    from tests.web.test_concurrency import _edit_payload

    incident = world.incident_in(world.commune_a, world.official_a)
    url = reverse("violations:incident_edit", args=[incident.pk])
    payloads = {
        "first": _edit_payload(world, incident, title="Sửa của người thứ nhất"),
        "second": _edit_payload(world, incident, description="Mô tả của người thứ hai, gửi cùng lúc"),
    }
    editors = {"first": world.inspector_a, "second": world.admin}
    start = threading.Barrier(2)
    replies: dict[str, tuple[int, str]] = {}

    def edit(who: str) -> None:
        client = Client()
        client.force_login(editors[who])
        start.wait()
        response = client.post(url, payloads[who])
        replies[who] = (response.status_code, response.content.decode())
        connections.close_all()

    threads = [threading.Thread(target=edit, args=(who,)) for who in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in replies.values())
    assert statuses == [200, 302], replies.keys()
    loser = next(who for who, (status, _) in replies.items() if status == 200)
    assert "vừa được người khác cập nhật" in replies[loser][1]
    typed = payloads[loser]["title"] if loser == "first" else payloads[loser]["description"]
    assert typed in replies[loser][1]  # the refused person's text is still in their form
    incident.refresh_from_db()
    assert incident.version == 2  # exactly one edit went through, whole
    winner = "second" if loser == "first" else "first"
    assert (incident.title, incident.description) == (
        payloads[winner]["title"],
        payloads[winner]["description"],
    )
