"""API authentication: hashed personal tokens, and throttling of what fails or stays anonymous.

DRF checks throttles only after authentication and permissions succeed, so a wrong token (a 401)
or an anonymous call to a protected endpoint would never be throttled. Both are throttled here,
inside authentication, per client address (accounts.client): see README "Security".
"""

import logging

from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    TokenAuthentication,
    get_authorization_header,
)
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.client import client_ip
from accounts.tokens import token_authenticate

logger = logging.getLogger(__name__)


class AddressThrottle(SimpleRateThrottle):
    """A sliding window per client address. Rates are read at each request (so settings changes
    apply), and a cache that cannot be reached lets the request through rather than fail it."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def _history(self, request) -> list[float] | None:
        self.key = self.get_cache_key(request, None)
        try:
            history = self.cache.get(self.key, [])
        except (RedisError, OSError):
            logger.warning("Throttle cache unavailable; %s not throttled.", self.scope)
            return None
        self.now = self.timer()
        self.history = [moment for moment in history if moment > self.now - self.duration]
        return self.history

    def wait_seconds(self, request) -> float | None:
        """Seconds to wait when the address used up its rate, else None (nothing recorded)."""
        history = self._history(request)
        if history is None or len(history) < self.num_requests:
            return None
        return max(self.wait() or 1, 1)

    def record(self, request) -> None:
        if self._history(request) is None:
            return
        self.history.insert(0, self.now)
        try:
            self.cache.set(self.key, self.history, self.duration)
        except (RedisError, OSError):
            logger.warning("Throttle cache unavailable; %s not recorded.", self.scope)


class FailedTokenThrottle(AddressThrottle):
    scope = "failed_token"


class AnonymousRateThrottle(AddressThrottle):
    scope = "anon"


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` against accounts.tokens (digests only, expiry, revocation,
    active users). A read-only token is refused (403) on any unsafe method, whatever the view's
    own permissions. After too many failed tokens from one address, 429 with Retry-After."""

    keyword = "Token"

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.keyword.lower().encode():
            return None
        throttle = FailedTokenThrottle()
        wait = throttle.wait_seconds(request)
        if wait is not None:
            raise exceptions.Throttled(wait)
        key = auth[1].decode("utf-8", "replace") if len(auth) == 2 else ""
        token = token_authenticate(key)
        if token is None:
            throttle.record(request)
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This API token is read-only."))
        return token.user, token


class AnonymousThrottle(BaseAuthentication):
    """Last in the list, so only reached by a request that no other class authenticated: counts
    it against the anonymous rate of its address and never authenticates anyone."""

    def authenticate(self, request):
        throttle = AnonymousRateThrottle()
        wait = throttle.wait_seconds(request)
        if wait is not None:
            raise exceptions.Throttled(wait)
        throttle.record(request)
        return None
