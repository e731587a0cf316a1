"""Why a deadline moved: the reason stored with each recompute, shown in the reader's language."""

import datetime as dt

import pytest
from django.utils import translation

from calendars.reasons import CALENDAR_LOADED, CALENDAR_NOTICE, CALENDAR_REMOVED
from customs import services as customs_services
from deadlines.models import Deadline
from deadlines.reasons import FACTS_CHANGED, fact_reason, reason_words
from deadlines.services import deadlines_recompute
from rights import services as rights_services
from tests.calendars.made_up_2027 import load_2027
from tests.factories import CustomsNoticeFactory, RightFactory


def _zh(stored: str) -> str:
    with translation.override("zh-hans"):
        return reason_words(stored)


@pytest.mark.parametrize(
    ("template", "values"),
    [
        (CALENDAR_LOADED, {"year": 2027, "notice": "国办发明电〔2026〕7号"}),
        (CALENDAR_REMOVED, {"year": 2027, "notice": "国办发明电〔2026〕7号"}),
        (
            CALENDAR_NOTICE,
            {"label": "国办发明电〔2026〕7号", "published": "2026-11-04", "year": 2027},
        ),
        (
            FACTS_CHANGED,
            {"record": "Customs notice", "name": "SZ-1", "fields": "Served on, Port"},
        ),
    ],
)
def test_every_reason_reads_back_in_chinese_with_its_values(template, values):
    stored = template % values
    with translation.override("en"):
        assert reason_words(stored) == stored
    chinese = _zh(stored)
    assert chinese != stored
    assert all(str(v) in chinese for k, v in values.items() if k in ("year", "notice", "name"))


def test_record_and_field_names_are_translated_too():
    chinese = _zh(FACTS_CHANGED % {"record": "Right", "name": "X", "fields": "Filing date, Title"})
    assert "Right" not in chinese and "Filing date" not in chinese
    assert "申请日" in chinese or "提交日" in chinese


def test_a_text_no_template_knows_is_shown_as_it_is():
    assert _zh("Import of rights.csv") == "Import of rights.csv"
    assert _zh("") == ""


@pytest.mark.django_db
def test_a_fact_reason_names_the_record_and_the_fields_that_changed(counsel, org):
    right = RightFactory(organisation=org, granted=True)
    rights_services.right_update(right=right, actor=counsel, title="First")  # stores its expiry
    rights_services.right_update(right=right, actor=counsel, title="New", owner="Other Ltd")
    reason = fact_reason(right)
    assert reason.startswith(f"Right “{right.application_number}” changed: ")
    assert set(reason.split(": ", 1)[1].split(", ")) == {"Title", "Owner"}


@pytest.mark.django_db
def test_a_removed_record_is_named_as_removed(counsel, org):
    right = RightFactory(organisation=org, granted=True)
    recordal = customs_services.recordal_register(
        organisation=org,
        right=right,
        actor=counsel,
        applied_on=dt.date(2024, 1, 5),
        approved_on=dt.date(2024, 3, 1),
    )
    change = customs_services.recordal_change_register(
        recordal=recordal, actor=counsel, kind="licence", occurred_on=dt.date(2026, 11, 2)
    )
    customs_services.recordal_change_remove(change=change, actor=counsel)
    assert Deadline.history.filter(rule="recordal_amendment", history_type="+").exists()
    duty = Deadline.history.filter(rule="recordal_amendment", history_type="-").first()
    assert duty is not None and duty.history_change_reason.endswith("removed")
    assert duty.history_user == counsel


@pytest.mark.django_db
@pytest.mark.frozen_at(dt.datetime(2026, 12, 20, 10, 0, tzinfo=dt.UTC))
def test_a_date_moved_by_a_loaded_calendar_says_so_in_chinese(frozen_clock, org, counsel):
    notice = CustomsNoticeFactory(
        recordal__right__organisation=org, served_on=dt.date(2026, 12, 30)
    )
    deadlines_recompute(right=notice.recordal.right)
    answer = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    assert answer.provisional
    load_2027()
    newest = answer.history.order_by("-history_id").first()
    assert newest.history_change_reason.startswith("Official 2027 calendar loaded")
    chinese = _zh(newest.history_change_reason)
    assert "2027" in chinese and "国办发明电〔2026〕99号" in chinese
    assert "Official" not in chinese
