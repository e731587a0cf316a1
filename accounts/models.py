from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.clock import LEGAL_TZ_NAME
from core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

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
