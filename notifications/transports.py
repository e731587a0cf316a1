"""The email transport of the outbox: one SMTP session per batch; failures say whether a retry
can help (`core.outbox.TransportError`).

Permanent: the server refused with a 5xx (every recipient refused with 5xx, message refused),
no address, nothing accepted. Transient: the server is unreachable or dropped the connection
(`unreachable`: the rest of the batch waits untried), or answered with a 4xx.
"""

import smtplib

from django.core.mail import EmailMessage, get_connection

from core.outbox import TransportError


def classify(exc: Exception) -> TransportError:
    """What an exception raised while sending an email means for the outbox."""
    message = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, TransportError):
        return exc
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(c >= 500 for c in codes)
        return TransportError(message, permanent=permanent, code=max(codes, default=None))
    if isinstance(exc, smtplib.SMTPConnectError):  # refused at the greeting: nothing gets in
        return TransportError(message, unreachable=True, code=exc.smtp_code)
    if isinstance(exc, smtplib.SMTPResponseException):
        return TransportError(message, permanent=exc.smtp_code >= 500, code=exc.smtp_code)
    unreachable = isinstance(exc, OSError | smtplib.SMTPServerDisconnected)
    return TransportError(message, unreachable=unreachable)


class EmailTransport:
    """Django's configured email backend, opened once for a batch of messages."""

    def __init__(self, *, timeout: float):
        self.connection = get_connection(timeout=timeout)
        self.opened = False

    def send(self, message: EmailMessage) -> None:
        """Send one message built on `self.connection`; raises TransportError."""
        try:
            if not any(message.to):
                raise TransportError("the recipient has no email address", permanent=True)
            if not self.opened:  # one SMTP session for the whole batch
                self.connection.open()
                self.opened = True
            if message.send() != 1:
                raise TransportError("the email backend did not accept the message", permanent=True)
        except Exception as exc:
            raise classify(exc) from exc

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # closing a dead connection must not hide the real outcome
            return
