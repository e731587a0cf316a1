"""Services refuse to write across organisations, whatever entry point called them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from customs.services import customs_notice_answer, recordal_register
from deadlines.models import Deadline
from deadlines.services import deadline_complete, deadline_waive, deadlines_recompute
from rights.services import right_create, right_update
from tests.factories import CustomsNoticeFactory, RightFactory


def test_outsider_cannot_update_another_organisations_right(org, outsider):
    right = RightFactory(organisation=org, owner="Demo Co. Ltd")
    with pytest.raises(PermissionDenied):
        right_update(right=right, actor=outsider, owner="Outsider Ltd")
    right.refresh_from_db()
    assert right.owner == "Demo Co. Ltd"


def test_outsider_cannot_create_a_right_in_another_organisation(org, outsider):
    with pytest.raises(PermissionDenied):
        right_create(
            organisation=org,
            actor=outsider,
            kind="copyright",
            jurisdiction="CN",
            title="Manual",
            owner="X",
        )
    assert not org.memberships.filter(user=outsider).exists()


def test_outsider_cannot_record_or_answer_for_another_organisation(org, outsider):
    right = RightFactory(organisation=org, granted=True)
    with pytest.raises(PermissionDenied):
        recordal_register(
            organisation=org, right=right, actor=outsider, applied_on=dt.date(2022, 1, 3)
        )
    notice = CustomsNoticeFactory(recordal__right__organisation=org)
    with pytest.raises(PermissionDenied):
        customs_notice_answer(
            notice=notice, actor=outsider, response="explain", responded_on=notice.served_on
        )
    notice.refresh_from_db()
    assert notice.responded_on is None


def test_outsider_counsel_cannot_complete_or_waive_another_organisations_deadline(org, outsider):
    right = RightFactory(organisation=org, granted=True)
    deadlines_recompute(right=right)
    deadline = Deadline.objects.filter(right=right, status__in=["open", "missed"]).first()
    with pytest.raises(PermissionDenied):
        deadline_complete(deadline=deadline, actor=outsider, note="paid")
    with pytest.raises(PermissionDenied):
        deadline_waive(deadline=deadline, actor=outsider, reason="not ours")
    deadline.refresh_from_db()
    assert deadline.status in ("open", "missed")
