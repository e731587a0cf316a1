"""Date order and answer coherence are refused by the model, naming the field, and save nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from customs.models import RecordalChange
from customs.services import customs_notice_answer, recordal_change_register
from tests.factories import CustomsNoticeFactory, RecordalFactory


def test_detention_date_with_an_explain_answer_is_refused(db):
    notice = CustomsNoticeFactory()
    with pytest.raises(ValidationError) as error:
        customs_notice_answer(
            notice=notice,
            response="explain",
            responded_on=dt.date(2025, 10, 9),
            detained_on=dt.date(2025, 10, 10),
        )
    assert "detained_on" in error.value.message_dict
    notice.refresh_from_db()
    assert (notice.response, notice.responded_on, notice.detained_on) == ("", None, None)
    assert not notice.deadlines.filter(rule="detention_investigation").exists()


def test_amendment_filed_before_the_change_names_filed_on(db):
    recordal = RecordalFactory()
    change = recordal_change_register(
        recordal=recordal, kind="licence", occurred_on=dt.date(2025, 3, 10)
    )
    change.filed_on = dt.date(2025, 3, 1)
    with pytest.raises(ValidationError) as error:
        change.full_clean()
    assert error.value.message_dict == {
        "filed_on": ["The amendment cannot be filed before the change."]
    }
    assert RecordalChange.objects.get(pk=change.pk).filed_on is None
