from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.clock import LEGAL_TZ_NAME
from core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    require_two_factor = models.BooleanField(
        _("second factor required for counsel"),
        default=False,
        help_text=_(
            "Counsel must confirm each sign-in with a code from an authenticator app (or a "
            "backup code); counsel without one set up are sent to set it up after their password."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    COUNSEL = "counsel", _("Counsel")
    PARALEGAL = "paralegal", _("Paralegal")
    MANAGER = "manager", _("Manager")
    VIEWER = "viewer", _("Read-only")


class Membership(TimeStampedModel):
    """A user's place in one organisation: their role and personal settings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    time_zone = models.CharField(max_length=64, default=LEGAL_TZ_NAME)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.role} at {self.organisation})"


class ApiToken(TimeStampedModel):
    """A personal API token. Only a SHA-256 digest of the key is stored (the key itself is shown
    once, when the token is created); `prefix` (the key's first characters) identifies it in
    lists. It stops working when it expires, when its owner or an operator revokes it, and when
    its user is deactivated (accounts.tokens)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(
        _("read-only"),
        default=False,
        help_text=_("A read-only token may only read (GET); any change is refused (403)."),
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
