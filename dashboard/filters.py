"""Filters of the docket report and the matter lists (django-filter), on scoped querysets.

Each filter is an indexed column or a join the page already makes; the free text searches the
numbers, titles and owners (Chinese too: plain case-insensitive containment).
"""

import datetime as dt

import django_filters as filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customs.models import NoticeStatus, RecordalStatus, Track
from deadlines.labels import text
from deadlines.models import DeadlineStatus
from deadlines.rules import RULES, TWO_PERSON_RULES
from rights.models import Kind, Status

LIVE = "live"
ALL = "all"
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _members_of(request):
    membership = getattr(request.user, "membership", None)
    if membership is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(membership__organisation_id=membership.organisation_id)


def _rules_named(value: str) -> list[str]:
    """Rules whose label, in the reader's language, contains `value` (titles are stored in
    English, so "年费" finds the annuity deadlines of a Chinese reader)."""
    needle = value.casefold()
    return [r.id for r in RULES.values() if needle in text(r.label).casefold()]


def contains_any(value: str, fields) -> Q:
    """Rows where any of `fields` contains `value` (case-insensitive; Chinese text too)."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return condition


class TextSearch:
    """The lists' free-text box: one rule for every list, the searched fields per list."""

    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(self.search_condition(value))

    def search_condition(self, value: str) -> Q:
        return contains_any(value, self.search_fields)


class DocketFilter(TextSearch, filters.FilterSet):
    search_fields = (
        "right__application_number",
        "right__registration_number",
        "right__title",
        "right__owner",
        "title",
        "customs_notice__customs_reference",
        "recordal__recordal_number",
    )
    q = filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, title, owner, deadline")}
        ),
    )
    due_after = filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due from"), widget=DATE_INPUT
    )
    due_before = filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due until"), widget=DATE_INPUT
    )
    status = filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        empty_label=None,
        choices=[
            (LIVE, _("Open or missed")),
            *DeadlineStatus.choices,
            (ALL, _("Any status")),
        ],
    )
    responsible = filters.ModelChoiceFilter(
        label=_("Responsible"), queryset=_members_of, empty_label=_("Anyone")
    )
    rule = filters.ChoiceFilter(
        label=_("Rule"),
        choices=lambda: sorted(((r.id, text(r.label)) for r in RULES.values()), key=lambda c: c[1]),
        empty_label=_("Any rule"),
    )
    kind = filters.ChoiceFilter(
        field_name="right__kind",
        label=_("Right kind"),
        choices=Kind.choices,
        empty_label=_("Any kind"),
    )
    provisional = filters.BooleanFilter(
        label=_("Provisional"),
        widget=forms.Select(
            choices=[
                ("", _("Either")),
                ("true", _("Provisional only")),
                ("false", _("Not provisional")),
            ]
        ),
    )
    verification = filters.ChoiceFilter(
        label=_("Second check"),
        method="filter_verification",
        empty_label=_("Any"),
        choices=[
            ("unverified", _("Awaiting a second check")),
            ("verified", _("Verified")),
        ],
    )
    o = filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(
            ("due_date", "due"),
            ("title", "deadline"),
            ("status", "status"),
            ("right__application_number", "number"),
            ("right__title", "right"),
            ("right__owner", "owner"),
            ("responsible__username", "responsible"),
        ),
        field_labels={
            "due": _("Due date"),
            "deadline": _("Deadline"),
            "status": _("Status"),
            "number": _("Number"),
            "right": _("Right"),
            "owner": _("Owner"),
            "responsible": _("Responsible"),
        },
    )

    def __init__(self, *args, default_since: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_since = default_since

    def filter_queryset(self, queryset):
        """Live dates without a start date or search start at `default_since` (the dashboard's
        overdue window), so years-old missed items do not head the report; a search by number
        or title, or any start date, reaches every date."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if (
            self.default_since
            and data.get("status") == LIVE
            and not data.get("due_after")
            and not (data.get("q") or "").strip()
        ):
            queryset = queryset.filter(due_date__gte=self.default_since)
        else:
            self.default_since = None  # not applied: the page says nothing about it
        return queryset

    def search_condition(self, value: str) -> Q:
        return super().search_condition(value) | Q(rule__in=_rules_named(value))

    def filter_verification(self, queryset, name, value):
        if value == "unverified":
            return queryset.filter(rule__in=TWO_PERSON_RULES, verified_at__isnull=True)
        return queryset.filter(verified_at__isnull=False)

    def filter_status(self, queryset, name, value):
        if value == ALL:
            return queryset
        if value == LIVE:
            return queryset.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
        return queryset.filter(status=value)


def docket_defaults() -> dict:
    """What the docket's form shows before any filter: open or missed dates."""
    return {"status": LIVE}


class RightFilter(TextSearch, filters.FilterSet):
    search_fields = (
        "application_number",
        "registration_number",
        "title",
        "owner",
    )
    q = filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number, title, owner")}),
    )
    kind = filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"), empty_label=_("Any kind"))
    status = filters.ChoiceFilter(
        choices=Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    jurisdiction = filters.CharFilter(
        label=_("Country"),
        lookup_expr="iexact",
        widget=forms.TextInput(attrs={"size": 3, "placeholder": "CN"}),
    )
    responsible = filters.ModelChoiceFilter(
        label=_("Responsible"), queryset=_members_of, empty_label=_("Anyone")
    )
    o = filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(
            ("filing_date", "filed"),
            ("application_number", "number"),
            ("title", "title"),
            ("owner", "owner"),
            ("expiry_date", "expiry"),
            ("status", "status"),
        ),
        field_labels={
            "filed": _("Filing date"),
            "number": _("Number"),
            "title": _("Title"),
            "owner": _("Owner"),
            "expiry": _("Expiry"),
            "status": _("Status"),
        },
    )


class RecordalFilter(TextSearch, filters.FilterSet):
    search_fields = (
        "recordal_number",
        "right__application_number",
        "right__registration_number",
        "right__title",
        "right__owner",
    )
    q = filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Recordal number, right, owner")}
        ),
    )
    status = filters.ChoiceFilter(
        choices=RecordalStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    valid_before = filters.DateFilter(
        field_name="valid_until",
        lookup_expr="lte",
        label=_("Valid until, at the latest"),
        widget=DATE_INPUT,
    )
    o = filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(
            ("valid_until", "valid"),
            ("recordal_number", "number"),
            ("applied_on", "applied"),
            ("right__title", "right"),
        ),
        field_labels={
            "valid": _("Valid until"),
            "number": _("Number"),
            "applied": _("Applied on"),
            "right": _("Right"),
        },
    )


class NoticeFilter(TextSearch, filters.FilterSet):
    search_fields = (
        "customs_reference",
        "port",
        "goods_description",
        "recordal__right__title",
        "recordal__right__application_number",
    )
    q = filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Reference, port, goods, right")}
        ),
    )
    status = filters.ChoiceFilter(
        choices=NoticeStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    track = filters.ChoiceFilter(
        choices=Track.choices, label=_("Track"), empty_label=_("Either track")
    )
    served_after = filters.DateFilter(
        field_name="served_on", lookup_expr="gte", label=_("Served from"), widget=DATE_INPUT
    )
    o = filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(
            ("served_on", "served"),
            ("response_due", "due"),
            ("port", "port"),
            ("status", "status"),
        ),
        field_labels={
            "served": _("Served on"),
            "due": _("Answer due"),
            "port": _("Port"),
            "status": _("Status"),
        },
    )
