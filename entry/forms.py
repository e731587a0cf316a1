"""Shape checks of the entry forms: one form per kind of right, grant, claims, recordal, notice.

The forms only check the shape of what was typed (a date is a date, the priority claim is
complete); every legal rule is decided by the model's clean() through the service, and its
errors are put back next to the fields (`errors_onto`).
"""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customs.models import PartyRole, Recordal, RecordalRoute, ServiceMethod, Track
from rights.models import PATENT_KINDS, Kind, Right, Status

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
PATENT_CHOICES = [(k.value, k.label) for k in Kind if k in PATENT_KINDS]
APPLICATION_CHOICES = [*PATENT_CHOICES, (Kind.TRADEMARK.value, Kind.TRADEMARK.label)]
# Service errors named after model fields that the form calls differently.
FIELD_ALIASES = {
    "date": "priority_date",
    "country": "priority_country",
    "number": "priority_number",
}


def _constraint_message(model, name: str) -> str:
    return next(str(c.violation_error_message) for c in model._meta.constraints if c.name == name)


# A unique constraint over several fields reports as a non-field error; the field a person
# would correct is the number they typed.
NON_FIELD_HOMES = {
    _constraint_message(Right, "right_unique_application_number"): "application_number",
    _constraint_message(Recordal, "recordal_unique_number"): "recordal_number",
}


