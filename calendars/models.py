from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class OfficialYear(TimeStampedModel):
    """A year whose State Council holiday notice has been loaded beyond the library's data."""

    year = models.PositiveSmallIntegerField(unique=True)
    notice = models.CharField(max_length=200, help_text=_("Notice number and title."))
    notice_number = models.CharField(
        max_length=40, blank=True, help_text=_("Document number, e.g. 国办发明电〔2024〕12号.")
    )
    published_on = models.DateField()
    source_url = models.URLField(blank=True)
    notice_text = models.TextField(
        blank=True, help_text=_("The notice as published, when loaded from it.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="officialyear_sane"
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.notice}"


class CalendarAdjustment(TimeStampedModel):
    """One announced day off on a weekday, or one weekend day that becomes a working day."""

    official_year = models.ForeignKey(
        OfficialYear, on_delete=models.CASCADE, related_name="adjustments"
    )
    date = models.DateField(unique=True)
    is_working_day = models.BooleanField(
        help_text=_("Checked: a swapped working day (上班). Unchecked: an announced day off.")
    )
    name = models.CharField(max_length=100, help_text=_("Holiday name, e.g. Spring Festival."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self):
        kind = "working day" if self.is_working_day else "day off"
        return f"{self.date} {kind} ({self.name})"
