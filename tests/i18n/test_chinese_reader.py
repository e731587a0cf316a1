"""What a Chinese reader gets besides the pages' own words: API errors, exports, search by the
words they read, the rule filter, and 'why this date' in their language."""

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from calendars.services import schedule_problems
from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from notifications.services import preference_update
from tests.api.conftest import token_client
from tests.dashboard.conftest import build_portfolio
from tests.factories import RightFactory

PATENT = {
    "kind": "invention",
    "jurisdiction": "CN",
    "title": "自锁紧固件",
    "owner": "深圳市示例科技有限公司",
    "application_number": "201510958772.1",  # wrong check character (it is .0)
    "filing_date": "2015-12-18",
    "status": "filed",
}


def test_api_validation_errors_follow_accept_language(paralegal):
    api = token_client(paralegal)
    chinese = api.post("/api/v1/rights/", PATENT, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN")
    english = api.post("/api/v1/rights/", PATENT, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.status_code == english.status_code == 400
    assert "校验位" in chinese.json()["application_number"][0]
    assert "Check character" in english.json()["application_number"][0]


def test_an_export_for_a_chinese_reader_has_chinese_headers_and_keeps_chinese_data(
    client, counsel, org
):
    RightFactory(organisation=org, title="自锁紧固件", owner="深圳市示例科技有限公司")
    client.force_login(counsel)
    client.post("/settings/language/", {"language": "zh-hans"})
    response = client.get(reverse("dashboard:right-export", args=["csv"]))
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # UTF-8 with BOM: spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0]["名称"] == "自锁紧固件"
    assert rows[0]["权利人"] == "深圳市示例科技有限公司"
    assert rows[0]["类型"] == "发明专利"


def test_a_chinese_reader_finds_deadlines_by_the_words_they_read(client, counsel, org):
    made = build_portfolio(org, 3)
    client.force_login(counsel)
    client.post("/settings/language/", {"language": "zh-hans"})
    page = client.get(reverse("dashboard:docket"), {"q": "答复海关通知", "status": "all"})
    shown = list(page.context["page"].object_list)
    answer = Deadline.objects.get(customs_notice=made["notices"][0], rule="customs_notice_response")
    assert [d.pk for d in shown] == [answer.pk]
    assert "专利年费缴纳期限</option>" in page.content.decode()  # the rule filter, translated


def test_why_this_date_in_chinese_names_rule_source_and_days(db):
    right = RightFactory(filing_date=dt.date(2019, 3, 4), granted=True)
    deadlines_recompute(right=right)
    annuity = Deadline.objects.filter(right=right, rule="patent_annuity").order_by("due_date")[0]
    with translation.override("zh-hans"):
        heading, why = annuity.heading, annuity.explained
    assert heading.startswith("专利年费缴纳期限（第 ")
    assert "《专利法实施细则》第一百一十五条" in why
    assert "日（星期" in why
    with translation.override("en"):
        assert annuity.explained == annuity.explanation  # English readers keep the full text


def test_service_errors_built_from_values_are_translated(counsel):
    """Errors that carry a value (a list of choices, a stage) are gettext messages with
    placeholders, so a Chinese reader gets them in Chinese with the value kept."""
    with translation.override("zh-hans"):
        try:
            preference_update(user=counsel, language="xx", muted_stages=["notice-2026-11-24"])
        except ValidationError as error:
            messages = error.message_dict
        else:
            raise AssertionError("a bad language and a critical stage must be refused")
    assert messages["language"][0].startswith("请从以下选项中选择：")
    assert "en" in messages["language"][0]
    assert messages["muted_stages"][0].startswith("无法静音 notice-2026-11-24")


def test_an_operators_schedule_problems_are_in_chinese_with_the_chinese_weekday():
    # 2027-03-03 is a Wednesday: it cannot be a swapped working day.
    with translation.override("zh-hans"):
        problems = schedule_problems(
            year=2027,
            days_off=[(dt.date(2027, 1, 1), "New Year")],
            working_days=[(dt.date(2027, 3, 3), "")],
        )
    weekend = [p.message for p in problems if p.rule == "weekend"]
    assert weekend == ["2027-03-03 是星期三：只有星期六或星期日才能成为调休上班日。"]
