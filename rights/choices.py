"""Kinds and statuses of a right, and the status groups the rules use. Defined here only.

No ORM here (TextChoices are plain enums), so the pure deadline engine can use them too.
"""

from django.db import models


class Kind(models.TextChoices):
    INVENTION = "invention", "Invention patent"
    UTILITY_MODEL = "utility_model", "Utility model"
    DESIGN = "design", "Design patent"
    TRADEMARK = "trademark", "Trademark"
    COPYRIGHT = "copyright", "Copyright"


PATENT_KINDS = frozenset({Kind.INVENTION, Kind.UTILITY_MODEL, Kind.DESIGN})


class Status(models.TextChoices):
    FILED = "filed", "Filed"
    PUBLISHED = "published", "Published"
    GRANTED = "granted", "Granted"
    REGISTERED = "registered", "Registered"
    LAPSED = "lapsed", "Lapsed"
    EXPIRED = "expired", "Expired"
    INVALIDATED = "invalidated", "Invalidated"
    ABANDONED = "abandoned", "Abandoned"


IN_FORCE = frozenset({Status.GRANTED, Status.REGISTERED})
ENDED = frozenset({Status.LAPSED, Status.EXPIRED, Status.INVALIDATED, Status.ABANDONED})
