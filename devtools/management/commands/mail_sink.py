import logging
import signal
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from devtools.mailsink import start_sink


class Command(BaseCommand):
    help = "A local SMTP server for development: every message is stored as an .eml file (var/mail/)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=settings.EMAIL_PORT)
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "mail"))

    def handle(self, *args, host: str, port: int, dir: str, **options) -> None:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
        controller = start_sink(
            Path(dir), host, port, on_message=lambda path: self.stdout.write(f"mail → {path}")
        )
        self.stdout.write(f"Mail sink on {host}:{port}, storing .eml files in {dir}")
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
        try:
            while not stop:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
