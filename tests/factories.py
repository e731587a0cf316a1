"""Factories that keep related data coherent: a recordal's right belongs to its organisation."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from accounts.models import Membership, Organisation, Role
from calendars.models import OfficialYear
from core.clock import now_utc
from customs import services as customs_services
from customs.models import (
    CustomsNotice,
    GeneralGuarantee,
    Recordal,
    RecordalChange,
    RecordalParty,
    RecordalRoute,
)
from deadlines.models import Deadline
from notifications.models import Alert, NotificationPreference, ReminderPolicy
from rights import services as rights_services
from rights.models import PriorityClaim, Right
from rights.numbers import check_character
from webhooks.models import Delivery, Endpoint


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Org {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARALEGAL


def member(role: str, organisation=None, **user_fields):
    """A user with a membership of the given role (in a new organisation unless given)."""
    organisation = organisation or OrganisationFactory()
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def cn_patent_number(year: int, type_digit: int, serial: int) -> str:
    body = f"{year:04d}{type_digit}{serial:07d}"
    return f"{body}.{check_character(body)}"


_TYPE_DIGIT = {"invention": 1, "utility_model": 2, "design": 3}


class RightFactory(factory.django.DjangoModelFactory):
    """A granted CN invention patent by default; traits give the other shapes."""

    class Meta:
        model = Right

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "invention"
    jurisdiction = "CN"
    title = factory.Sequence(lambda n: f"Fastening device {n}")
    owner = "Demo Co. Ltd"
    filing_date = dt.date(2019, 3, 14)
    application_number = factory.LazyAttributeSequence(
        lambda o, n: cn_patent_number(o.filing_date.year, _TYPE_DIGIT[o.kind], 100000 + n)
        if o.kind in _TYPE_DIGIT and o.jurisdiction == "CN"
        else f"{40000000 + n}"
    )
    status = "filed"

    class Params:
        granted = factory.Trait(status="granted", grant_date=dt.date(2021, 8, 3))
        trademark = factory.Trait(
            kind="trademark",
            title="SPARROW",
            nice_classes=[9, 35],
            status="registered",
            filing_date=dt.date(2015, 2, 10),
            registration_date=dt.date(2016, 5, 7),
        )


class RecordalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recordal

    right = factory.SubFactory(RightFactory, granted=True)
    organisation = factory.SelfAttribute("right.organisation")
    recordal_number = factory.Sequence(lambda n: f"P{2021}-{10000 + n}")
    applied_on = dt.date(2021, 9, 1)
    approved_on = dt.date(2021, 10, 12)
    status = "active"


class CustomsNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomsNotice

    recordal = factory.SubFactory(RecordalFactory)
    organisation = factory.SelfAttribute("recordal.organisation")
    served_on = dt.date(2025, 9, 30)
    port = "Shenzhen Huanggang"
    goods_description = "Counterfeit fastening devices"
    quantity = 1200
    goods_value_cny = Decimal("86000.00")


class GeneralGuaranteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneralGuarantee

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    amount_cny = Decimal("200000.00")
    bank = "Bank of China"
    approved_on = dt.date(2026, 1, 20)
    covers_until = dt.date(2026, 12, 31)
    letter_valid_until = dt.date(2027, 6, 30)


class PriorityClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityClaim

    right = factory.SubFactory(RightFactory)
    country = "DE"
    number = factory.Sequence(lambda n: f"10 2018 {100000 + n}")
    date = dt.date(2018, 9, 20)


class RecordalChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordalChange

    recordal = factory.SubFactory(RecordalFactory)
    kind = "assignment"
    occurred_on = dt.date(2025, 5, 5)


class RecordalPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordalParty

    recordal = factory.SubFactory(RecordalFactory)
    role = "licensee"
    name = factory.Sequence(lambda n: f"Licensee {n} Ltd")


class RecordalRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordalRoute

    recordal = factory.SubFactory(RecordalFactory)
    port = "Shenzhen Huanggang"


class OfficialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialYear
        django_get_or_create = ("year",)

    year = 2027
    notice = factory.LazyAttribute(lambda o: f"State Council notice for {o.year}")
    published_on = factory.LazyAttribute(lambda o: dt.date(o.year - 1, 11, 5))


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A stored deadline row, as the recompute would write it (for scanner and API tests)."""

    class Meta:
        model = Deadline

    right = factory.SubFactory(RightFactory)
    organisation = factory.SelfAttribute("right.organisation")
    rule = "patent_annuity"
    cycle = factory.Sequence(lambda n: n + 1)
    subject_key = factory.LazyAttribute(lambda o: f"right:{o.right.pk}")
    title = "Patent annuity due"
    due_date = dt.date(2026, 3, 14)
    act_by = factory.LazyAttribute(lambda o: o.due_date - dt.timedelta(days=14))
    status = "open"
    explanation = "Computed by the test factory."


class ReminderPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderPolicy
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)


class AlertFactory(factory.django.DjangoModelFactory):
    """A pending reminder of one deadline for one recipient (the outbox row)."""

    class Meta:
        model = Alert

    deadline = factory.SubFactory(DeadlineFactory)
    organisation = factory.SelfAttribute("deadline.organisation")
    recipient = factory.SubFactory(UserFactory)
    kind = "reminder"
    stage = "d-30"
    state = "pending"
    next_attempt_at = factory.LazyFunction(now_utc)


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endpoint

    organisation = factory.SubFactory(OrganisationFactory)
    url = factory.Sequence(lambda n: f"https://hooks.example.com/{n}")


class DeliveryFactory(factory.django.DjangoModelFactory):
    """A pending webhook delivery (the outbox row of one event for one endpoint)."""

    class Meta:
        model = Delivery

    endpoint = factory.SubFactory(EndpointFactory)
    event = "deadline.changed"
    payload = factory.LazyAttribute(
        lambda o: {"event": o.event, "organisation": o.endpoint.organisation_id, "data": {}}
    )


class InfringerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enforcement.Infringer"

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "company"
    name = factory.Sequence(lambda n: f"Shenzhen Copycat Trading Co., Ltd. {n}")
    name_zh = factory.Sequence(lambda n: f"深圳仿冒贸易有限公司{n}")


def notice_entered_by(org, actor, *, serial: int = 1, served_on=dt.date(2026, 11, 23)):
    """A granted patent, its recordal and a customs notice, all entered through the services by
    `actor` (so each deadline's history names who entered its facts)."""
    right = rights_services.right_create(
        organisation=org,
        actor=actor,
        kind="invention",
        title="Fastener",
        owner="Demo Co. Ltd",
        application_number=cn_patent_number(2019, 1, 300000 + serial),
        filing_date=dt.date(2019, 3, 14),
        grant_date=dt.date(2021, 8, 3),
        status="granted",
    )
    recordal = customs_services.recordal_register(
        organisation=org,
        right=right,
        actor=actor,
        recordal_number=f"P2021-{serial}",
        applied_on=dt.date(2021, 9, 1),
        approved_on=dt.date(2021, 10, 12),
    )
    return customs_services.customs_notice_register(
        organisation=org,
        recordal=recordal,
        actor=actor,
        served_on=served_on,
        port="Shenzhen",
        goods_description="Fasteners",
        quantity=10,
        goods_value_cny=Decimal("1000.00"),
    )