def errors_onto(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (the rest above the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        name = field if field in form.fields else FIELD_ALIASES.get(field, field)
        for message in messages:
            home = name if name in form.fields else NON_FIELD_HOMES.get(message)
            form.add_error(home if home in form.fields else None, message)


RESPONSIBLE = _("Responsible")


def members_field(organisation, *, label=RESPONSIBLE, required=False):
    users = (
        get_user_model().objects.filter(membership__organisation=organisation).order_by("username")
    )
    return forms.ModelChoiceField(
        queryset=users,
        required=required,
        label=label,
        help_text=_("Who follows the deadlines up; reminders go to them."),
    )


# The order a paralegal reads them off the office's document: the facts of the right first,
# the priority claim and the internal fields last.
FIELD_ORDER = [
    "kind",
    "jurisdiction",
    "title",
    "owner",
    "application_number",
    "filing_date",
    "publication_date",
    "grant_date",
    "registration_number",
    "registration_date",
    "nice_classes",
    "renewals",
    "annuities_paid_through",
    "cn_counterpart",
    "priority_country",
    "priority_number",
    "priority_date",
    "responsible",
    "external_id",
    "notes",
]


class RightEntryForm(forms.Form):
    """Fields every right has; subclasses add those of their kind."""

    jurisdiction_value = "CN"
    status_value = Status.FILED
    kind_choices = PATENT_CHOICES

    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(
        label=_("Title"), max_length=300, help_text=_("The patent's title or the mark's text.")
    )
    owner = forms.CharField(label=_("Owner (holder)"), max_length=200)
    application_number = forms.CharField(
        label=_("Application number"),
        max_length=40,
        help_text=_("CNIPA form, e.g. 201510958772.0: 12 digits, a dot and the check character."),
    )
    filing_date = forms.DateField(label=_("Filing date"), **DATE)
    responsible = forms.ModelChoiceField(queryset=None, required=False)
    external_id = forms.CharField(
        label=_("External ID"),
        max_length=100,
        required=False,
        help_text=_("The matter's reference in another system (optional)."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["kind"].choices = self.kind_choices
        self.fields["responsible"] = members_field(organisation)
        self.order_fields(FIELD_ORDER)

    def right_fields(self) -> dict:
        """What the service is given (the model's field names)."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "kind",
                "title",
                "owner",
                "application_number",
                "filing_date",
                "responsible",
                "external_id",
                "notes",
            )
        }
        fields["jurisdiction"] = self.jurisdiction_value
        fields["status"] = self.status_value
        return fields

    def priority_claims(self) -> list[dict]:
        return []


class PriorityFieldsMixin(forms.Form):
    """One priority claim entered with the right (more on the right's page after saving)."""

    priority_country = forms.CharField(
        label=_("Priority country"),
        max_length=2,
        required=False,
        help_text=_("Two letters, e.g. US, EP, WO."),
    )
    priority_number = forms.CharField(
        label=_("Priority application number"), max_length=40, required=False
    )
    priority_date = forms.DateField(label=_("Priority date"), required=False, **DATE)

    def clean(self):
        data = super().clean()
        parts = ("priority_country", "priority_number", "priority_date")
        given = [p for p in parts if data.get(p)]
        if given and len(given) < len(parts):
            for part in parts:
                if not data.get(part) and part not in self.errors:
                    self.add_error(
                        part,
                        _(
                            "Give the country, number and date of the priority claim, or none of them."
                        ),
                    )
        if data.get("priority_country"):
            data["priority_country"] = data["priority_country"].upper()
        return data

    def priority_claims(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("priority_date"):
            return []
        return [
            {
                "country": data["priority_country"],
                "number": data["priority_number"],
                "date": data["priority_date"],
            }
        ]


class PatentGrantForm(PriorityFieldsMixin, RightEntryForm):
    """A CNIPA grant (invention, utility model or design) entered as it arrives."""

    status_value = Status.GRANTED
    grant_date = forms.DateField(
        label=_("Grant date"), help_text=_("The date of the grant announcement."), **DATE
    )
    registration_number = forms.CharField(
        label=_("Patent number"),
        max_length=40,
        required=False,
        help_text=_("Optional, e.g. ZL201510958772.0."),
    )
    annuities_paid_through = forms.IntegerField(
        label=_("Annuities paid through patent year"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("Leave empty: the year of grant is paid with the grant fees."),
    )

    def right_fields(self):
        fields = super().right_fields()
        for name in ("grant_date", "registration_number", "annuities_paid_through"):
            fields[name] = self.cleaned_data[name]
        if fields["registration_number"] is None:
            fields["registration_number"] = ""
        return fields


class ApplicationForm(PriorityFieldsMixin, RightEntryForm):
    """A pending CNIPA application (patent or trademark), filed or published."""

    kind_choices = APPLICATION_CHOICES
    publication_date = forms.DateField(label=_("Publication date"), required=False, **DATE)

    def right_fields(self):
        fields = super().right_fields()
        fields["publication_date"] = self.cleaned_data["publication_date"]
        if fields["publication_date"]:
            fields["status"] = Status.PUBLISHED
        return fields


def parse_nice_classes(raw: str) -> list[int]:
    """'9, 35 42' -> [9, 35, 42]; the model decides whether they are valid classes."""
    parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    try:
        return [int(p) for p in parts]
    except ValueError:
        raise ValidationError(
            _("Give the Nice classes as numbers separated by commas, e.g. 9, 35.")
        ) from None


class TrademarkRegistrationForm(RightEntryForm):
    """A registered Chinese trademark."""

    kind_choices = [(Kind.TRADEMARK.value, Kind.TRADEMARK.label)]
    status_value = Status.REGISTERED
    registration_number = forms.CharField(label=_("Registration number"), max_length=40)
    registration_date = forms.DateField(label=_("Registration date"), **DATE)
    nice_classes = forms.CharField(
        label=_("Nice classes"), max_length=200, help_text=_("e.g. 9, 35")
    )
    renewals = forms.IntegerField(
        label=_("Renewals granted so far"), min_value=0, max_value=50, initial=0, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = Kind.TRADEMARK
        self.fields["application_number"].help_text = _("CNIPA trademark number, digits only.")
        self.fields["title"].help_text = _("The mark's text as registered.")

    def clean_nice_classes(self):
        return parse_nice_classes(self.cleaned_data["nice_classes"])

    def right_fields(self):
        fields = super().right_fields()
        for name in ("registration_number", "registration_date", "nice_classes"):
            fields[name] = self.cleaned_data[name]
        fields["renewals"] = self.cleaned_data.get("renewals") or 0
        return fields


class ForeignRightForm(PriorityFieldsMixin, RightEntryForm):
    """A right filed abroad: the Paris or PCT window for filing in China runs from it."""

    kind_choices = APPLICATION_CHOICES
    jurisdiction = forms.CharField(
        label=_("Country or office"),
        max_length=2,
        help_text=_("Two letters: US, EP, JP, or WO for a PCT application."),
    )
    cn_counterpart = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Chinese counterpart"),
        help_text=_("The Chinese filing that claims this right, once filed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cn_counterpart"].queryset = Right.objects.filter(
            organisation=self.organisation, jurisdiction="CN"
        ).order_by("application_number")
        self.fields["application_number"].help_text = _("As the foreign office writes it.")

    def clean_jurisdiction(self):
        value = self.cleaned_data["jurisdiction"].strip().upper()
        if value == "CN":
            raise ValidationError(_("A Chinese right is entered with the CNIPA forms."))
        return value

    def right_fields(self):
        fields = super().right_fields()
        fields["jurisdiction"] = self.cleaned_data["jurisdiction"]
        fields["cn_counterpart"] = self.cleaned_data["cn_counterpart"]
        return fields


ENTRY_FORMS = {
    "grant": (PatentGrantForm, _("New CNIPA patent grant")),
    "application": (ApplicationForm, _("New CNIPA application")),
    "trademark": (TrademarkRegistrationForm, _("New trademark registration")),
    "foreign": (ForeignRightForm, _("New foreign right")),
}


class GrantForm(forms.Form):
    """A pending patent application granted: the grant date starts annuities and the customs
    reminder."""

    grant_date = forms.DateField(label=_("Grant date"), **DATE)
    registration_number = forms.CharField(
        label=_("Patent number"),
        max_length=40,
        required=False,
        help_text=_("Optional, e.g. ZL201510958772.0."),
    )


class PriorityClaimForm(forms.Form):
    country = forms.CharField(
        label=_("Country"), max_length=2, help_text=_("Two letters, e.g. US.")
    )
    number = forms.CharField(label=_("Application number"), max_length=40)
    date = forms.DateField(label=_("Priority date"), **DATE)

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()


class RecordalForm(forms.Form):
    """A GACC recordal of a right in force, with its first parties and ports."""

    recordal_number = forms.CharField(
        label=_("GACC recordal number"), max_length=40, required=False
    )
    applied_on = forms.DateField(label=_("Applied on"), **DATE)
    approved_on = forms.DateField(
        label=_("Approved on"),
        required=False,
        help_text=_("Empty while GACC has not approved it."),
        **DATE,
    )
    office_valid_until = forms.DateField(
        label=_("Valid until (GACC)"),
        required=False,
        help_text=_("Only if GACC's approval names a date; otherwise it is computed."),
        **DATE,
    )
    genuine_product_notes = forms.CharField(
        label=_("How to tell genuine products"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For customs officers: packaging, labels, serial numbers."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    external_id = forms.CharField(label=_("External ID"), max_length=100, required=False)

    def recordal_fields(self) -> dict:
        return dict(self.cleaned_data)


class PartyForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *PartyRole.choices], required=False
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    licence_from = forms.DateField(
        label=_("Licence starts"), required=False, help_text=_("For a licensee."), **DATE
    )
    licence_until = forms.DateField(
        label=_("Licence ends"),
        required=False,
        help_text=_("Empty for an open-ended licence."),
        **DATE,
    )

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("role"):
            self.add_error("role", _("Say what this party is (licensee, manufacturer…)."))
        if data.get("role") and not data.get("name"):
            self.add_error("name", _("Give the party's name."))
        licensee = data.get("role") == PartyRole.LICENSEE and data.get("name")
        if licensee and not data.get("licence_from") and "licence_from" not in self.errors:
            self.add_error("licence_from", _("Give the date the licence starts."))
        if data.get("country"):
            data["country"] = data["country"].upper()
        return data


class RouteForm(forms.Form):
    port = forms.CharField(label=_("Port"), max_length=100, required=False)
    route = forms.CharField(label=_("Route"), max_length=300, required=False)


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Photo of the genuine product"), required=False)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


PartyFormSet = forms.formset_factory(PartyForm, extra=2, max_num=10)
RouteFormSet = forms.formset_factory(RouteForm, extra=2, max_num=10)
ImageFormSet = forms.formset_factory(ImageForm, extra=1, max_num=5)


class NoticeForm(forms.Form):
    """A customs notice as served: the 3-working-day clock starts the day after."""

    track = forms.ChoiceField(label=_("Track"), choices=Track.choices, initial=Track.EX_OFFICIO)
    customs_reference = forms.CharField(label=_("Customs reference"), max_length=60, required=False)
    served_on = forms.DateField(
        label=_("Served on"),
        help_text=_("The day the notice reached you or your agent (China date)."),
        **DATE,
    )
    served_time = forms.TimeField(
        label=_("Served at (China time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    service_method = forms.ChoiceField(
        label=_("Served by"), choices=ServiceMethod.choices, initial=ServiceMethod.ELECTRONIC
    )
    port = forms.CharField(label=_("Port"), max_length=100)
    route = forms.ModelChoiceField(
        label=_("Route"),
        queryset=RecordalRoute.objects.none(),
        required=False,
        help_text=_("The recorded port or trade route the goods came through."),
    )
    goods_description = forms.CharField(label=_("Goods"), widget=forms.Textarea(attrs={"rows": 2}))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0)
    goods_value_cny = forms.DecimalField(
        label=_("Value (CNY)"), min_value=0, max_digits=14, decimal_places=2
    )
    responsible = forms.ModelChoiceField(queryset=None, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisation, legal_tz, recordal, **kwargs):
        super().__init__(*args, **kwargs)
        self.legal_tz = legal_tz
        self.fields["responsible"] = members_field(
            organisation, label=_("Responsible for the answer"), required=True
        )
        # The routes recorded on this notice's recordal (as the API's `route`); the service
        # refuses any other. A recordal without routes has no choice to offer.
        if recordal.routes.exists():
            route = self.fields["route"]
            route.queryset = recordal.routes.all()
            route.label_from_instance = _route_label
        else:
            del self.fields["route"]

    def notice_fields(self) -> dict:
        data = dict(self.cleaned_data)
        time = data.pop("served_time")
        data["served_at"] = (
            dt.datetime.combine(data["served_on"], time, tzinfo=self.legal_tz) if time else None
        )
        return data


def _route_label(route: RecordalRoute) -> str:
    return f"{route.port} – {route.route}" if route.route else route.port


class RecordalSearchForm(forms.Form):
    number = forms.CharField(label=_("GACC recordal number"), max_length=40)
