"""Customs records only a right in force (issue 8 item 4; Reg. arts. 2, 8(2), 10(2)).

The rule, worked out from domain-rules §1.1-1.2: the patent right arises on grant and the
trademark right on registration, so only a granted patent or a registered mark (a Chinese one:
Reg. art. 2 protects rights under Chinese law) can be recorded, renewed or approved. A copyright
needs no registration: it can be recorded unless it has ended. The service is the one place;
the admin and the API reach it through the model's clean().
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from customs.models import Recordal
from customs.services import recordal_register, recordal_renew, recordal_update
from rights.services import right_update
from tests.factories import RightFactory, cn_patent_number

D = dt.date
FILED = D(2019, 3, 14)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2025, 6, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def patent(org, status, **extra):
    fields = {"grant_date": D(2021, 8, 3)} if status in ("granted", "lapsed") else {}
    return RightFactory(organisation=org, status=status, **{**fields, **extra})


def mark(org, status, **extra):
    fields = {"registration_date": D(2016, 5, 7)} if status in ("registered", "expired") else {}
    return RightFactory(
        organisation=org,
        trademark=True,
        status=status,
        **{"registration_date": None, **fields, **extra},
    )


# (what the right is, how to build it, recordable?)
TABLE = [
    ("filed invention (no grant yet)", lambda org: patent(org, "filed"), False),
    ("published invention (no grant yet)", lambda org: patent(org, "published"), False),
    ("granted invention", lambda org: patent(org, "granted"), True),
    ("lapsed invention (annuity unpaid)", lambda org: patent(org, "lapsed"), False),
    ("filed trademark (not registered)", lambda org: mark(org, "filed"), False),
    ("published trademark (in opposition)", lambda org: mark(org, "published"), False),
    ("registered trademark", lambda org: mark(org, "registered"), True),
    ("expired trademark", lambda org: mark(org, "expired"), False),
    (
        "US granted patent (not protected in China)",
        lambda org: patent(org, "granted", jurisdiction="US", application_number="16/123,456"),
        False,
    ),
    (
        "copyright (arises with the work)",
        lambda org: RightFactory(
            organisation=org, kind="copyright", status="filed", application_number=""
        ),
        True,
    ),
]


@pytest.mark.parametrize(("what", "build", "recordable"), TABLE, ids=[r[0] for r in TABLE])
def test_only_a_right_in_force_can_be_recorded(counsel, org, what, build, recordable):
    right = build(org)
    fields = {"applied_on": D(2025, 3, 3), "approved_on": D(2025, 4, 15)}

    if recordable:
        recordal = recordal_register(organisation=org, right=right, actor=counsel, **fields)
        assert recordal.status == "active"
        return
    with pytest.raises(ValidationError) as exc:
        recordal_register(organisation=org, right=right, actor=counsel, **fields)
    assert list(exc.value.message_dict) == ["right"]
    assert "Reg. art. 2" in exc.value.message_dict["right"][0]
    assert not Recordal.objects.exists()


def test_a_pending_application_is_refused_as_well(counsel, org):
    with pytest.raises(ValidationError) as exc:
        recordal_register(
            organisation=org, right=patent(org, "filed"), actor=counsel, applied_on=D(2025, 3, 3)
        )
    assert "right" in exc.value.message_dict


def test_applied_before_the_grant_is_refused_on_the_applied_on_field(counsel, org):
    # Granted 2021-08-03: a recordal applied for on 2021-08-02 asked for a right not yet born.
    right = patent(org, "granted")
    with pytest.raises(ValidationError) as exc:
        recordal_register(organisation=org, right=right, actor=counsel, applied_on=D(2021, 8, 2))
    assert list(exc.value.message_dict) == ["applied_on"]
    recordal = recordal_register(
        organisation=org, right=right, actor=counsel, applied_on=D(2021, 8, 3)
    )
    assert recordal.pk


def test_renewal_needs_the_right_in_force_but_a_lapsed_rights_recordal_stays_editable(counsel, org):
    right = patent(
        org, "granted", application_number=cn_patent_number(FILED.year, 1, 4711), filing_date=FILED
    )
    recordal = recordal_register(
        organisation=org,
        right=right,
        actor=counsel,
        applied_on=D(2021, 9, 1),
        approved_on=D(2021, 10, 12),
    )
    right_update(right=right, actor=counsel, status="lapsed")

    # Reg. art. 10(2): renewal only while the right is valid.
    with pytest.raises(ValidationError) as exc:
        recordal_renew(recordal=recordal, new_valid_until=D(2035, 10, 11), actor=counsel)
    assert "right" in exc.value.message_dict

    # A note on the (now lapsing) recordal grants nothing: not refused.
    edited = recordal_update(recordal=recordal, actor=counsel, notes="Right lapsed in 2025.")
    assert edited.notes == "Right lapsed in 2025."


def test_a_past_recordal_entered_as_history_is_accepted_on_an_ended_right(counsel, org):
    right = patent(org, "lapsed")
    recordal = recordal_register(
        organisation=org,
        right=right,
        actor=counsel,
        applied_on=D(2021, 9, 1),
        approved_on=D(2021, 10, 12),
        status="lapsed",
    )
    assert recordal.status == "lapsed"
