"""History and two-person verification on the matter pages, the dashboard and the digest."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from customs import services as customs_services
from deadlines.models import Deadline
from deadlines.services import deadline_verify
from enforcement import services as enforcement_services
from notifications.selectors import digest_sections
from rights import services as rights_services
from tests.factories import notice_entered_by

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _answer(org, actor):
    notice = notice_entered_by(org, actor)
    return Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")


def test_a_second_person_verifies_from_the_deadline_page(client, org, paralegal, counsel):
    answer = _answer(org, paralegal)
    client.force_login(counsel)
    page = client.get(answer.get_absolute_url()).content.decode()
    assert "Verify date" in page and "awaiting second check" in page
    response = client.post(reverse("dashboard:deadline-verify", args=[answer.pk]), follow=True)
    assert "Verified: " in response.content.decode()
    answer.refresh_from_db()
    assert answer.verified_by == counsel
    page = client.get(answer.get_absolute_url()).content.decode()
    assert "Verified by counsel" in page and "Verify date" not in page


def test_whoever_entered_the_facts_is_told_why_not(client, org, paralegal):
    answer = _answer(org, paralegal)
    client.force_login(paralegal)
    response = client.post(reverse("dashboard:deadline-verify", args=[answer.pk]), follow=True)
    assert "a second person who did not must verify it" in response.content.decode()
    answer.refresh_from_db()
    assert answer.verified_at is None


def test_a_viewer_sees_no_verify_button_and_is_refused(client, org, paralegal, viewer):
    answer = _answer(org, paralegal)
    client.force_login(viewer)
    assert "Verify date" not in client.get(answer.get_absolute_url()).content.decode()
    response = client.post(reverse("dashboard:deadline-verify", args=[answer.pk]))
    assert response.status_code == 403


def test_the_docket_row_verifies_in_place_with_htmx(client, org, paralegal, manager):
    answer = _answer(org, paralegal)
    client.force_login(manager)
    docket = client.get(reverse("dashboard:docket") + "?verification=unverified").content.decode()
    assert f'id="deadline-{answer.pk}"' in docket and "Verify date" in docket
    row = client.post(
        reverse("dashboard:deadline-verify", args=[answer.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert row.startswith("<tr") or f'id="deadline-{answer.pk}"' in row
    assert "verified" in row
    docket = client.get(reverse("dashboard:docket") + "?verification=unverified").content.decode()
    assert f'id="deadline-{answer.pk}"' not in docket


def test_the_dashboard_and_the_digest_list_unverified_dates(client, org, paralegal, counsel):
    answer = _answer(org, paralegal)
    client.force_login(counsel)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Rights-ending dates awaiting a second check</a> (1)" in home
    sections = digest_sections(organisation_id=org.pk, today=dt.date(2026, 11, 24))
    assert [d.pk for d in sections["unverified"].rows] == [answer.pk]
    deadline_verify(deadline=answer, actor=counsel)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Rights-ending dates awaiting a second check</a> (0)" in home
    sections = digest_sections(organisation_id=org.pk, today=dt.date(2026, 11, 24))
    assert sections["unverified"].total == 0


def test_the_history_names_the_fact_that_moved_a_date_in_chinese_too(
    client, org, paralegal, counsel
):
    answer = _answer(org, paralegal)
    customs_services.customs_notice_update(
        notice=answer.customs_notice, actor=counsel, served_on=dt.date(2026, 11, 20)
    )
    client.force_login(counsel)
    page = client.get(answer.get_absolute_url()).content.decode()
    assert "Customs notice “#" in page and "changed: Served on" in page
    with translation.override("en"):  # the middleware's Chinese ends with this request
        page = client.get(answer.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = page.content.decode()
    assert "修改记录" in page and "海关通知“#" in page and "已修改：送达日期" in page
    assert "changed: Served on" not in page


def test_the_history_of_a_long_lived_record_is_paged(client, org, paralegal, counsel):
    right = _answer(org, paralegal).right
    for n in range(30):
        rights_services.right_update(right=right, actor=counsel, title=f"Title {n}")
    client.force_login(counsel)
    first = client.get(right.get_absolute_url()).content.decode()
    assert "Older changes" in first and "Title 29" in first and "Title 2<" not in first
    second = client.get(right.get_absolute_url() + "?history=2").content.decode()
    assert "Newer changes" in second and "Title 2</ins>" in second


def test_an_evidence_file_has_its_history_page(client, org, paralegal, counsel, outsider):
    evidence = enforcement_services.evidence_upload(
        organisation=org,
        actor=paralegal,
        file=ContentFile(b"bytes", name="shot.png"),
        description="First words",
    )
    enforcement_services.evidence_describe(
        evidence=evidence, actor=counsel, description="Better words"
    )
    client.force_login(counsel)
    listing = client.get(reverse("enforcement:evidence-list")).content.decode()
    url = reverse("dashboard:evidence-history", args=[evidence.pk])
    assert url in listing
    page = client.get(url).content.decode()
    assert evidence.sha256 in page
    assert "<del>First words</del> → <ins>Better words</ins>" in page
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_history_pages_read_the_same_number_of_queries_for_a_short_and_a_long_history(
    client, org, paralegal, counsel
):
    right = _answer(org, paralegal).right
    evidence = enforcement_services.evidence_upload(
        organisation=org, actor=paralegal, file=ContentFile(b"b", name="a.png"), description="0"
    )
    client.force_login(counsel)
    pages = [right.get_absolute_url(), reverse("dashboard:evidence-history", args=[evidence.pk])]

    def costs(page):
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{url}?history={page}").status_code == 200
            found.append(len(queries))
        return found

    short = costs(1)
    for n in range(40):
        rights_services.right_update(right=right, actor=counsel, title=f"Title {n}")
        enforcement_services.evidence_describe(evidence=evidence, actor=counsel, description=f"{n}")
    # A middle page reads one more row: the entry before its last (for that entry's diff).
    assert costs(1) == [s + 1 for s in short]
    assert costs(2) == short
