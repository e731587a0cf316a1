"""Kinds and statuses of a right, and the status groups the rules use. Defined here only.

No ORM here (TextChoices are plain enums), so the pure deadline engine can use them too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVENTION = "invention", _("Invention patent")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design patent")
    TRADEMARK = "trademark", _("Trademark")
    COPYRIGHT = "copyright", _("Copyright")


PATENT_KINDS = frozenset({Kind.INVENTION, Kind.UTILITY_MODEL, Kind.DESIGN})


class Status(models.TextChoices):
    FILED = "filed", _("Filed")
    PUBLISHED = "published", _("Published")
    GRANTED = "granted", _("Granted")
    REGISTERED = "registered", _("Registered")
    LAPSED = "lapsed", _("Lapsed")
    EXPIRED = "expired", _("Expired")
    INVALIDATED = "invalidated", _("Invalidated")
    ABANDONED = "abandoned", _("Abandoned")


IN_FORCE = frozenset({Status.GRANTED, Status.REGISTERED})
ENDED = frozenset({Status.LAPSED, Status.EXPIRED, Status.INVALIDATED, Status.ABANDONED})
