"""Enforcement records: infringers, evidence, cease-and-desist letters, platform complaints."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.clock import today_legal
from core.models import OrgOwnedModel, TimeStampedModel
from core.validation import date_order_errors

from .credit_code import credit_code_error, normalise_credit_code
from .platforms import Platform, normalise_listing_url, platform_of_url

DEADLINES = {
    "content_type_field": "subject_type",
    "object_id_field": "subject_id",
}


class EnforcementSettings(TimeStampedModel):
    """Per-organisation defaults for enforcement work."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="enforcement_settings"
    )
    letter_reply_days = models.PositiveSmallIntegerField(
        _("days given to reply to a letter"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    letter_follow_up_days = models.PositiveSmallIntegerField(
        _("days after the reply deadline to follow up"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Enforcement settings of {self.organisation}"


class InfringerKind(models.TextChoices):
    COMPANY = "company", _("Company")
    INDIVIDUAL = "individual", _("Individual")
    STORE = "store", _("Store")
    SELLER_ACCOUNT = "seller_account", _("Platform seller account")


class Infringer(OrgOwnedModel):
    """One company, person, store or seller account, across customs and every platform."""

    kind = models.CharField(_("kind"), max_length=20, choices=InfringerKind.choices)
    name = models.CharField(_("name (English or Latin script)"), max_length=300, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("18 characters, GB 32100-2015; optional."),
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    account_name = models.CharField(_("store or seller account name"), max_length=200, blank=True)
    addresses = models.TextField(_("addresses"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    customs_notices = models.ManyToManyField(
        "customs.CustomsNotice", blank=True, related_name="infringers"
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_duplicates",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "name_zh", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "credit_code"],
                condition=~Q(credit_code=""),
                name="infringer_unique_credit_code",
                violation_error_message=_("An infringer with this credit code already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(name_zh=""),
                name="infringer_has_a_name",
                violation_error_message=_("Give a name in English or Chinese."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InfringerKind.values), name="infringer_kind_valid"
            ),
        ]

    def __str__(self):
        if self.name and self.name_zh:
            return f"{self.name_zh} ({self.name})"
        return self.name or self.name_zh

    def get_absolute_url(self):
        return reverse("enforcement:infringer-detail", args=[self.pk])

    def clean_fields(self, exclude=None):
        self.credit_code = normalise_credit_code(self.credit_code)
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if not self.name.strip() and not self.name_zh.strip():
            errors["name"] = [_("Give a name in English or Chinese.")]
        if self.credit_code:
            problem = credit_code_error(self.credit_code)
            if problem:
                errors["credit_code"] = [problem]
        if errors:
            raise ValidationError(errors)


class EvidenceKind(models.TextChoices):
    SCREENSHOT = "screenshot", _("Screenshot")
    TEST_BUY_RECEIPT = "test_buy_receipt", _("Test-buy receipt")
    PHOTO = "photo", _("Photo")
    NOTARIAL_CERTIFICATE = "notarial_certificate", _("Notarial certificate")
    OTHER = "other", _("Other")


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.organisation_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Evidence(OrgOwnedModel):
    """A stored file; its hash, size and capture time are recorded on upload and never change.

    A new version of a file is a new Evidence row pointing to the one it supersedes.
    """

    file = models.FileField(_("file"), upload_to=evidence_path, max_length=500)
    original_name = models.CharField(max_length=255, editable=False)
    kind = models.CharField(
        _("kind"), max_length=30, choices=EvidenceKind.choices, default=EvidenceKind.SCREENSHOT
    )
    description = models.TextField(_("description"), blank=True)
    captured_at = models.DateTimeField(
        _("captured at"),
        null=True,
        blank=True,
        help_text=_("When the screenshot or photo was taken."),
    )
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    uploaded_at = models.DateTimeField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="newer_versions"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="evidence_sha256_hex"
            ),
        ]

    def __str__(self):
        return self.description[:60] or self.original_name

    def get_absolute_url(self):
        return reverse("enforcement:evidence-download", args=[self.pk])


class LetterLanguage(models.TextChoices):
    EN = "en", _("English")
    ZH = "zh", _("Chinese")
    BILINGUAL = "bilingual", _("English and Chinese side by side")


class SendMethod(models.TextChoices):
    POST = "post", _("Post")
    COURIER = "courier", _("Courier")
    EMAIL = "email", _("Email")
    PLATFORM_MESSAGE = "platform_message", _("Platform message")


class LetterOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    COMPLIED = "complied", _("Complied")
    REFUSED = "refused", _("Refused")
    NO_ANSWER = "no_answer", _("No answer")


class Escalation(models.TextChoices):
    NONE = "", _("None")
    COMPLAINT = "complaint", _("Platform complaint")
    CUSTOMS_ACTION = "customs_action", _("Customs action")
    SUIT = "suit", _("Lawsuit")


class CeaseDesistLetter(OrgOwnedModel):
    """A cease-and-desist letter to one infringer asserting one or more rights."""

    # How deadline history names the letter (deadlines.reasons; the verbose name is the default
    # "cease desist letter", kept to need no migration).
    REASON_NAME = "Cease-and-desist letter"

    infringer = models.ForeignKey(
        Infringer, on_delete=models.PROTECT, related_name="letters", verbose_name=_("infringer")
    )
    rights = models.ManyToManyField(
        "rights.Right", related_name="letters", verbose_name=_("rights")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=LetterLanguage.choices,
        default=LetterLanguage.BILINGUAL,
    )
    findings = models.TextField(_("infringement found"))
    findings_zh = models.TextField(_("infringement found (Chinese)"), blank=True)
    demands = models.TextField(_("demands"))
    demands_zh = models.TextField(_("demands (Chinese)"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=SendMethod.choices, blank=True)
    reply_days = models.PositiveSmallIntegerField(
        _("days to reply"), validators=[MinValueValidator(1), MaxValueValidator(180)]
    )
    reply_due = models.DateField(_("reply due"), null=True, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=LetterOutcome.choices, default=LetterOutcome.PENDING
    )
    outcome_on = models.DateField(_("outcome recorded on"), null=True, blank=True)
    escalation = models.CharField(
        _("escalation"), max_length=20, choices=Escalation.choices, blank=True
    )
    escalation_notes = models.TextField(_("escalation notes"), blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="letters")
    deadlines = GenericRelation("deadlines.Deadline", **DEADLINES)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="") | Q(sent_on__isnull=False),
                name="letter_method_needs_sent_on",
                violation_error_message=_("Give the date the letter was sent."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(outcome_on__isnull=False),
                name="letter_outcome_has_date",
                violation_error_message=_("Give the date of the outcome."),
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True)
                | Q(sent_on__isnull=False, outcome_on__gte=F("sent_on")),
                name="letter_outcome_after_sending",
                violation_error_message=_("The outcome cannot come before the letter was sent."),
            ),
        ]

    def __str__(self):
        return _("Letter to %(infringer)s") % {"infringer": self.infringer}

    def get_absolute_url(self):
        return reverse("enforcement:letter-detail", args=[self.pk])

    def matter_fields(self) -> dict:
        """How deadlines name this letter (deadlines.matters), from its own row only."""
        return {
            "kind": str(_("Cease-and-desist letter")),
            "number": f"#{self.pk}",
            "title": "",
            "owner": "",
            "path": self.get_absolute_url(),
        }

    def clean(self):
        errors = date_order_errors(
            self,
            [("outcome_on", "sent_on", _("The outcome cannot come before the letter was sent."))],
        )
        if self.method and not self.sent_on:
            errors.setdefault("sent_on", []).append(_("Give the date the letter was sent."))
        if self.sent_on and not self.method:
            errors.setdefault("method", []).append(_("Say how the letter was sent."))
        if self.outcome != LetterOutcome.PENDING:
            if not self.sent_on:
                errors.setdefault("outcome", []).append(
                    _("An outcome needs the letter to have been sent.")
                )
            if not self.outcome_on:
                errors.setdefault("outcome_on", []).append(_("Give the date of the outcome."))
        if errors:
            raise ValidationError(errors)


class ComplaintStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    REMOVED = "removed", _("Removed")
    REJECTED = "rejected", _("Rejected")
    COUNTER_NOTICE_RECEIVED = "counter_notice_received", _("Counter-notice received")
    AUTHORITY_COMPLAINT_OR_SUIT_FILED = (
        "authority_complaint_or_suit_filed",
        _("Complaint to an authority or suit filed"),
    )
    MEASURES_LIFTED = "measures_lifted", _("Measures lifted")
    RELISTED = "relisted", _("Relisted")


# A complaint is created as a draft or already submitted; later steps go through transitions.
NEW_COMPLAINT_STATUSES = [
    (ComplaintStatus.DRAFT.value, ComplaintStatus.DRAFT.label),
    (ComplaintStatus.SUBMITTED.value, ComplaintStatus.SUBMITTED.label),
]


class PlatformComplaint(OrgOwnedModel):
    """A notice to an e-commerce platform asking it to take listings down (E-Commerce Law art. 42)."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    right = models.ForeignKey(
        "rights.Right",
        on_delete=models.PROTECT,
        related_name="platform_complaints",
        verbose_name=_("right asserted"),
    )
    infringer = models.ForeignKey(
        Infringer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="platform_complaints",
        verbose_name=_("seller"),
    )
    reason = models.TextField(_("reason"))
    evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="platform_complaints", verbose_name=_("evidence")
    )
    platform_reference = models.CharField(
        _("platform's complaint number"), max_length=100, blank=True
    )
    status = models.CharField(
        _("status"), max_length=40, choices=ComplaintStatus.choices, default=ComplaintStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    counter_notice_received_on = models.DateField(
        _("counter-notice received on"), null=True, blank=True
    )
    counter_notice_due = models.DateField(
        _("tell the platform of a complaint or suit by"), null=True, blank=True, editable=False
    )
    action_filed_on = models.DateField(
        _("authority complaint or suit filed on"), null=True, blank=True
    )
    measures_lifted_on = models.DateField(_("measures lifted on"), null=True, blank=True)
    relisted_on = models.DateField(_("relisted on"), null=True, blank=True)
    deadlines = GenericRelation("deadlines.Deadline", **DEADLINES)
    history = HistoricalRecords()

    DATE_ORDER = [
        ("removed_on", "submitted_on", _("A removal cannot come before submission.")),
        ("rejected_on", "submitted_on", _("A rejection cannot come before submission.")),
        (
            "counter_notice_received_on",
            "submitted_on",
            _("A counter-notice cannot arrive before the complaint was submitted."),
        ),
        (
            "action_filed_on",
            "counter_notice_received_on",
            _("Record the counter-notice before the action taken on it."),
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="complaint_platform_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_on__isnull=False),
                name="complaint_submitted_has_date",
                violation_error_message=_("A submitted complaint needs its submission date."),
            ),
        ]

    def __str__(self):
        ref = self.platform_reference or f"#{self.pk}"
        return f"{self.get_platform_display()} {ref}"

    def get_absolute_url(self):
        return reverse("enforcement:complaint-detail", args=[self.pk])

    def matter_fields(self) -> dict:
        """How deadlines name this complaint (deadlines.matters), from its own row only."""
        return {
            "kind": str(_("Platform complaint")),
            "number": self.platform_reference or f"#{self.pk}",
            "title": str(self.get_platform_display()),
            "owner": "",
            "path": self.get_absolute_url(),
        }

    def clean(self):
        errors = date_order_errors(self, self.DATE_ORDER)
        if (
            self.right_id
            and self.organisation_id
            and self.right.organisation_id != self.organisation_id
        ):
            errors.setdefault("right", []).append(_("Choose a right of your own organisation."))
        if (
            self.infringer_id
            and self.organisation_id
            and self.infringer.organisation_id != self.organisation_id
        ):
            errors.setdefault("infringer", []).append(_("Choose one of your own infringers."))
        if self.status != ComplaintStatus.DRAFT and not self.submitted_on:
            errors.setdefault("submitted_on", []).append(
                _("A submitted complaint needs its submission date.")
            )
        if errors:
            raise ValidationError(errors)


class Listing(OrgOwnedModel):
    """One listing URL; an organisation counts each listing once, whatever the complaint."""

    complaint = models.ForeignKey(
        PlatformComplaint, on_delete=models.CASCADE, related_name="listings"
    )
    url = models.URLField(_("listing URL"), max_length=1000)
    platform = models.CharField(max_length=20, choices=Platform.choices, editable=False)
    title = models.CharField(_("listing title"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "url"],
                name="listing_unique_url_per_org",
                violation_error_message=_("This listing is already in another complaint."),
            )
        ]

    def __str__(self):
        return self.url

    def clean_fields(self, exclude=None):
        self.url = normalise_listing_url(self.url)
        self.platform = platform_of_url(self.url)
        super().clean_fields(exclude=exclude)


class MonitoringPlan(OrgOwnedModel):
    """A team sweeps one platform for copies of one right by hand, every `interval_days`."""

    right = models.ForeignKey(
        "rights.Right",
        on_delete=models.PROTECT,
        related_name="monitoring_plans",
        verbose_name=_("right"),
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    interval_days = models.PositiveSmallIntegerField(
        _("days between sweeps"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    search_terms = models.TextField(_("what to search for"), blank=True)
    started_on = models.DateField(_("first sweep from"))
    active = models.BooleanField(_("active"), default=True)
    next_sweep_due = models.DateField(_("next sweep due"), null=True, blank=True, editable=False)
    deadlines = GenericRelation("deadlines.Deadline", **DEADLINES)
    history = HistoricalRecords()

    class Meta:
        ordering = ["next_sweep_due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "right", "platform"],
                name="monitoring_one_plan_per_right_platform",
                violation_error_message=_("This right already has a plan for this platform."),
            ),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="monitoring_platform_valid"
            ),
        ]

    def __str__(self):
        return f"{self.right} · {self.get_platform_display()}"

    def get_absolute_url(self):
        return reverse("enforcement:monitoring-detail", args=[self.pk])

    def matter_fields(self) -> dict:
        return {
            "kind": str(_("Monitoring plan")),
            "number": f"#{self.pk}",
            "title": str(self.get_platform_display()),
            "owner": "",
            "path": self.get_absolute_url(),
        }

    def clean(self):
        if (
            self.right_id
            and self.organisation_id
            and self.right.organisation_id != self.organisation_id
        ):
            raise ValidationError({"right": _("Choose a right of your own organisation.")})


class Sweep(OrgOwnedModel):
    """One logged sweep of a plan: who, when, what was searched, what was found."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="sweeps")
    swept_on = models.DateField(_("swept on"))
    swept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    searched = models.TextField(_("what was searched"))
    listings_found = models.PositiveIntegerField(_("listings found"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    complaint = models.ForeignKey(
        PlatformComplaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="sweeps"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-swept_on", "-id"]

    def __str__(self):
        return f"{self.plan} {self.swept_on}"

    def clean(self):
        if self.plan_id and self.swept_on and self.swept_on < self.plan.started_on:
            raise ValidationError({"swept_on": _("A sweep cannot come before the plan started.")})


class BondForm(models.TextChoices):
    CASH = "cash", _("Cash deposit")
    BANK_GUARANTEE = "bank_guarantee", _("Bank letter of guarantee")
    OTHER_GUARANTEE = "other_guarantee", _("Letter of guarantee from a non-bank institution")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied, awaiting customs")
    REJECTED = "rejected", _("Rejected by customs")
    DETAINED = "detained", _("Goods detained")
    COURT_NOTICE = "court_notice", _("Court assistance notice served on customs")
    RELEASED = "released", _("Goods released")
    WITHDRAWN = "withdrawn", _("Application withdrawn")


class DetentionApplication(OrgOwnedModel):
    """Customs action on application (Reg. arts. 12-15, 24(1)): the right holder asks the port's
    customs to detain suspected goods, for a recorded or an unrecorded right.

    No notice and no 3-working-day answer: the holder starts the case, gives a bond equal to the
    goods' value (Reg. art. 14) and, once the goods are detained, has 20 working days to get a
    court's assistance notice to customs, or the goods are released (Reg. art. 24(1)).
    The status follows from the dates recorded.
    """

    right = models.ForeignKey(
        "rights.Right",
        on_delete=models.PROTECT,
        related_name="detention_applications",
        verbose_name=_("right"),
    )
    recordal = models.ForeignKey(
        "customs.Recordal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="detention_applications",
        verbose_name=_("customs recordal"),
        help_text=_("Only if the right is recorded: give its recordal (Reg. art. 13)."),
    )
    customs_reference = models.CharField(_("customs reference"), max_length=60, blank=True)
    port = models.CharField(_("port (customs office)"), max_length=100)
    applied_on = models.DateField(_("applied on"))
    goods_description = models.TextField(_("goods (name and specification)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    goods_value_cny = models.DecimalField(
        _("value of the goods (CNY)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    bond_cny = models.DecimalField(
        _("bond (CNY)"), max_digits=14, decimal_places=2, null=True, editable=False
    )
    bond_form = models.CharField(
        _("bond given as"), max_length=20, choices=BondForm.choices, default=BondForm.CASH
    )
    consignor = models.CharField(_("consignor"), max_length=300, blank=True)
    consignee = models.CharField(_("consignee"), max_length=300, blank=True)
    transport = models.CharField(
        _("expected time and means of transport"), max_length=300, blank=True
    )
    infringers = models.ManyToManyField(
        Infringer,
        blank=True,
        related_name="detention_applications",
        verbose_name=_("infringers"),
    )
    evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="detention_applications", verbose_name=_("evidence")
    )
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    detained_on = models.DateField(_("goods detained on"), null=True, blank=True)
    court_notice_on = models.DateField(
        _("court assistance notice reached customs on"), null=True, blank=True
    )
    released_on = models.DateField(_("goods released on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
        editable=False,
    )
    court_order_due = models.DateField(
        _("court assistance notice needed by"), null=True, blank=True, editable=False
    )
    provisional = models.BooleanField(default=False, editable=False)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible"),
    )
    notes = models.TextField(_("notes"), blank=True)
    deadlines = GenericRelation("deadlines.Deadline", **DEADLINES)
    history = HistoricalRecords()

    DATE_ORDER = [
        ("rejected_on", "applied_on", _("Customs cannot reject before the application.")),
        ("detained_on", "applied_on", _("The goods cannot be detained before the application.")),
        (
            "court_notice_on",
            "detained_on",
            _("A court assistance notice follows the detention."),
        ),
        ("released_on", "detained_on", _("The goods cannot be released before detention.")),
        ("withdrawn_on", "applied_on", _("An application cannot be withdrawn before it is made.")),
    ]

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="detention_application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(bond_form__in=BondForm.values),
                name="detention_application_bond_form_valid",
            ),
            models.CheckConstraint(
                condition=Q(goods_value_cny__gte=0), name="detention_application_value_positive"
            ),
            models.CheckConstraint(
                condition=Q(detained_on__isnull=True) | Q(detained_on__gte=F("applied_on")),
                name="detention_application_detained_after_applying",
                violation_error_message=_("The goods cannot be detained before the application."),
            ),
            models.CheckConstraint(
                condition=Q(rejected_on__isnull=True) | Q(detained_on__isnull=True),
                name="detention_application_rejected_or_detained",
                violation_error_message=_("An application is either rejected or the goods held."),
            ),
        ]

    def __str__(self):
        ref = self.customs_reference or f"#{self.pk}"
        return _("Customs application %(ref)s at %(port)s") % {"ref": ref, "port": self.port}

    def get_absolute_url(self):
        return reverse("enforcement:application-detail", args=[self.pk])

    def matter_fields(self) -> dict:
        """How deadlines name this application (deadlines.matters), from its own row only."""
        return {
            "kind": str(_("Customs application")),
            "number": self.customs_reference or f"#{self.pk}",
            "title": self.port,
            "owner": "",
            "path": self.get_absolute_url(),
        }

    def derived_status(self) -> str:
        if self.withdrawn_on:
            return ApplicationStatus.WITHDRAWN
        if self.rejected_on:
            return ApplicationStatus.REJECTED
        if self.released_on:
            return ApplicationStatus.RELEASED
        if self.court_notice_on:
            return ApplicationStatus.COURT_NOTICE
        if self.detained_on:
            return ApplicationStatus.DETAINED
        return ApplicationStatus.APPLIED

    def clean(self):
        errors = date_order_errors(self, self.DATE_ORDER)
        org = self.organisation_id
        if self.right_id and org and self.right.organisation_id != org:
            errors.setdefault("right", []).append(_("Choose a right of your own organisation."))
        if self.recordal_id and org:
            if self.recordal.organisation_id != org:
                errors.setdefault("recordal", []).append(
                    _("Choose a recordal of your own organisation.")
                )
            elif self.right_id and self.recordal.right_id != self.right_id:
                errors.setdefault("recordal", []).append(
                    _("Choose a recordal of the right asserted.")
                )
        if self.rejected_on and self.detained_on:
            errors.setdefault("rejected_on", []).append(
                _("An application is either rejected or the goods held.")
            )
        for field in ("court_notice_on", "released_on"):
            if getattr(self, field) and not self.detained_on:
                errors.setdefault(field, []).append(_("Give the date the goods were detained."))
        if self.applied_on and self.applied_on > today_legal():
            errors.setdefault("applied_on", []).append(
                _("An application cannot be made in the future.")
            )
        if errors:
            raise ValidationError(errors)
        self.status = self.derived_status()


class CustomsPackIssue(OrgOwnedModel):
    """One customs collaboration pack generated for a recordal, from the facts of that moment.

    The pack is never stored: it is rebuilt from the current facts on each download. This row
    records when it was generated, by whom and from which facts (their fingerprint), so the
    recordal's page can say whether the facts changed since the last pack went to customs.
    """

    recordal = models.ForeignKey(
        "customs.Recordal", on_delete=models.CASCADE, related_name="pack_issues"
    )
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    facts_changed_at = models.DateTimeField(_("facts last changed at"), null=True)
    fingerprint = models.CharField(_("facts fingerprint"), max_length=64)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-generated_at", "-id"]

    def __str__(self):
        return f"{self.recordal_id} {self.generated_at:%Y-%m-%d %H:%M}"
