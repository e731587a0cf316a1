from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.clock import legal_date_of, today_legal
from core.models import OrgOwnedModel, TimeStampedModel
from core.validation import date_order_errors


class RecordalStatus(models.TextChoices):
    PENDING = "pending", _("Applied, awaiting GACC")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    LAPSED = "lapsed", _("Lapsed with the right")
    CANCELLED = "cancelled", _("Cancelled")
    REVOKED = "revoked", _("Revoked by GACC")


class Recordal(OrgOwnedModel):
    """A China Customs (GACC) IPR recordal of one right."""

    right = models.ForeignKey("rights.Right", on_delete=models.PROTECT, related_name="recordals")
    recordal_number = models.CharField(max_length=40, blank=True)
    applied_on = models.DateField()
    approved_on = models.DateField(null=True, blank=True)
    office_valid_until = models.DateField(
        null=True, blank=True, help_text=_("GACC's own end date from the approval notice.")
    )
    valid_until = models.DateField(null=True, blank=True, editable=False)
    renewal_window_opens = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=20, choices=RecordalStatus.choices, default=RecordalStatus.PENDING
    )
    genuine_product_notes = models.TextField(
        blank=True, help_text=_("How customs officers tell genuine goods from fakes.")
    )
    notes = models.TextField(blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-applied_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecordalStatus.values), name="recordal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=F("applied_on")),
                name="recordal_approved_not_before_applied",
                violation_error_message=_("Approval cannot be before the application."),
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(approved_on__isnull=False),
                name="recordal_active_needs_approval",
                violation_error_message=_("An active recordal needs its approval date."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "recordal_number"],
                condition=~Q(recordal_number=""),
                name="recordal_unique_number",
                violation_error_message=_("This GACC recordal number is already registered."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="recordal_unique_external_id",
                violation_error_message=_("Another recordal already has this external id."),
            ),
        ]

    def __str__(self):
        return f"GACC {self.recordal_number or 'pending'} for {self.right}"

    def get_absolute_url(self):
        return reverse("dashboard:recordal-detail", args=[self.pk])

    def clean(self):
        errors = date_order_errors(
            self, [("approved_on", "applied_on", "Approval cannot be before the application.")]
        )
        if (
            self.right_id
            and self.organisation_id
            and self.right.organisation_id != (self.organisation_id)
        ):
            errors["right"] = [_("Choose a right of your own organisation.")]
        if self.right_id:
            for field, message in self._right_in_force_errors().items():
                errors.setdefault(field, []).append(message)
        if (
            self.office_valid_until
            and self.approved_on
            and (self.office_valid_until <= self.approved_on)
        ):
            errors["office_valid_until"] = [_("The end date must follow approval.")]
        if self.status == RecordalStatus.ACTIVE and not self.approved_on:
            errors.setdefault("approved_on", []).append(
                "An active recordal needs its approval date."
            )
        if errors:
            raise ValidationError(errors)

    LIVE_STATUSES = (RecordalStatus.PENDING, RecordalStatus.ACTIVE)
    GRANTING_FIELDS = ("status", "approved_on", "office_valid_until")

    def _right_in_force_errors(self) -> dict[str, str]:
        """Customs records only a right in force (Reg. arts. 2, 8(2), 10(2)).

        - A recordal cannot be applied for before the right arose (grant or registration).
        - Applying, approval and renewal (a live recordal created, or its status, approval or
          end date changed) need the right in force now. A past recordal entered as history
          (expired, lapsed...) and edits that grant nothing are not refused.
        """
        errors = {}
        right = self.right
        arose = right.protected_from
        if arose and self.applied_on and self.applied_on < arose:
            errors["applied_on"] = _(
                "The right arose on %(date)s (grant or registration): customs cannot have "
                "been asked to record it before."
            ) % {"date": arose}
        if self.status not in self.LIVE_STATUSES:
            return errors
        if self._state.adding:
            granting = True
        else:
            before = Recordal.objects.filter(pk=self.pk).values(*self.GRANTING_FIELDS).first() or {}
            granting = any(before.get(f) != getattr(self, f) for f in self.GRANTING_FIELDS)
        problem = right.recordable_error() if granting else None
        if problem:
            errors["right"] = problem
        return errors


