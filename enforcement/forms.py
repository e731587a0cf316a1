"""Shape checks of the enforcement pages' forms; the services decide everything else."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from customs.models import Recordal, RecordalRoute
from rights.models import Right

from .models import (
    NEW_COMPLAINT_STATUSES,
    BondForm,
    CeaseDesistLetter,
    ComplaintStatus,
    DetentionApplication,
    Evidence,
    EvidenceKind,
    Infringer,
    InfringerKind,
    LetterLanguage,
    SendMethod,
)
from .platforms import Platform

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _scoped(queryset, organisation):
    """`organisation`: the organisation or its id."""
    return queryset.filter(organisation=organisation)


class InfringerForm(forms.ModelForm):
    class Meta:
        model = Infringer
        fields = [
            "kind",
            "name",
            "name_zh",
            "credit_code",
            "platform",
            "account_name",
            "addresses",
            "notes",
        ]
        widgets = {
            "addresses": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = InfringerKind.choices

    def validate_unique(self):
        """The service validates (full_clean) with the organisation set."""


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate to fold into this record"), queryset=Infringer.objects.none()
    )

    def __init__(self, *args, organisation, keep, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = _scoped(
            Infringer.objects.filter(merged_into__isnull=True).exclude(pk=keep.pk), organisation
        )


class ComplaintForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    right = forms.ModelChoiceField(label=_("Right asserted"), queryset=Right.objects.none())
    infringer = forms.ModelChoiceField(
        label=_("Seller"), queryset=Infringer.objects.none(), required=False
    )
    listings = forms.CharField(
        label=_("Listing URLs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One URL per line; the platform is recognised from each URL."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence"), queryset=Evidence.objects.none(), required=False
    )
    platform_reference = forms.CharField(
        label=_("Platform's complaint number"), max_length=100, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=NEW_COMPLAINT_STATUSES)
    submitted_on = forms.DateField(label=_("Submitted on"), required=False, widget=DATE)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right"].queryset = _scoped(Right.objects.all(), organisation)
        self.fields["infringer"].queryset = _scoped(
            Infringer.objects.filter(merged_into__isnull=True), organisation
        )
        self.fields["evidence"].queryset = _scoped(Evidence.objects.all(), organisation)

    def clean_listings(self):
        urls = [line.strip() for line in self.cleaned_data["listings"].splitlines() if line.strip()]
        validate = forms.URLField(max_length=1000, assume_scheme="https").clean
        errors = []
        for url in urls:
            try:
                validate(url)
            except forms.ValidationError:
                errors.append(_("Not a web address: %(url)s") % {"url": url})
        if errors:
            raise forms.ValidationError(errors)
        return urls


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Next status"), choices=ComplaintStatus.choices)
    on = forms.DateField(label=_("On"), required=False, widget=DATE)
    platform_reference = forms.CharField(
        label=_("Platform's complaint number"), max_length=100, required=False
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ComplaintStatus(s).label) for s in allowed]


class CounterNoticeForm(forms.Form):
    received_on = forms.DateField(
        label=_("Counter-notice received on"),
        widget=DATE,
        help_text=_(
            "The day the seller's declaration reached you: the 15-day window starts the next day."
        ),
    )


class LetterForm(forms.Form):
    infringer = forms.ModelChoiceField(label=_("Infringer"), queryset=Infringer.objects.none())
    rights = forms.ModelMultipleChoiceField(
        label=_("Rights asserted"), queryset=Right.objects.none()
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=LetterLanguage.choices, initial=LetterLanguage.BILINGUAL
    )
    findings = forms.CharField(
        label=_("Infringement found"), widget=forms.Textarea(attrs={"rows": 3})
    )
    findings_zh = forms.CharField(
        label=_("Infringement found (Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    demands = forms.CharField(label=_("Demands"), widget=forms.Textarea(attrs={"rows": 3}))
    demands_zh = forms.CharField(
        label=_("Demands (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sent_on = forms.DateField(label=_("Sent on"), required=False, widget=DATE)
    method = forms.ChoiceField(
        label=_("Method"), choices=[("", "—"), *SendMethod.choices], required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["infringer"].queryset = _scoped(
            Infringer.objects.filter(merged_into__isnull=True), organisation
        )
        self.fields["rights"].queryset = _scoped(Right.objects.all(), organisation)


class LetterOutcomeForm(forms.ModelForm):
    class Meta:
        model = CeaseDesistLetter
        fields = ["sent_on", "method", "outcome", "outcome_on", "escalation", "escalation_notes"]
        widgets = {
            "sent_on": DATE,
            "outcome_on": DATE,
            "escalation_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def validate_unique(self):
        """The service validates."""

    def _post_clean(self):
        """Shape only: the service runs the model's validation with every field in place."""


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    captured_at = forms.DateTimeField(
        label=_("Captured at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("When the screenshot or photo was taken (your time zone)."),
    )


class MonitoringPlanForm(forms.Form):
    right = forms.ModelChoiceField(label=_("Right"), queryset=Right.objects.none())
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    interval_days = forms.IntegerField(
        label=_("Days between sweeps"), min_value=1, max_value=365, initial=30
    )
    search_terms = forms.CharField(
        label=_("What to search for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    started_on = forms.DateField(label=_("First sweep from"), widget=DATE)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right"].queryset = _scoped(Right.objects.all(), organisation)


class SweepForm(forms.Form):
    swept_on = forms.DateField(label=_("Swept on"), widget=DATE)
    searched = forms.CharField(
        label=_("What was searched"), widget=forms.Textarea(attrs={"rows": 2})
    )
    listings = forms.CharField(
        label=_("Listings found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One URL per line."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    draft_complaint = forms.BooleanField(
        label=_("Turn these listings into a draft complaint"), required=False
    )

    clean_listings = ComplaintForm.clean_listings


class DetentionApplicationForm(forms.ModelForm):
    """A new application for detention: the right (recorded or not) and the goods."""

    class Meta:
        model = DetentionApplication
        fields = [
            "right",
            "recordal",
            "port",
            "customs_reference",
            "applied_on",
            "goods_description",
            "quantity",
            "goods_value_cny",
            "bond_form",
            "consignor",
            "consignee",
            "transport",
            "infringers",
            "evidence",
            "responsible",
            "notes",
        ]
        widgets = {
            "applied_on": DATE,
            "goods_description": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right"].queryset = _scoped(Right.objects.all(), organisation)
        self.fields["recordal"].queryset = _scoped(
            Recordal.objects.select_related("right"), organisation
        )
        self.fields["infringers"].queryset = _scoped(
            Infringer.objects.filter(merged_into__isnull=True), organisation
        )
        self.fields["evidence"].queryset = _scoped(Evidence.objects.all(), organisation)
        self.fields["responsible"].queryset = get_user_model().objects.filter(
            membership__organisation=organisation
        )
        self.fields["bond_form"].choices = BondForm.choices
        self.fields["goods_value_cny"].help_text = _(
            "The bond equals this value, never more (Reg. art. 14)."
        )

    def validate_unique(self):
        """The service validates (full_clean) with the organisation set."""

    def _post_clean(self):
        """The service builds and validates the model: the form checks shapes only."""


class DetentionOutcomeForm(forms.ModelForm):
    """What customs and the court did: each date moves the application along."""

    class Meta:
        model = DetentionApplication
        fields = [
            "customs_reference",
            "rejected_on",
            "detained_on",
            "court_notice_on",
            "released_on",
            "withdrawn_on",
            "notes",
        ]
        widgets = {
            "rejected_on": DATE,
            "detained_on": DATE,
            "court_notice_on": DATE,
            "released_on": DATE,
            "withdrawn_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self):
        """The service validates the whole record."""


class NoticeLinksForm(forms.Form):
    """The infringers a customs notice names and the recorded route the goods took."""

    infringers = forms.ModelMultipleChoiceField(
        label=_("Infringers"), queryset=Infringer.objects.none(), required=False
    )
    route = forms.ModelChoiceField(
        label=_("Route"), queryset=RecordalRoute.objects.none(), required=False
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["infringers"].queryset = _scoped(
            Infringer.objects.filter(merged_into__isnull=True), notice.organisation_id
        )
        self.fields["route"].queryset = RecordalRoute.objects.filter(recordal_id=notice.recordal_id)
