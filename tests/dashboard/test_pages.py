"""What the workspace pages show: buckets with counts, the docket's search and exports, the
notice answer form, "why this date" as structured facts."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from customs.models import CustomsNotice, NoticeStatus
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import deadlines_recompute
from tests.factories import RightFactory

from .conftest import build_portfolio

pytestmark = pytest.mark.usefixtures("frozen")


def test_dashboard_counts_each_bucket(client, counsel, org):
    right = RightFactory(organisation=org)
    cycles = iter(range(1, 100))

    def row(days, status=DeadlineStatus.OPEN, rule="patent_annuity"):
        today = dt.date(2026, 11, 24)
        Deadline.objects.create(
            organisation=org,
            right=right,
            subject_key=f"right:{right.pk}",
            rule=rule,
            cycle=next(cycles),
            title=f"Due {days}",
            due_date=today + dt.timedelta(days=days),
            act_by=today + dt.timedelta(days=days),
            status=status,
            explanation="x",
        )

    for days in (-200, -3):  # overdue, but only the recent one is in the bucket
        row(days, DeadlineStatus.MISSED)
    for days in (0, 0, 5, 20, 60, 200):
        row(days)
    row(3, DeadlineStatus.DONE)
    client.force_login(counsel)
    body = client.get("/").content.decode()
    counts = {key: _bucket(body, key) for key in ("overdue", "today", "week", "days30", "days90")}
    assert counts == {"overdue": 1, "today": 2, "week": 3, "days30": 4, "days90": 5}


def _bucket(body: str, key: str) -> int:
    marker = f'data-bucket="{key}"><span class="count">'
    start = body.index(marker) + len(marker)
    return int(body[start : body.index("<", start)])


def test_mine_shows_only_the_users_deadlines(client, counsel, paralegal, org):
    def foreign(title, user, number):
        right = RightFactory(
            organisation=org,
            title=title,
            responsible=user,
            jurisdiction="US",
            application_number=number,
            filing_date=dt.date(2026, 5, 1),
        )
        deadlines_recompute(right=right)

    foreign("Counsel's own hinge", counsel, "17/000001")
    foreign("Paralegal's latch", paralegal, "17/000002")
    client.force_login(counsel)
    everyone = client.get("/").content.decode()
    only_mine = client.get("/?scope=mine").content.decode()
    assert "Paralegal&#x27;s latch" in everyone
    assert "Counsel&#x27;s own hinge" in only_mine
    assert "Paralegal&#x27;s latch" not in only_mine


def test_notice_clock_on_the_dashboard(client, counsel, org):
    build_portfolio(org, 1)
    client.force_login(counsel)
    body = client.get("/").content.decode()
    # Served Mon 23 Nov; now Tue 24 Nov 10:00: Tue, Wed, Thu left, 62 h to Fri 00:00.
    assert "3 working days, 62 h 0 min" in body
    assert "Thu 2026-11-26, 24:00 China time" in body


def test_docket_finds_a_right_by_number_and_by_chinese_title(client, counsel, org):
    made = build_portfolio(org, 3)
    target = made["unrecorded"][0]
    target.title = "折叠自行车锁"
    target.save()
    client.force_login(counsel)
    by_number = client.get(
        reverse("dashboard:docket"), {"q": target.application_number.split(".")[0], "status": "all"}
    )
    assert target.application_number in by_number.content.decode()
    assert made["notices"][0].recordal.right.application_number not in by_number.content.decode()
    by_title = client.get(
        reverse("dashboard:docket"), {"q": "自行车", "status": "all"}
    ).content.decode()
    assert "折叠自行车锁" in by_title
    assert made["foreign"][0].title not in by_title


def test_docket_export_is_the_current_filter_as_csv_with_bom_and_xlsx(client, counsel, org):
    made = build_portfolio(org, 3)
    target = made["unrecorded"][0]
    target.title = "折叠自行车锁"
    target.save()
    client.force_login(counsel)
    params = {"q": target.application_number, "status": "all"}
    response = client.get(reverse("dashboard:docket-export", args=["csv"]), params)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and {r["Application number"] for r in rows} == {target.application_number}
    assert rows[0]["Title"] == "折叠自行车锁"
    xlsx = client.get(reverse("dashboard:docket-export", args=["xlsx"]), params)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][0] == "Due date"
    assert len(values) == len(rows) + 1
    assert client.get(reverse("dashboard:docket-export", args=["pdf"])).status_code == 404


def test_docket_rejects_a_bad_date_without_failing(client, counsel, org):
    client.force_login(counsel)
    response = client.get(reverse("dashboard:docket"), {"due_after": "2026-13-45"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_docket_sorts_by_owner_and_paginates(client, counsel, org):
    build_portfolio(org, 30)
    client.force_login(counsel)
    response = client.get(reverse("dashboard:docket"), {"status": "all", "o": "-owner"})
    page = response.context["page"]
    assert page.paginator.num_pages > 1
    second = client.get(reverse("dashboard:docket"), {"status": "all", "o": "-owner", "page": 2})
    first_ids = {d.pk for d in page.object_list}
    assert first_ids.isdisjoint({d.pk for d in second.context["page"].object_list})


def test_right_page_explains_each_date_without_markup(client, counsel, org):
    made = build_portfolio(org, 1)
    client.force_login(counsel)
    body = client.get(made["notices"][0].get_absolute_url()).content.decode()
    assert "Working days counted" in body
    assert "Wed 2026-11-25" in body
    assert "&lt;p&gt;" not in body
    right_page = client.get(made["notices"][0].recordal.right.get_absolute_url()).content.decode()
    assert "Timeline" in right_page and "Change history" in right_page
    assert "Customs notice served at Shenzhen Huanggang" in right_page
    # history dates with their weekday, old value struck out
    assert "Expiry date: <del>—</del> → <ins>Sun 2039-03-13</ins>" in right_page


def test_counsel_answers_a_notice_through_the_form(client, counsel, org):
    notice = build_portfolio(org, 1)["notices"][0]
    client.force_login(counsel)
    url = reverse("dashboard:notice-answer", args=[notice.pk])
    bad = client.post(url, {"response": "detain"})
    assert bad.status_code == 400
    assert "This field is required" in bad.content.decode()
    assert CustomsNotice.objects.get(pk=notice.pk).responded_on is None
    ok = client.post(url, {"response": "detain", "responded_on": "2026-11-24"})
    assert ok.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ANSWERED
    assert notice.responded_on == dt.date(2026, 11, 24)
    again = client.post(url, {"response": "explain", "responded_on": "2026-11-24"})
    assert again.status_code == 400
    assert "already been answered" in again.content.decode()


def test_lists_search_filter_and_export(client, counsel, org):
    made = build_portfolio(org, 6)
    client.force_login(counsel)
    foreign = made["foreign"][0]
    body = client.get(reverse("dashboard:right-list"), {"jurisdiction": "us"}).content.decode()
    assert foreign.title in body
    assert made["unrecorded"][0].title not in body
    csv_text = client.get(
        reverse("dashboard:right-export", args=["csv"]), {"q": foreign.application_number}
    ).content.decode()
    assert foreign.application_number in csv_text
    notices = client.get(reverse("dashboard:notice-list"), {"q": "SZ-2026"}).content.decode()
    assert made["notices"][0].customs_reference in notices
    recordals = client.get(
        reverse("dashboard:recordal-list"), {"status": "active"}
    ).content.decode()
    assert made["notices"][0].recordal.recordal_number in recordals


def test_month_calendar_places_deadlines_on_their_day(client, counsel, org):
    build_portfolio(org, 1)
    client.force_login(counsel)
    body = client.get(reverse("dashboard:docket-calendar"), {"month": "2026-11"}).content.decode()
    assert "Answer the customs notice" in body
    assert 'datetime="2026-11-26"' in body


def test_docket_starts_at_the_overdue_window_but_a_search_reaches_older_dates(client, counsel, org):
    right = RightFactory(organisation=org)
    old = Deadline.objects.create(
        organisation=org,
        right=right,
        subject_key=f"right:{right.pk}",
        rule="patent_annuity",
        cycle=3,
        title="Patent annuity due (year 3)",
        due_date=dt.date(2024, 3, 14),
        act_by=dt.date(2024, 3, 13),
        status=DeadlineStatus.MISSED,
        explanation="x",
    )
    client.force_login(counsel)
    default = client.get(reverse("dashboard:docket"))
    assert old.pk not in {d.pk for d in default.context["page"].object_list}
    assert 'set "Due from" or search' in default.content.decode()
    searched = client.get(
        reverse("dashboard:docket"), {"q": right.application_number, "status": "live"}
    )
    assert old.pk in {d.pk for d in searched.context["page"].object_list}
