"""A local SMTP server that stores each message as an .eml file: what `make run` sends mail to, so a person
can open the reports' emails, and what the end-to-end test delivers to."""

import itertools
import time
from collections.abc import Callable
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class EmlDirectory:
    """aiosmtpd handler: one file per accepted message, named so that listing the folder sorts by arrival."""

    def __init__(self, directory: Path, on_message: Callable[[Path], None] | None = None) -> None:
        self.directory = directory
        self.on_message = on_message
        self._counter = itertools.count(1)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{time.time_ns()}-{next(self._counter):05d}.eml"
        content = envelope.original_content or b""
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        if self.on_message:
            self.on_message(path)
        return "250 Message accepted for delivery"


def start_sink(
    directory: Path, host: str, port: int, on_message: Callable[[Path], None] | None = None
) -> Controller:
    controller = Controller(EmlDirectory(directory, on_message), hostname=host, port=port)
    controller.start()
    return controller
