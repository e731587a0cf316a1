"""The operator's "Load a State Council notice" page: paste, preview, load (issue 9).

The preview lists exactly the deadlines that the load then moves, per organisation, with the
old and new dates; an unreadable line or a schedule against the law loads nothing.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from calendars.models import OfficialYear
from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from tests.factories import CustomsNoticeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:calendars_officialyear_load_notice")
NOTICE_2027 = (Path(__file__).parents[1] / "calendars" / "notices" / "2027-made-up.txt").read_text(
    encoding="utf-8"
)


def serve(org, served_on):
    notice = CustomsNoticeFactory(
        organisation=org,
        recordal__organisation=org,
        recordal__right__organisation=org,
        served_on=served_on,
    )
    deadlines_recompute(right=notice.recordal.right)
    return Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")


@pytest.fixture
def two_organisations():
    first, second = OrganisationFactory(name="Alpha Ltd"), OrganisationFactory(name="Beta Ltd")
    # Alpha, served Thu 2027-09-30: unpublished Mon 10-04..Wed 10-06; the notice gives
    # 10-01..10-07 off and Sat 10-09 working: Fri 08, Sat 09, Mon 11 -> later.
    # Beta, served Wed 2026-12-30: due Tue 2027-01-05 either way; the act-by moves from the
    # earliest possible (Sun 01-03) to the due date.
    return serve(first, dt.date(2027, 9, 30)), serve(second, dt.date(2026, 12, 30))


def test_the_preview_shows_the_days_the_checks_and_every_move_and_keeps_nothing(
    admin_client, two_organisations
):
    alpha, beta = two_organisations

    page = admin_client.post(PAGE, {"text": NOTICE_2027, "preview": "1"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "国办发明电〔2026〕99号" in html and "2026-11-05 (Thursday)" in html
    assert "2027-10-01 Fri – 2027-10-07 Thu (7)" in html
    assert "✓ Every statutory day off of the Holidays Measures (art. 2) is a day off." in html
    assert "✗" not in html
    assert "2 deadlines will move" in html
    assert html.index("Alpha Ltd") < html.index("Beta Ltd")
    assert "2027-10-06 Wed</td>" in html and "2027-10-11 Mon" in html
    assert not OfficialYear.objects.exists()
    alpha.refresh_from_db()
    assert alpha.due_date == dt.date(2027, 10, 6)

    preview = page.context["preview"].load.outcome.moves
    loaded = admin_client.post(PAGE, {"text": NOTICE_2027, "load": "1"})

    assert loaded.status_code == 302
    official = OfficialYear.objects.get()
    assert (official.year, official.notice_number) == (2027, "国办发明电〔2026〕99号")
    moved = {
        d.pk: (d.due_date, d.act_by) for d in Deadline.objects.filter(pk__in=[alpha.pk, beta.pk])
    }
    assert {m.deadline_id: (m.new_due, m.new_act_by) for m in preview} == moved
    assert moved[alpha.pk] == (dt.date(2027, 10, 11), dt.date(2027, 10, 11))
    assert moved[beta.pk] == (dt.date(2027, 1, 5), dt.date(2027, 1, 5))


def test_an_unreadable_line_is_shown_and_nothing_can_be_loaded(admin_client):
    text = NOTICE_2027.replace("共7天", "共9天")

    page = admin_client.post(PAGE, {"text": text, "preview": "1"})

    assert page.status_code == 200
    assert "Line 12 (七、国庆节：" in page.content.decode()
    assert "says 9 days" in page.content.decode()
    assert 'name="load"' not in page.content.decode()
    assert admin_client.post(PAGE, {"text": text, "load": "1"}).status_code == 200
    assert not OfficialYear.objects.exists()


def test_a_schedule_against_the_law_is_shown_failing_its_check(admin_client):
    # Mid-Autumn (Wed 09-15) is a statutory day: a notice without it contradicts the law.
    text = NOTICE_2027.replace("六、中秋节：9月15日（周三）放假1天，不调休。\n", "")

    page = admin_client.post(PAGE, {"text": text, "preview": "1"})

    html = page.content.decode()
    assert "✗ Every statutory day off of the Holidays Measures (art. 2) is a day off." in html
    assert "2027-09-15 (Wednesday) is a statutory day off (Mid-Autumn Festival" in html
    assert 'name="load"' not in html


def test_only_the_operator_reaches_the_page(login, paralegal, admin_client):
    assert admin_client.get(PAGE).status_code == 200
    assert login(paralegal).get(PAGE).status_code == 403


def test_a_staff_operator_sees_every_organisations_moves(login, operator, two_organisations):
    page = login(operator).post(PAGE, {"text": NOTICE_2027, "preview": "1"})

    assert page.status_code == 200
    assert [name for name, _ in page.context["moves_by_organisation"]] == ["Alpha Ltd", "Beta Ltd"]


def test_an_upload_that_is_not_utf8_is_refused(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notice.txt", NOTICE_2027.encode("gb18030"))

    page = admin_client.post(PAGE, {"upload": upload, "preview": "1"})

    assert "The file is not UTF-8 text." in page.content.decode()
