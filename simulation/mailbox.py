"""A real SMTP server on loopback (aiosmtpd) that keeps every message it accepts, parsed.

It can refuse mail for a while (451 to every recipient: the "SMTP server down for a day" fault).
Each message is stamped with the simulated moment it arrived: time-machine moves the clock of
every thread, the server's included.
"""

import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy as email_policy

from aiosmtpd.controller import Controller

from core.clock import now_utc

REFUSAL = "451 4.3.0 Mail refused for now: try again later"


@dataclass
class Received:
    at: object  # aware datetime (simulated)
    recipient: str
    message_id: str
    stage: str
    subject: str
    text: str

    @property
    def alert_id(self) -> int | None:
        """Delivery writes Message-ID <alert-<pk>@iptracker>, stable across re-sends."""
        value = self.message_id.strip("<>")
        if value.startswith("alert-") and "@" in value:
            number = value[len("alert-") : value.index("@")]
            return int(number) if number.isdigit() else None
        return None


class Mailbox:
    """The aiosmtpd handler."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.refusing = False
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            with self.lock:
                self.refused += 1
            return REFUSAL
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=email_policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        at = now_utc()
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append(
                    Received(
                        at=at,
                        recipient=rcpt,
                        message_id=str(parsed.get("Message-ID", "")),
                        stage=str(parsed.get("X-Iptracker-Alert", "")),
                        subject=str(parsed.get("Subject", "")),
                        text=text,
                    )
                )
        return "250 Message accepted for delivery"

    def since(self, position: int) -> list[Received]:
        with self.lock:
            return self.received[position:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
