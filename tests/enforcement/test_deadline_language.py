"""An enforcement deadline (a letter's reply and follow-up, a complaint's art. 43 window, a
monitoring sweep, an application's court clock) is stored in the engine's English and read in
the reader's language: the API's title and explanation follow Accept-Language, the deadline's
page, its history and its reminder email are Chinese for a Chinese reader."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.clock import LEGAL_TZ, now_utc
from deadlines.models import Deadline
from enforcement import customs_work, monitoring, services
from notifications.emails import build_message
from notifications.services import preference_update
from tests.api.conftest import token_client
from tests.factories import AlertFactory

D = dt.date

pytestmark = [pytest.mark.frozen_at(dt.datetime(2025, 9, 1, 12, tzinfo=LEGAL_TZ))]

# Rule codes, legal abbreviations and the product's name are the same in both languages.
CODES = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|iptracker")


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", CODES.sub(" ", text)) if not w.isupper()}


@pytest.fixture
def letter(frozen_clock, send_letter):
    return send_letter(D(2025, 9, 1))


@pytest.fixture
def matters(letter, org, counsel, right):
    complaint = services.complaint_create(
        organisation=org, actor=counsel, right=right, platform="taobao", reason="Counterfeit",
        status="submitted", submitted_on=D(2025, 8, 1), platform_reference="TB-7",
        listings=["https://item.taobao.com/item.htm?id=1"],
    )  # fmt: skip
    services.complaint_transition(
        complaint=complaint, status="removed", on=D(2025, 8, 5), actor=counsel
    )
    services.complaint_counter_notice(
        complaint=complaint, received_on=D(2025, 8, 29), actor=counsel
    )
    monitoring.monitoring_plan_create(
        organisation=org, actor=counsel, right=right, platform="jd", started_on=D(2025, 8, 20)
    )
    application = customs_work.detention_application_create(
        organisation=org, right=right, actor=counsel, port="Ningbo", applied_on=D(2025, 8, 20),
        goods_description="Fasteners", quantity=10, goods_value_cny=Decimal("1000.00"),
    )  # fmt: skip
    customs_work.detention_application_update(
        application=application, actor=counsel, detained_on=D(2025, 8, 25)
    )
    return Deadline.objects.filter(subject_type__isnull=False)


def _answer(counsel, language: str) -> dict:
    response = token_client(counsel).get(
        "/api/v1/deadlines/", {"page_size": 50}, headers={"accept-language": language}
    )
    assert response.status_code == 200
    return {row["rule"]: row for row in response.json()["results"]}


CHINESE_TITLES = {
    "letter_reply_due": "警告函答复期限届满（14 天）",
    "letter_follow_up": "跟进未获答复的警告函（发出后 21 天）",
    "ecommerce_counter_notice": "告知平台已投诉或起诉（反通知期限）",
    "monitoring_sweep_due": "巡查平台上的侵权链接（第 1 次巡查）",
    "detention_court_order_on_application": "须取得法院协助执行通知，否则放行货物（20 个工作日）",
}


def test_the_api_answers_an_enforcement_deadline_in_the_readers_language(counsel, matters):
    stored = {d.rule: d for d in matters}
    assert set(stored) == set(CHINESE_TITLES)
    english, chinese = _answer(counsel, "en"), _answer(counsel, "zh-hans")
    for rule, deadline in stored.items():
        # English: the engine's own words, as stored; nothing in the rows was translated.
        assert english[rule]["title"] == deadline.title
        assert english[rule]["explanation"] == deadline.explanation
        assert chinese[rule]["title"] == CHINESE_TITLES[rule], rule
        assert english_words(chinese[rule]["explanation"]) == set(), rule
    assert stored["letter_reply_due"].title == "Reply to the cease-and-desist letter due (14 days)"
    reply = chinese["letter_reply_due"]["explanation"]
    assert "警告函答复期限届满（14 天）：到期日 2025年9月15日（星期一）。" in reply
    assert "《民法典》第二百零一条、第二百零三条" in reply and "警告函发出之日" in reply
    # The engine's note (stored in English in the explanation) is read in Chinese too.
    assert "尚未答复：请决定提起平台投诉" in chinese["letter_follow_up"]["explanation"]
    assert "《电子商务法》第四十三条第二款" in chinese["ecommerce_counter_notice"]["explanation"]
    assert "海关将放行货物" in chinese["detention_court_order_on_application"]["explanation"]
    letter_id = stored["letter_reply_due"].subject_id
    assert english["letter_reply_due"]["subject"]["label"] == f"Cease-and-desist letter {letter_id}"
    assert chinese["letter_reply_due"]["subject"]["label"] == f"警告函 {letter_id}"
    assert chinese["monitoring_sweep_due"]["subject"]["label"].startswith("巡查计划 ")


def test_the_deadline_page_and_its_history_are_chinese(client, counsel, letter):
    reply = Deadline.objects.get(rule="letter_reply_due")
    services.letter_update(letter=letter, actor=counsel, reply_days=21)
    reply.refresh_from_db()
    assert reply.title == "Reply to the cease-and-desist letter due (21 days)"
    client.force_login(counsel)
    page = client.get(reply.get_absolute_url(), headers={"accept-language": "zh-hans"})
    html = page.content.decode()
    assert "<h1>警告函答复期限届满（21 天）</h1>" in html
    assert "警告函自身规定的答复期限" in html  # the legal source of "why this date"
    # The history shows the title's change in Chinese, not the stored English.
    assert "警告函答复期限届满（14 天）" in html
    assert "Reply to the cease-and-desist letter" not in html
    why = client.get(
        reverse("dashboard:deadline-why", args=[reply.pk]), headers={"accept-language": "zh-hans"}
    )
    assert "《民法典》第二百零一条" in why.content.decode()


def test_a_chinese_readers_reminder_of_a_letter_is_chinese(frozen_clock, letter, counsel):
    preference_update(user=counsel, language="zh-hans")
    counsel.email = "counsel@example.com"
    counsel.save()
    follow_up = Deadline.objects.get(rule="letter_follow_up")
    alert = AlertFactory(deadline=follow_up, recipient=counsel)
    message = build_message(alert, now_utc())
    assert "跟进未获答复的警告函（发出后 21 天）" in message.subject
    assert "尚未答复：请决定提起平台投诉、采取海关措施或提起诉讼。" in message.body
    assert "Follow up" not in message.body and "No answer yet" not in message.body
    english = build_message(AlertFactory(deadline=follow_up), now_utc())
    assert "Follow up the unanswered cease-and-desist letter (21 days after sending)" in (
        english.subject
    )
