from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel


class ImportBatch(OrgOwnedModel):
    """One confirmed import of a file of rights: who, when (created_at), which file, how many
    rows, how many rights it created and how many it found already present."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    created_count = models.PositiveIntegerField()
    unchanged_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.rows} rows) on {self.created_at:%Y-%m-%d}"
