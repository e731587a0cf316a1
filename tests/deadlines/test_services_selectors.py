"""deadlines.selectors: every read is scoped to the reader's organisation."""

import datetime as dt

import pytest

from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_list, deadlines_open_between
from tests.factories import UserFactory


def _deadline(org, *, key, due, status=DeadlineStatus.OPEN):
    return Deadline.objects.create(
        organisation=org,
        subject_key=key,
        rule="customs_record",
        title="Record the right with China Customs",
        due_date=due,
        act_by=due,
        status=status,
        explanation="test row",
    )


@pytest.fixture
def docket(org, other_org):
    return {
        "ours_open": _deadline(org, key="right:1", due=dt.date(2026, 12, 1)),
        "ours_done": _deadline(
            org, key="right:2", due=dt.date(2026, 12, 2), status=DeadlineStatus.DONE
        ),
        "ours_later": _deadline(org, key="right:3", due=dt.date(2027, 2, 1)),
        "theirs": _deadline(other_org, key="right:4", due=dt.date(2026, 12, 1)),
    }


def test_deadline_list_shows_only_the_readers_organisation(docket, viewer, outsider):
    assert set(deadline_list(user=viewer)) == {
        docket["ours_open"],
        docket["ours_done"],
        docket["ours_later"],
    }
    assert list(deadline_list(user=outsider)) == [docket["theirs"]]


def test_deadline_list_filters_by_status_within_the_organisation(docket, viewer):
    assert list(deadline_list(user=viewer, status=DeadlineStatus.DONE)) == [docket["ours_done"]]


def test_users_without_membership_and_anonymous_users_see_nothing(docket, db):
    from django.contrib.auth.models import AnonymousUser

    assert list(deadline_list(user=UserFactory(username="loner"))) == []
    assert list(deadline_list(user=AnonymousUser())) == []


def test_open_between_is_an_inclusive_range_of_open_own_deadlines(docket, counsel):
    rows = deadlines_open_between(
        user=counsel, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31)
    )
    assert list(rows) == [docket["ours_open"]]
    rows = deadlines_open_between(user=counsel, start=dt.date(2026, 12, 2), end=dt.date(2027, 2, 1))
    assert list(rows) == [docket["ours_later"]]
