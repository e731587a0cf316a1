"""Two-person verification of rights-ending dates (deadlines.services.deadline_verify)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from customs import services as customs_services
from deadlines.models import Deadline
from deadlines.rules import RULES, TWO_PERSON_RULES
from deadlines.services import deadline_verify, fact_enterers
from tests.factories import member, notice_entered_by

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _notice(org, actor, served_on=dt.date(2026, 11, 23)):
    notice = notice_entered_by(org, actor, served_on=served_on)
    answer = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    return notice, answer


def test_the_rights_ending_rules_are_those_of_the_brief():
    assert {
        "customs_notice_response",
        "trademark_renewal_due",
        "trademark_renewal_grace_end",
        "patent_annuity_grace_end",
        "paris_priority",
        "pct_national_phase",
        "pct_national_phase_late",
        "ecommerce_counter_notice",
    } == TWO_PERSON_RULES
    assert set(RULES) >= TWO_PERSON_RULES


def test_a_second_person_verifies_and_it_is_recorded_in_history(org, paralegal, counsel):
    _, answer = _notice(org, paralegal)
    assert answer.needs_verification
    deadline_verify(deadline=answer, actor=counsel)
    answer.refresh_from_db()
    assert answer.verified_by == counsel and answer.verified_at is not None
    assert not answer.needs_verification
    newest = answer.history.order_by("-history_id").first()
    assert newest.history_user == counsel and newest.verified_by_id == counsel.pk


def test_whoever_entered_the_facts_cannot_verify(org, paralegal):
    _, answer = _notice(org, paralegal)
    assert fact_enterers(answer) == {paralegal.pk}
    with pytest.raises(ValidationError) as refused:
        deadline_verify(deadline=answer, actor=paralegal)
    assert "verified_by" in refused.value.message_dict
    answer.refresh_from_db()
    assert answer.verified_at is None


def test_whoever_moved_the_date_by_changing_a_fact_cannot_verify_it_either(
    org, paralegal, counsel, manager
):
    notice, answer = _notice(org, paralegal)
    customs_services.customs_notice_update(
        notice=notice, actor=counsel, served_on=dt.date(2026, 11, 20)
    )
    answer.refresh_from_db()
    assert fact_enterers(answer) == {paralegal.pk, counsel.pk}
    with pytest.raises(ValidationError):
        deadline_verify(deadline=answer, actor=counsel)
    deadline_verify(deadline=answer, actor=manager)  # a third person may


def test_a_change_that_does_not_move_the_date_does_not_make_an_enterer(org, paralegal, counsel):
    notice, answer = _notice(org, paralegal)
    customs_services.customs_notice_update(notice=notice, actor=counsel, port="Ningbo")
    answer.refresh_from_db()
    assert fact_enterers(answer) == {paralegal.pk}
    deadline_verify(deadline=answer, actor=counsel)


def test_a_viewer_cannot_verify(org, paralegal, viewer):
    _, answer = _notice(org, paralegal)
    with pytest.raises(PermissionDenied):
        deadline_verify(deadline=answer, actor=viewer)


def test_a_member_of_another_organisation_cannot_verify(org, paralegal, outsider):
    _, answer = _notice(org, paralegal)
    with pytest.raises(PermissionDenied):
        deadline_verify(deadline=answer, actor=outsider)


def test_only_rights_ending_dates_are_verified(org, paralegal, counsel):
    notice, _ = _notice(org, paralegal)
    other = Deadline.objects.filter(right=notice.recordal.right).exclude(rule__in=TWO_PERSON_RULES)
    with pytest.raises(ValidationError) as refused:
        deadline_verify(deadline=other.first(), actor=counsel)
    assert "rule" in refused.value.message_dict


def test_a_date_is_verified_once(org, paralegal, counsel, manager):
    _, answer = _notice(org, paralegal)
    deadline_verify(deadline=answer, actor=counsel)
    with pytest.raises(ValidationError):
        deadline_verify(deadline=answer, actor=manager)


def test_a_closed_date_is_not_verified(org, paralegal, counsel):
    notice, answer = _notice(org, paralegal)
    customs_services.customs_notice_answer(
        notice=notice, actor=paralegal, response="explain", responded_on=dt.date(2026, 11, 24)
    )
    answer.refresh_from_db()
    assert answer.status == "done"
    with pytest.raises(ValidationError):
        deadline_verify(deadline=answer, actor=counsel)


def test_a_recompute_that_moves_the_date_clears_the_verification(org, paralegal, counsel, manager):
    notice, answer = _notice(org, paralegal)
    deadline_verify(deadline=answer, actor=counsel)
    customs_services.customs_notice_update(
        notice=notice, actor=paralegal, served_on=dt.date(2026, 11, 20)
    )
    answer.refresh_from_db()
    assert answer.verified_at is None and answer.verified_by is None
    assert answer.needs_verification
    # The history shows the verification cleared, and why.
    newest = answer.history.order_by("-history_id").first()
    assert newest.verified_by_id is None and "Served on" in newest.history_change_reason


def test_a_recompute_that_keeps_the_date_keeps_the_verification(org, paralegal, counsel):
    notice, answer = _notice(org, paralegal)
    deadline_verify(deadline=answer, actor=counsel)
    customs_services.customs_notice_update(notice=notice, actor=paralegal, port="Ningbo")
    answer.refresh_from_db()
    assert answer.verified_by == counsel


def test_a_third_member_role_manager_may_verify(org, paralegal):
    manager = member("manager", org, username="boss")
    _, answer = _notice(org, paralegal)
    deadline_verify(deadline=answer, actor=manager)
