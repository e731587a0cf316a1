from django.apps import AppConfig


class EntryConfig(AppConfig):
    """Paralegal entry: forms with a live preview, customs-notice intake, bulk import."""

    name = "entry"
    verbose_name = "Entry"
