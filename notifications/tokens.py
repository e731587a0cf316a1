"""Signed one-click acknowledge tokens (TimestampSigner: tamper-proof, expiring)."""

from django.core.signing import BadSignature, TimestampSigner

from . import conf

_SALT = "notifications.alert-ack"


class InvalidToken(Exception):
    pass


def ack_token(alert_id: int) -> str:
    return TimestampSigner(salt=_SALT).sign(str(alert_id))


def alert_id_from(token: str) -> int:
    """The alert id inside a valid, unexpired token; InvalidToken otherwise."""
    try:
        value = TimestampSigner(salt=_SALT).unsign(token, max_age=conf.ACK_MAX_AGE)
        return int(value)
    except (BadSignature, ValueError) as exc:  # SignatureExpired is a BadSignature
        raise InvalidToken(str(exc)) from exc
