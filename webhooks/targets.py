"""Where a webhook may be sent: public http(s) receivers only, unless the operator allows
private ones (WEBHOOKS_ALLOW_PRIVATE=true: tests, a receiver on the same host).

Without this rule, an organisation could make the server POST to itself or its private network
(Redis, PostgreSQL, cloud metadata) and read what listens there from the delivery log.
"""

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from django.conf import settings

REFUSED = "Use a public http or https address: private, loopback and link-local ones are refused."
CREDENTIALS = "Put no user name or password in the URL: deliveries are signed with the secret."
UNRESOLVED = "The receiver's host name could not be resolved."
# Legacy IPv4 spellings (2130706433, 0x7f.1, 127.1) that resolvers turn into addresses.
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+", re.IGNORECASE)


class TargetRefused(Exception):
    """A webhook URL may not be used; the message is safe to show and to store."""


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _literal_address(host: str):
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def check_target(url: str, *, resolve: bool = False) -> None:
    """Raise TargetRefused unless `url` may receive webhooks.

    Validation (resolve=False) looks at the URL alone; the sender (resolve=True) also resolves
    the host and refuses it if any address it resolves to is not public.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise TargetRefused("Use an http or https URL.")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(CREDENTIALS)
    if private_allowed():
        return
    host = parts.hostname.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        raise TargetRefused(REFUSED)
    literal = _literal_address(host)
    if literal is not None:
        if not _is_public(literal):
            raise TargetRefused(REFUSED)
        return
    if not resolve:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError) as exc:
        raise TargetRefused(UNRESOLVED) from exc
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    if not addresses or not all(_is_public(a) for a in addresses):
        raise TargetRefused(REFUSED)
