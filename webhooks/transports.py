"""The HTTP transport of the outbox: one signed POST; failures say whether a retry can help
(`core.outbox.TransportError`, the shape of healthchecks' transports).

- 2xx: delivered;
- 408, 429 and 5xx: transient (the receiver is busy or broken for now): retried with backoff;
- any other 4xx: permanent (the receiver refuses this request: a retry sends the same bytes);
- 3xx: permanent (redirects are never followed: they could point inside);
- unreachable (connection refused, timeout, DNS): transient, stored without the socket error,
  which would tell what listens where;
- a target that is not allowed (private address, at send time too): permanent.
"""

import hashlib
import hmac
import urllib.error
import urllib.request

from core.outbox import TransportError

from .targets import TargetRefused, check_target

SIGNATURE_HEADER = "X-Iptracker-Signature"
TIMEOUT_SECONDS = 10
# Stored and shown in the delivery log: never the socket error, which tells what listens where.
UNREACHABLE = "The receiver could not be reached."
TRANSIENT_CODES = frozenset({408, 429})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not followed (it could point inside); it is logged as its status code."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def classify_status(code: int) -> TransportError | None:
    """None for a 2xx; otherwise the failure the status code means."""
    if 200 <= code < 300:
        return None
    transient = code >= 500 or code in TRANSIENT_CODES
    return TransportError(f"HTTP {code}", permanent=not transient, code=code)


class WebhookTransport:
    def send(self, *, url: str, secret: str, body: bytes, headers: dict) -> int:
        """POST `body` signed with `secret`; returns the 2xx status, raises TransportError."""
        try:
            check_target(url, resolve=True)  # again at send time: DNS may point inside
        except TargetRefused as exc:
            raise TransportError(str(exc), permanent=True) from exc
        request = urllib.request.Request(  # noqa: S310 - the URL is an http(s) URLField
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "iptracker-webhooks/1",
                SIGNATURE_HEADER: sign(secret, body),
                **headers,
            },
        )
        try:
            with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
        except (urllib.error.URLError, OSError) as exc:
            raise TransportError(UNREACHABLE, unreachable=True) from exc
        except ValueError as exc:  # a URL urllib cannot use: sending it again changes nothing
            raise TransportError(UNREACHABLE, permanent=True) from exc
        failure = classify_status(code)
        if failure is not None:
            raise failure
        return code
