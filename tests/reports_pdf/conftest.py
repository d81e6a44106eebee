import email
import socket
import uuid
from email import policy
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from devtools.mailsink import start_sink
from tests.reports_pdf.world import build_report_world


@pytest.fixture
def media(settings, tmp_path):
    """PDFs go to a private folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def rw(framework):
    return build_report_world(framework)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """A real SMTP server on loopback (the development mail sink), and the messages it received."""

    controller: Controller | None = None

    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port

    def start(self) -> None:
        self.controller = start_sink(self.directory, "127.0.0.1", self.port)

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller: Controller | None = None

    def messages(self) -> list[Message]:
        files = sorted(self.directory.glob("*.eml")) if self.directory.exists() else []
        return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]


@pytest.fixture
def mailbox(settings, tmp_path):
    box = Mailbox(tmp_path / "mail", free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", box.port, 5
    box.start()
    yield box
    box.stop()


def pdf_attachments(message: Message) -> list[bytes]:
    return [
        part.get_payload(decode=True)
        for part in message.walk()
        if part.get_content_type() == "application/pdf"
    ]


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Headcounts are cached by day, keyed by unit id, and ids differ from test to test on PostgreSQL."""
    location = f"reports-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}
    }


BROKER_KEYS = ("broker_url", "broker_transport_options", "result_backend")


def use_broker(app, **conf) -> None:
    """Repoint this process's Celery app. Celery caches its connection and producer pools; they are dropped
    as Celery itself drops them after a fork (Celery._after_fork), so the next publish uses the new broker."""
    app.conf.update(**conf)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def private_broker():
    """Anything these tests queue by mistake lands in memory, never in the development worker's queue
    (var/celery/, or Redis), where a worker would run it against another database."""
    from config.celery import app

    saved = {key: app.conf.get(key) for key in BROKER_KEYS}
    use_broker(app, broker_url="memory://", broker_transport_options={}, result_backend=None)
    yield app
    use_broker(app, **saved)


@pytest.fixture
def eager(settings):
    """Celery tasks run inline (the worker test below runs them in a real worker instead)."""
    from config.celery import app

    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield app
    app.conf.update(task_always_eager=False, task_eager_propagates=False)
