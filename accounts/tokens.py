"""Personal API tokens: created with a random key shown once, stored as a SHA-256 digest.

The key has 256 random bits, so an unsalted digest is enough (nothing to guess from it) and it
can be looked up by its unique index. Every rule about a token's validity is here:
`token_authenticate` is the only way a key becomes a user.
"""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.clock import now_utc

from .models import ApiToken

KEY_PREFIX = "ipt_"
SHOWN_PREFIX_LENGTH = 12  # "ipt_" and 8 random characters, enough to tell tokens apart
EXPIRY_DAYS = (30, 90, 180, 365)
DEFAULT_EXPIRY_DAYS = 90
# last_used_at is written at most this often per token, not on every call.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def token_create(
    *, user, name: str, days: int = DEFAULT_EXPIRY_DAYS, read_only: bool = False
) -> tuple[ApiToken, str]:
    """A new token and its key (the only time the key exists outside the caller's hands)."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Give the token a name, e.g. the integration that uses it.")]
    if days not in EXPIRY_DAYS:
        errors["days"] = [
            _("Choose an expiry of %(choices)s days.")
            % {"choices": ", ".join(str(d) for d in EXPIRY_DAYS)}
        ]
    if not user.is_active:
        errors["user"] = [_("An inactive user cannot have API tokens.")]
    if errors:
        raise ValidationError(errors)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:SHOWN_PREFIX_LENGTH],
        digest=digest_of(key),
        read_only=read_only,
        expires_at=now_utc() + dt.timedelta(days=days),
    )
    return token, key


def tokens_of(user):
    """The user's own tokens that were not revoked (expired ones included, marked by the page)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def token_revoke(*, user, token_id) -> ApiToken:
    """Revoke one of the user's own tokens; another user's token is ApiToken.DoesNotExist."""
    with transaction.atomic():
        token = tokens_of(user).select_for_update().get(pk=token_id)
        token.revoked_at = now_utc()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def is_usable(token: ApiToken, *, at: dt.datetime) -> bool:
    return token.revoked_at is None and token.expires_at > at and token.user.is_active


def token_authenticate(key: str) -> ApiToken | None:
    """The live token for `key` (its user attached), or None: unknown, expired, revoked, or its
    user deactivated. Records when it was last used."""
    if not key:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
    now = now_utc()
    if token is None or not is_usable(token, at=now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
