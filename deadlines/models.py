from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import OrgOwnedModel

from .labels import explanation_of, note_words, title_of
from .rules import RULES, TWO_PERSON_RULES


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")
    MISSED = "missed", _("Missed")
    HISTORY = "history", _("History")  # due before it was entered: see services.passed_status


# Live: still needs attention (a missed date can still be acted on, late, until done or waived).
LIVE = frozenset({DeadlineStatus.OPEN, DeadlineStatus.MISSED})
# Kept in line with the facts by every recompute: the live rows, and the history rows (a
# corrected fact can bring a history date back into the future). Done and waived rows are
# people's decisions and are left alone.
RECOMPUTED = LIVE | {DeadlineStatus.HISTORY}


class Deadline(OrgOwnedModel):
    """A legal date computed by the engine; unique per (subject, rule, cycle)."""

    # Not a column: the status before a recompute changed it, set on rows handed to the
    # `deadlines_changed` hook (webhooks tell "missed" only on the transition).
    _previous_status: str

    subject_key = models.CharField(max_length=40, help_text=_("e.g. right:12, notice:7"))
    rule = models.CharField(max_length=60, choices=[(r.id, _(r.label)) for r in RULES.values()])
    cycle = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    act_by = models.DateField(help_text=_("Internal date to act by (safety margin)."))
    status = models.CharField(
        max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    provisional = models.BooleanField(
        default=False, help_text=_("Counted through a year with no official holiday schedule.")
    )
    explanation = models.TextField()
    calendar_from = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("First day whose working-day status counted."),
    )
    calendar_until = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("Last day whose working-day status counted."),
    )
    basis = models.JSONField(
        default=dict, help_text=_("Rule, source, anchor, days counted/skipped.")
    )
    right = models.ForeignKey(
        "rights.Right", null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    recordal = models.ForeignKey(
        "customs.Recordal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    customs_notice = models.ForeignKey(
        "customs.CustomsNotice",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    guarantee = models.ForeignKey(
        "customs.GeneralGuarantee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    # A subject of a higher layer (an enforcement complaint or letter): generic, so that this
    # layer never names it. Rights, recordals, notices and guarantees keep their own FKs above.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, help_text=_("Note when done, or the reason for waiving."))
    next_alert_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the alert scanner next looks at this deadline (notifications.policy)."),
    )
    # Two-person verification of a rights-ending date (rules.TWO_PERSON_RULES): a second member,
    # who did not enter the facts behind it, checked it. A recompute that moves the date clears it.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Recomputed deadlines record why (a notice's or a fact's words, deadlines.reasons): no limit.
    # The history is read by deadline (id), by date and by organisation (the export): the
    # other foreign keys' indexes would only slow every bulk write of the busiest history table.
    history = HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        no_db_index=[
            "completed_by",
            "customs_notice",
            "guarantee",
            "recordal",
            "responsible",
            "right",
            "subject_type",
            "verified_by",
        ],
    )
    # History pages show the stored English title in the reader's language (core.history).
    HISTORY_WORDS = {"title": lambda record, title: title_of(record.rule, title)}

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key", "rule", "cycle"], name="deadline_unique_subject_rule_cycle"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeadlineStatus.values), name="deadline_status_valid"
            ),
            models.CheckConstraint(condition=Q(rule__in=list(RULES)), name="deadline_rule_known"),
            models.CheckConstraint(
                condition=Q(subject_type__isnull=True, subject_id__isnull=True)
                | Q(subject_type__isnull=False, subject_id__isnull=False),
                name="deadline_subject_type_and_id",
            ),
            models.CheckConstraint(
                condition=~Q(status="waived") | ~Q(note=""),
                name="deadline_waiver_has_reason",
                violation_error_message=_("Waiving a deadline needs a reason."),
            ),
        ]
        indexes = [
            # The docket: an organisation's open dates in due order (dashboard, API, scans).
            models.Index(
                fields=["organisation", "due_date"],
                name="deadline_open_org_due",
                condition=Q(status="open"),
            ),
            models.Index(fields=["organisation", "status", "due_date"]),
            # The workspace (dashboard sections, docket report) reads live dates in due order,
            # by rule, and the provisional ones: each a range read of its own partial index.
            models.Index(
                fields=["organisation", "due_date", "id"],
                name="deadline_live_org_due",
                condition=Q(status__in=["open", "missed"]),
            ),
            models.Index(
                fields=["organisation", "rule", "due_date", "id"],
                name="deadline_live_org_rule_due",
                condition=Q(status__in=["open", "missed"]),
            ),
            models.Index(
                fields=["organisation", "due_date", "id"],
                name="deadline_open_provisional",
                condition=Q(status="open", provisional=True),
            ),
            models.Index(fields=["due_date"], name="deadline_open_due", condition=Q(status="open")),
            models.Index(
                fields=["subject_type", "subject_id"],
                name="deadline_generic_subject",
                condition=Q(subject_type__isnull=False),
            ),
            # The alert scanner reads only the head of this index (next_alert_at <= now).
            # Missed deadlines stay in it: their daily "overdue" alerts run until done/waived.
            # A change to a year's official calendar finds the live dates counted through it.
            models.Index(
                fields=["calendar_from"],
                name="deadline_calendar_from",
                condition=Q(status__in=["open", "missed"], calendar_from__isnull=False),
            ),
            models.Index(
                fields=["calendar_until"],
                name="deadline_calendar_until",
                condition=Q(status__in=["open", "missed"], calendar_until__isnull=False),
            ),
            # The dashboard's and the digest's "awaiting a second check": live, unverified,
            # rights-ending dates of an organisation in due order.
            models.Index(
                fields=["organisation", "due_date", "id"],
                name="deadline_unverified",
                condition=Q(
                    status__in=["open", "missed"],
                    verified_at__isnull=True,
                    rule__in=sorted(TWO_PERSON_RULES),
                ),
            ),
            models.Index(
                fields=["next_alert_at"],
                name="deadline_next_alert",
                condition=Q(status__in=["open", "missed"], next_alert_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.title} due {self.due_date}"

    @property
    def heading(self) -> str:
        """The title in the reader's language (the stored one is the engine's English)."""
        return title_of(self.rule, self.title)

    @property
    def note_shown(self) -> str:
        """The note in the reader's language when the system wrote it."""
        return note_words(self.note)

    @property
    def explained(self) -> str:
        """'Why this date' in the reader's language."""
        return explanation_of(self)

    def get_absolute_url(self):
        return reverse("dashboard:deadline-detail", args=[self.pk])

    @property
    def needs_verification(self) -> bool:
        """A rights-ending date that no second person has checked yet."""
        return self.rule in TWO_PERSON_RULES and self.verified_at is None

    @property
    def lands_on_swapped_working_day(self) -> bool:
        """Due on a swapped weekend working day: counsel should not rely on a later date."""
        return self.due_date.isoformat() in (self.basis or {}).get("swapped_working_days", [])


class DateMove(OrgOwnedModel):
    """A live deadline moved by a change to the official calendar (issue 9).

    Written in the change's transaction (a preview rolls it back with everything else); read by
    the dashboard ("dates moved by the 2027 calendar"), the messages to the people concerned
    and the `deadline.moved` webhook. One row per deadline and calendar change.
    """

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="moves")
    change_key = models.CharField(
        max_length=60, help_text=_("One calendar change, e.g. 2027-3f9a…")
    )
    year = models.PositiveSmallIntegerField(help_text=_("The calendar year that changed."))
    reason = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    old_due = models.DateField()
    new_due = models.DateField()
    old_act_by = models.DateField()
    new_act_by = models.DateField()
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["new_due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "change_key"], name="datemove_once_per_change"
            )
        ]
        indexes = [models.Index(fields=["organisation", "created_at"], name="datemove_org_recent")]

    def __str__(self):
        return f"{self.title}: {self.old_due} -> {self.new_due}"

    @property
    def heading(self) -> str:
        return title_of(self.deadline.rule, self.title)

    @property
    def earlier(self) -> bool:
        """Moved earlier: less time than the person planned with (marked urgent)."""
        return self.new_due < self.old_due or self.new_act_by < self.old_act_by
