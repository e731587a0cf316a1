from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import OrgOwnedModel, UniqueFieldErrors
from core.validation import date_order_errors

from .choices import ENDED, IN_FORCE, PATENT_KINDS, Kind, Status
from .numbers import normalise_cn_patent_number, normalise_trademark_number

DATE_ORDER = [
    ("grant_date", "filing_date", _("The grant date cannot be before the filing date.")),
    (
        "registration_date",
        "filing_date",
        _("The registration date cannot be before the filing date."),
    ),
    (
        "publication_date",
        "filing_date",
        _("The publication date cannot be before the filing date."),
    ),
    ("filing_date", "priority_date", _("The priority date cannot be after the filing date.")),
]

country_code = RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter code (ISO 3166, or WO / EP)."))


class Right(OrgOwnedModel):
    """A patent, trademark or copyright, in China or abroad."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    jurisdiction = models.CharField(max_length=2, default="CN", validators=[country_code])
    title = models.CharField(max_length=300, help_text=_("Patent title or the mark's text."))
    owner = models.CharField(max_length=200)
    application_number = models.CharField(max_length=40, blank=True)
    registration_number = models.CharField(max_length=40, blank=True)
    filing_date = models.DateField(null=True, blank=True)
    priority_date = models.DateField(
        null=True, blank=True, help_text=_("Earliest priority date claimed, if any.")
    )
    publication_date = models.DateField(null=True, blank=True)
    grant_date = models.DateField(null=True, blank=True, help_text=_("Patents."))
    registration_date = models.DateField(
        null=True, blank=True, help_text=_("Trademarks and registered copyrights.")
    )
    nice_classes = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FILED)
    office_expiry_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("End date as entered from the office's register; overrides the computed one."),
    )
    expiry_date = models.DateField(null=True, blank=True, editable=False)
    annuities_paid_through = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Patent year up to which annuities are paid.")
    )
    renewals = models.PositiveSmallIntegerField(
        default=0, help_text=_("Trademark renewals granted so far.")
    )
    cn_counterpart = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foreign_origins",
        help_text=_("For a foreign right: the Chinese filing that claims it."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_id = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    # Read by right (id), by date and by organisation; bulk imports write a row per right.
    history = HistoricalRecords(no_db_index=["cn_counterpart", "responsible"])

    class Meta:
        ordering = ["-filing_date", "id"]
        indexes = [models.Index(fields=["organisation", "kind", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="right_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="right_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(grant_date__isnull=True)
                | Q(filing_date__isnull=True)
                | Q(grant_date__gte=F("filing_date")),
                name="right_grant_not_before_filing",
                violation_error_message=_("The grant date cannot be before the filing date."),
            ),
            models.CheckConstraint(
                condition=Q(registration_date__isnull=True)
                | Q(filing_date__isnull=True)
                | Q(registration_date__gte=F("filing_date")),
                name="right_registration_not_before_filing",
                violation_error_message=_(
                    "The registration date cannot be before the filing date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(publication_date__isnull=True)
                | Q(filing_date__isnull=True)
                | Q(publication_date__gte=F("filing_date")),
                name="right_publication_not_before_filing",
                violation_error_message=_("The publication date cannot be before the filing date."),
            ),
            models.CheckConstraint(
                condition=Q(priority_date__isnull=True)
                | Q(filing_date__isnull=True)
                | Q(priority_date__lte=F("filing_date")),
                name="right_priority_not_after_filing",
                violation_error_message=_("The priority date cannot be after the filing date."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "jurisdiction", "application_number"],
                condition=~Q(application_number=""),
                name="right_unique_application_number",
                violation_error_message=_(
                    "This organisation already has a right with this application number "
                    "in this jurisdiction."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="right_unique_external_id",
                violation_error_message=_("Another right already has this external id."),
            ),
        ]

    def __str__(self):
        number = self.application_number or self.registration_number or f"#{self.pk}"
        return f"{self.jurisdiction} {self.get_kind_display()} {number}: {self.title}"

    def get_absolute_url(self):
        return reverse("dashboard:right-detail", args=[self.pk])

    @property
    def is_patent(self) -> bool:
        return self.kind in PATENT_KINDS

    @property
    def protected_from(self):
        """The day the right arises: a patent on grant, a mark on registration (None: copyright,
        which arises with the work and needs no registration)."""
        if self.kind in PATENT_KINDS:
            return self.grant_date
        if self.kind == Kind.TRADEMARK:
            return self.registration_date
        return None

    def recordable_error(self) -> str | None:
        """Why customs cannot record this right now, or None (Reg. arts. 2, 8(2))."""
        if self.kind != Kind.COPYRIGHT and self.jurisdiction != "CN":
            return (
                "Only a right protected in China can be recorded with China Customs (Reg. art. 2)."
            )
        if self.kind == Kind.COPYRIGHT:
            if self.status in ENDED:
                return "This copyright is no longer protected: customs cannot record it."
            return None
        if self.status not in IN_FORCE:
            state = "granted" if self.kind in PATENT_KINDS else "registered"
            return (
                f"Only a right in force can be recorded with China Customs (Reg. art. 2): this "
                f"{self.get_kind_display().lower()} is {self.get_status_display().lower()}, "
                f"not {state}."
            )
        return None

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        self.application_number = (self.application_number or "").strip()
        self.registration_number = (self.registration_number or "").strip()
        in_china = self.jurisdiction == "CN"
        if in_china and self.kind in PATENT_KINDS:
            if not self.application_number:
                add("application_number", _("A CN patent needs its CNIPA application number."))
            else:
                try:
                    self.application_number = normalise_cn_patent_number(
                        self.application_number, self.kind, self.filing_date
                    )
                except ValidationError as exc:
                    add("application_number", exc.messages[0])
        if in_china and self.kind == Kind.TRADEMARK:
            for field in ("application_number", "registration_number"):
                value = getattr(self, field)
                if value:
                    try:
                        setattr(self, field, normalise_trademark_number(value))
                    except ValidationError as exc:
                        add(field, exc.messages[0])
        if self.kind != Kind.COPYRIGHT and not self.filing_date:
            add("filing_date", _("A filing date is required for patents and trademarks."))
        if self.grant_date and self.kind not in PATENT_KINDS:
            add("grant_date", _("Only patents have a grant date; use the registration date."))
        if self.registration_date and self.kind in PATENT_KINDS:
            add("registration_date", _("Patents have a grant date, not a registration date."))
        if self.status == Status.GRANTED and not self.grant_date:
            add("grant_date", _("A granted patent needs its grant date."))
        if self.status == Status.GRANTED and self.kind not in PATENT_KINDS:
            add("status", _("Only patents are granted; trademarks are registered."))
        if self.status == Status.REGISTERED and not self.registration_date:
            add("registration_date", _("A registered right needs its registration date."))
        if self.status == Status.REGISTERED and self.kind in PATENT_KINDS:
            add("status", _("Patents are granted, not registered."))
        self._clean_nice_classes(add)
        for field, messages in date_order_errors(self, DATE_ORDER).items():
            for message in messages:
                add(field, message)
        if self.cn_counterpart_id and self.cn_counterpart_id == self.pk:
            add("cn_counterpart", _("A right cannot be its own Chinese counterpart."))
        if errors:
            raise ValidationError(errors)

    def _clean_nice_classes(self, add):
        classes = self.nice_classes or []
        if self.kind != Kind.TRADEMARK:
            if classes:
                add("nice_classes", _("Nice classes apply to trademarks only."))
            return
        if not isinstance(classes, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) for c in classes
        ):
            add("nice_classes", _("Give the Nice classes as a list of whole numbers."))
            return
        wrong = [c for c in classes if not 1 <= c <= 45]
        if wrong:
            add("nice_classes", f"Nice classes run from 1 to 45; {wrong} is not one.")
        elif not classes:
            add("nice_classes", _("A trademark covers at least one Nice class."))
        else:
            self.nice_classes = sorted(set(classes))


class PriorityClaim(UniqueFieldErrors):
    right = models.ForeignKey(Right, on_delete=models.CASCADE, related_name="priority_claims")
    country = models.CharField(max_length=2, validators=[country_code])
    number = models.CharField(max_length=40)
    date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["right", "country", "number"],
                name="priorityclaim_unique",
                violation_error_message=_("This priority is already claimed."),
            )
        ]

    def __str__(self):
        return f"{self.country} {self.number} of {self.date}"

    def clean(self):
        if self.right_id and self.right.filing_date and self.date > self.right.filing_date:
            raise ValidationError({"date": _("A priority date cannot be after the filing date.")})