class PartyRole(models.TextChoices):
    LICENSEE = "licensee", _("Authorised licensee")
    MANUFACTURER = "manufacturer", _("Authorised manufacturer")
    EXPORTER = "exporter", _("Authorised exporter/importer")
    INFRINGER = "infringer", _("Known infringer")


class RecordalParty(TimeStampedModel):
    recordal = models.ForeignKey(Recordal, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, blank=True)
    address = models.CharField(max_length=300, blank=True)
    # An authorised licensee's licence period, as recorded with GACC (Reg. art. 11 asks for
    # the licensees and their licences); other roles have none.
    licence_from = models.DateField(_("licence starts"), null=True, blank=True)
    licence_until = models.DateField(
        _("licence ends"), null=True, blank=True, help_text=_("Empty for an open-ended licence.")
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("recordal parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values), name="recordalparty_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(licence_from__isnull=True)
                | Q(licence_until__isnull=True)
                | Q(licence_until__gte=F("licence_from")),
                name="recordalparty_licence_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"

    def clean(self):
        errors = date_order_errors(
            self,
            [("licence_until", "licence_from", _("The licence cannot end before it starts."))],
        )
        if self.role != PartyRole.LICENSEE:
            for name in ("licence_from", "licence_until"):
                if getattr(self, name):
                    errors[name] = [_("Only an authorised licensee has a licence period.")]
        if errors:
            raise ValidationError(errors)


class RecordalRoute(TimeStampedModel):
    """A port or trade route where infringing goods have been seen."""

    recordal = models.ForeignKey(Recordal, on_delete=models.CASCADE, related_name="routes")
    port = models.CharField(max_length=100)
    route = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return self.port


class RecordalImage(TimeStampedModel):
    """A photo of the genuine product for customs officers."""

    recordal = models.ForeignKey(Recordal, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(
        upload_to="recordals/%Y/",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp", "gif"])],
    )
    caption = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return self.caption or self.image.name


class ChangeKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment of the right")
    LICENCE = "licence", _("New or ended licence")
    NAME_CHANGE = "name_change", _("Holder's name or address")
    RENEWAL = "renewal", _("Renewal of the right")
    LAPSE = "lapse", _("Lapse, expiry or invalidation of the right")
    GOODS = "goods", _("Goods covered by the mark")


class RecordalChange(TimeStampedModel):
    """A change in the recorded facts: GACC must be told within 30 working days (Reg. art. 11)."""

    recordal = models.ForeignKey(Recordal, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    occurred_on = models.DateField()
    filed_on = models.DateField(
        null=True, blank=True, help_text=_("When the amendment was filed with GACC.")
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="recordalchange_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True) | Q(filed_on__gte=F("occurred_on")),
                name="recordalchange_filed_after_change",
                violation_error_message=_("The amendment cannot be filed before the change."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on}"

    def clean(self):
        errors = date_order_errors(
            self, [("filed_on", "occurred_on", "The amendment cannot be filed before the change.")]
        )
        if errors:
            raise ValidationError(errors)


class Track(models.TextChoices):
    EX_OFFICIO = "ex_officio", _("Ex officio (customs found the goods)")
    ON_APPLICATION = "on_application", _("On application (holder asked customs)")


class ServiceMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("Post")
    FAX = "fax", _("Fax")
    ELECTRONIC = "electronic", _("Electronic")
    OTHER = "other", _("Other")


class Response(models.TextChoices):
    NONE = "", _("Not answered")
    DETAIN = "detain", _("Detain, with bond")
    EXPLAIN = "explain", _("No detention: explanation filed")


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("Awaiting our answer")
    ANSWERED = "answered", _("Answered")
    DETAINED = "detained", _("Goods detained")
    RELEASED = "released", _("Goods released")
    CONFISCATED = "confiscated", _("Goods confiscated")
    CLOSED = "closed", _("Closed")


class CustomsNotice(OrgOwnedModel):
    """Customs' notice of suspected infringing goods: the holder has 3 working days to answer."""

    recordal = models.ForeignKey(Recordal, on_delete=models.PROTECT, related_name="notices")
    track = models.CharField(max_length=20, choices=Track.choices, default=Track.EX_OFFICIO)
    customs_reference = models.CharField(max_length=60, blank=True)
    served_on = models.DateField(help_text=_("The day the notice reached the holder or its agent."))
    served_at = models.DateTimeField(null=True, blank=True)
    service_method = models.CharField(
        max_length=20, choices=ServiceMethod.choices, default=ServiceMethod.ELECTRONIC
    )
    port = models.CharField(max_length=100)
    route = models.ForeignKey(
        RecordalRoute,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        verbose_name=_("route"),
        help_text=_("The recorded port or trade route the goods came through."),
    )
    goods_description = models.TextField()
    quantity = models.PositiveIntegerField()
    goods_value_cny = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    response_due = models.DateField(null=True, blank=True, editable=False)
    bond_cny = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    provisional = models.BooleanField(default=False, editable=False)
    explanation = models.TextField(blank=True, editable=False)
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    detained_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.OPEN
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-served_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(track__in=Track.values), name="notice_track_valid"),
            models.CheckConstraint(
                condition=Q(status__in=NoticeStatus.values), name="notice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(response__in=Response.values), name="notice_response_valid"
            ),
            models.CheckConstraint(
                condition=Q(service_method__in=ServiceMethod.values),
                name="notice_service_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(goods_value_cny__gte=0), name="notice_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=F("served_on")),
                name="notice_response_not_before_service",
                violation_error_message=_("The answer cannot be before the notice was served."),
            ),
            models.CheckConstraint(
                condition=Q(detained_on__isnull=True) | Q(detained_on__gte=F("served_on")),
                name="notice_detention_not_before_service",
                violation_error_message=_("Detention cannot be before the notice was served."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="notice_unique_external_id",
                violation_error_message=_("Another notice already has this external id."),
            ),
        ]

    def __str__(self):
        return f"Customs notice {self.customs_reference or self.pk} at {self.port}"

    def get_absolute_url(self):
        return reverse("dashboard:notice-detail", args=[self.pk])

    def clean(self):
        errors = date_order_errors(
            self,
            [
                (
                    "responded_on",
                    "served_on",
                    _("The answer cannot be before the notice was served."),
                ),
                (
                    "detained_on",
                    "served_on",
                    _("Detention cannot be before the notice was served."),
                ),
            ],
        )
        if self.detained_on and self.response != Response.DETAIN:
            errors.setdefault("detained_on", []).append(
                "Only a 'detain' answer has a detention date."
            )
        if (
            self.recordal_id
            and self.organisation_id
            and (self.recordal.organisation_id != self.organisation_id)
        ):
            errors["recordal"] = [_("Choose a recordal of your own organisation.")]
        if self.route_id and self.recordal_id and self.route.recordal_id != self.recordal_id:
            errors["route"] = [_("Choose a route recorded on this notice's recordal.")]
        if self.served_at and self.served_on and legal_date_of(self.served_at) != self.served_on:
            errors["served_at"] = [
                _("Served at %(time)s UTC is %(china_date)s in China, not %(date)s.")
                % {
                    "time": f"{self.served_at:%Y-%m-%d %H:%M}",
                    "china_date": legal_date_of(self.served_at),
                    "date": self.served_on,
                }
            ]
        if self.served_on and self.served_on > today_legal():
            errors["served_on"] = [_("A notice cannot be served in the future.")]
        if self.response and not self.responded_on:
            errors["responded_on"] = [_("Give the date the answer was filed.")]
        if self.responded_on and not self.response:
            errors["response"] = [_("Say whether the answer was to detain or to explain.")]
        if errors:
            raise ValidationError(errors)


class GeneralGuarantee(OrgOwnedModel):
    """The yearly general guarantee (Measures art. 24): no per-case bond for recorded marks."""

    year = models.PositiveSmallIntegerField()
    amount_cny = models.DecimalField(max_digits=14, decimal_places=2)
    bank = models.CharField(max_length=200)
    approved_on = models.DateField()
    covers_until = models.DateField(editable=False)
    letter_valid_until = models.DateField(editable=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="guarantee_one_a_year",
                violation_error_message=_("There is already a general guarantee for this year."),
            ),
            models.CheckConstraint(
                condition=Q(amount_cny__gte=200000),
                name="guarantee_minimum_amount",
                violation_error_message=_("A general guarantee is at least RMB 200,000."),
            ),
        ]

    def __str__(self):
        return f"General guarantee {self.year} ({self.bank})"

    def get_absolute_url(self) -> str:
        """No workspace page: the guarantee is an operator's record."""
        return reverse("admin:customs_generalguarantee_change", args=[self.pk])
