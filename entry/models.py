from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import OrgOwnedModel


class ImportBatch(OrgOwnedModel):
    """One confirmed import of a file of rights: who, when (created_at), which file, how many
    rows, how many rights it created and how many it found already present."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imported by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file's SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    created_count = models.PositiveIntegerField(_("rights created"))
    unchanged_count = models.PositiveIntegerField(_("already present, unchanged"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import of rights")
        verbose_name_plural = _("imports of rights")

    def __str__(self):
        return f"{self.file_name} ({self.rows} rows) on {self.created_at:%Y-%m-%d}"
