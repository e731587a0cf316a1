import django_filters

from core.filters import IdFilter, IntegerFilter
from customs.models import (
    CustomsNotice,
    GeneralGuarantee,
    NoticeStatus,
    PartyRole,
    Recordal,
    RecordalParty,
    RecordalStatus,
    Track,
)


class RecordalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RecordalStatus.choices)
    right = IdFilter(field_name="right_id")
    valid_until_before = django_filters.DateFilter(field_name="valid_until", lookup_expr="lte")

    class Meta:
        model = Recordal
        fields = ["right", "status", "recordal_number", "external_id"]


class RecordalPartyFilter(django_filters.FilterSet):
    recordal = IdFilter(field_name="recordal_id")
    role = django_filters.ChoiceFilter(choices=PartyRole.choices)

    class Meta:
        model = RecordalParty
        fields = ["recordal", "role"]


class CustomsNoticeFilter(django_filters.FilterSet):
    recordal = IdFilter(field_name="recordal_id")
    status = django_filters.ChoiceFilter(choices=NoticeStatus.choices)
    track = django_filters.ChoiceFilter(choices=Track.choices)
    served_after = django_filters.DateFilter(field_name="served_on", lookup_expr="gte")
    served_before = django_filters.DateFilter(field_name="served_on", lookup_expr="lte")

    class Meta:
        model = CustomsNotice
        fields = ["recordal", "status", "track", "port", "external_id"]


class GeneralGuaranteeFilter(django_filters.FilterSet):
    year = IntegerFilter()

    class Meta:
        model = GeneralGuarantee
        fields = ["year"]
