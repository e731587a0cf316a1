"""The enforcement pages: counsel's flow, field errors, roles, the outsider, query ceilings."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from enforcement import services
from enforcement.models import CeaseDesistLetter, Evidence, Listing, PlatformComplaint
from tests.factories import InfringerFactory, RightFactory

D = dt.date
# Wed 2025-09-24, 10:00 China time.
NOW = time_machine.travel(
    dt.datetime(2025, 9, 24, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
)


def login(client, user):
    client.force_login(user)
    return client


@NOW
def test_counsel_records_a_complaint_the_counter_notice_and_sees_the_clock(
    client, counsel, right, infringer
):
    login(client, counsel)
    response = client.post(
        reverse("enforcement:complaint-new"),
        {
            "platform": "taobao",
            "right": right.pk,
            "infringer": infringer.pk,
            "listings": "https://item.taobao.com/item.htm?id=101\nhttps://item.taobao.com/item.htm?id=102\n",
            "reason": "Copies of the device",
            "status": "submitted",
            "submitted_on": "2025-09-01",
        },
    )
    complaint = PlatformComplaint.objects.get()
    assert response.status_code == 302 and response.url == complaint.get_absolute_url()
    assert complaint.listings.count() == 2
    client.post(
        reverse("enforcement:complaint-transition", args=[complaint.pk]),
        {"status": "removed", "on": "2025-09-05"},
    )
    # Received Wed 2025-09-17: day 15 = Thu 10-02 (holiday) -> Thu 2025-10-09.
    response = client.post(
        reverse("enforcement:complaint-counter-notice", args=[complaint.pk]),
        {"received_on": "2025-09-17"},
    )
    assert response.status_code == 302
    page = client.get(complaint.get_absolute_url()).content.decode()
    # Today Wed 09-24 -> Thu 10-09: 15 calendar days left.
    assert "15 days left" in page
    assert "2025-10-09" in page and "ecommerce_counter_notice" in page
    assert "item.htm?id=102" in page


@NOW
def test_a_bad_complaint_shows_field_errors_and_saves_nothing(client, counsel, right):
    login(client, counsel)
    response = client.post(
        reverse("enforcement:complaint-new"),
        {
            "platform": "jd",
            "right": right.pk,
            "listings": "https://detail.tmall.com/item.htm?id=5",
            "reason": "x",
            "status": "submitted",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tmall listing; this complaint goes to JD.com" in page
    assert "A submitted complaint needs its submission date." in page or "submitted_on" in page
    assert not PlatformComplaint.objects.exists() and not Listing.objects.exists()


@NOW
def test_counsel_writes_a_letter_and_downloads_it(client, counsel, right, infringer):
    login(client, counsel)
    response = client.post(
        reverse("enforcement:letter-new"),
        {
            "infringer": infringer.pk,
            "rights": [right.pk],
            "language": "bilingual",
            "findings": "Sells copies",
            "demands": "Stop",
            "sent_on": "2025-09-05",
            "method": "courier",
        },
    )
    letter = CeaseDesistLetter.objects.get()
    assert response.status_code == 302
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "2025-09-19" in page  # reply due: 14 days after Fri 09-05
    download = client.get(reverse("enforcement:letter-document", args=[letter.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    text = "\n".join(
        c.text
        for t in Document(io.BytesIO(download.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert (
        right.registration_number in text and infringer.name_zh in text and infringer.name in text
    )


def test_evidence_upload_and_download_through_the_page(client, paralegal):
    login(client, paralegal)
    response = client.post(
        reverse("enforcement:evidence-list"),
        {"file": SimpleUploadedFile("shot.png", b"png-bytes"), "kind": "screenshot"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("enforcement:evidence-download", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == b"png-bytes"


def test_statistics_per_platform_and_right(client, viewer, org, counsel, right):
    complaint = services.complaint_create(
        organisation=org,
        actor=counsel,
        platform="jd",
        right=right,
        reason="r",
        status="submitted",
        submitted_on=D(2025, 9, 1),
    )
    services.complaint_transition(
        complaint=complaint, status="removed", on=D(2025, 9, 4), actor=counsel
    )
    services.complaint_create(
        organisation=org,
        actor=counsel,
        platform="jd",
        right=right,
        reason="r",
        status="submitted",
        submitted_on=D(2025, 9, 2),
    )
    page = login(client, viewer).get(reverse("enforcement:statistics")).content.decode()
    assert "<svg" in page and "JD.com: 50%." in page  # 1 of 2 taken down
    assert "JD.com: 2." in page


# --- roles and tenancy ---------------------------------------------------------------------

PAGES = [
    "enforcement:infringer-list",
    "enforcement:complaint-list",
    "enforcement:letter-list",
    "enforcement:evidence-list",
    "enforcement:statistics",
]


@pytest.fixture
def world(org, counsel, right, infringer):
    evidence = services.evidence_upload(
        organisation=org, actor=counsel, file=SimpleUploadedFile("a.png", b"a")
    )
    letter = services.letter_create(
        organisation=org,
        actor=counsel,
        infringer=infringer,
        rights=[right],
        findings="f",
        demands="d",
    )
    complaint = services.complaint_create(
        organisation=org,
        actor=counsel,
        platform="jd",
        right=right,
        reason="r",
        listings=["https://item.jd.com/1.html"],
    )
    return {"infringer": infringer, "evidence": evidence, "letter": letter, "complaint": complaint}


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name", PAGES)
def test_the_outsider_sees_none_of_demo_cos_records(client, outsider, world, name):
    page = login(client, outsider).get(reverse(name)).content.decode()
    assert "深圳仿冒贸易有限公司" not in page and "a.png" not in page and "item.jd.com" not in page


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("enforcement:infringer-detail", "infringer"),
        ("enforcement:complaint-detail", "complaint"),
        ("enforcement:letter-detail", "letter"),
        ("enforcement:letter-document", "letter"),
        ("enforcement:evidence-download", "evidence"),
    ],
)
def test_the_outsider_gets_404_on_every_record(client, outsider, world, name, key):
    assert login(client, outsider).get(reverse(name, args=[world[key].pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "key", "data"),
    [
        ("enforcement:infringer-merge", "infringer", {"duplicate": 1}),
        (
            "enforcement:complaint-transition",
            "complaint",
            {"status": "submitted", "on": "2025-09-01"},
        ),
        ("enforcement:complaint-counter-notice", "complaint", {"received_on": "2025-09-01"}),
        ("enforcement:letter-update", "letter", {"outcome": "complied"}),
    ],
)
def test_the_outsider_cannot_post_and_a_viewer_is_refused(
    client, outsider, viewer, world, name, key, data
):
    url = reverse(name, args=[world[key].pk])
    assert login(client, outsider).post(url, data).status_code == 404
    assert login(client, viewer).post(url, data).status_code == 403


def test_viewer_sees_no_edit_controls(client, viewer, world):
    page = login(client, viewer).get(world["complaint"].get_absolute_url()).content.decode()
    assert "Next step" not in page and "csrfmiddlewaretoken" not in page.split("<main")[-1]


# --- query ceilings ------------------------------------------------------------------------


def _add(org, counsel, start, stop):
    for n in range(start, stop):
        right = RightFactory(organisation=org, granted=True)
        infringer = InfringerFactory(organisation=org)
        services.evidence_upload(
            organisation=org, actor=counsel, file=SimpleUploadedFile(f"{n}.png", bytes([n]) * 9)
        )
        services.letter_create(
            organisation=org,
            actor=counsel,
            infringer=infringer,
            rights=[right],
            findings="f",
            demands="d",
        )
        services.complaint_create(
            organisation=org,
            actor=counsel,
            platform="jd",
            right=right,
            infringer=infringer,
            reason="r",
            listings=[f"https://item.jd.com/{n}.html"],
            status="submitted",
            submitted_on=D(2025, 9, 1),
        )


def test_pages_run_the_same_queries_for_3_or_12_records(
    client, org, counsel, viewer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, viewer)

    def count(name):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured)

    _add(org, counsel, 0, 3)
    small = {name: count(name) for name in PAGES}
    _add(org, counsel, 3, 12)
    large = {name: count(name) for name in PAGES}
    assert large == small
    assert max(large.values()) <= 12, large


def _complaints_with_counter_notices(org, counsel, start, stop):
    for n in range(start, stop):
        complaint = services.complaint_create(
            organisation=org,
            actor=counsel,
            platform="jd",
            right=RightFactory(organisation=org, granted=True),
            infringer=InfringerFactory(organisation=org),
            reason="r",
            listings=[f"https://item.jd.com/{1000 + n}.html"],
            status="submitted",
            submitted_on=D(2025, 9, 1),
        )
        services.complaint_transition(
            complaint=complaint, status="removed", on=D(2025, 9, 5), actor=counsel
        )
        services.complaint_counter_notice(
            complaint=complaint, received_on=D(2025, 9, 17), actor=counsel
        )


@NOW
def test_dashboard_and_docket_name_complaint_deadlines_without_a_query_per_row(
    client, org, counsel
):
    """The 15-day clocks of platform complaints appear on the shared pages; naming each one's
    matter must not cost a query per row (the generic subject is prefetched)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, counsel)

    def count(name):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name))
        assert response.status_code == 200
        return len(captured), response.content.decode().count("Platform complaint")

    _complaints_with_counter_notices(org, counsel, 0, 3)
    small = {name: count(name) for name in ("dashboard:home", "dashboard:docket")}
    _complaints_with_counter_notices(org, counsel, 3, 12)
    large = {name: count(name) for name in ("dashboard:home", "dashboard:docket")}
    assert {k: v[0] for k, v in large.items()} == {k: v[0] for k, v in small.items()}
    assert large["dashboard:docket"][1] > small["dashboard:docket"][1] > 0
