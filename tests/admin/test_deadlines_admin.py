"""The docket in the admin: read-only rows, "Mark done" for editors, "Waive" for counsel."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from tests.factories import RightFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:deadlines_deadline_changelist")


@pytest.fixture
def deadline(org):
    """An open one: recording a patent granted on 20 May 2025 with customs."""
    right = RightFactory(
        organisation=org,
        status="granted",
        filing_date=dt.date(2023, 4, 10),
        grant_date=dt.date(2025, 5, 20),
    )
    deadlines_recompute(right=right)
    return right.deadlines.filter(status="open", rule="customs_record").get()


def test_no_one_adds_deadlines_by_hand(login, counsel):
    assert login(counsel).get(reverse("admin:deadlines_deadline_add")).status_code == 403


def test_only_responsible_is_editable(login, paralegal, counsel, deadline):
    client = login(paralegal)
    url = reverse("admin:deadlines_deadline_change", args=[deadline.pk])

    page = client.get(url)
    data = form_data(page, responsible=counsel.pk, due_date="2030-01-01", title="Hacked")
    response = client.post(url, data)

    assert list(page.context["adminform"].form.fields) == ["responsible"]
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.responsible == counsel
    assert deadline.title != "Hacked"
    assert str(deadline.due_date) != "2030-01-01"
    assert escape_first_line(deadline) in page.content


def escape_first_line(deadline) -> bytes:
    from django.utils.html import escape

    return escape(deadline.explanation.splitlines()[0]).encode()


def test_mark_done_action_completes_through_the_service(login, paralegal, deadline):
    response = login(paralegal).post(
        CHANGELIST, {"action": "mark_done", ACTION_CHECKBOX_NAME: [deadline.pk]}
    )

    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == "done"
    assert deadline.completed_by.username == "paralegal"


def test_viewer_has_no_actions_and_cannot_mark_done(login, viewer, deadline):
    client = login(viewer)

    page = client.get(CHANGELIST)
    client.post(CHANGELIST, {"action": "mark_done", ACTION_CHECKBOX_NAME: [deadline.pk]})

    assert page.context["action_form"] is None or not [
        c for c in page.context["action_form"].fields["action"].choices if c[0]
    ]
    deadline.refresh_from_db()
    assert deadline.status == "open"


def test_waive_is_not_offered_to_a_paralegal_and_refused(login, paralegal, deadline):
    client = login(paralegal)

    page = client.get(CHANGELIST)
    response = client.post(
        CHANGELIST,
        {
            "action": "waive_deadlines",
            ACTION_CHECKBOX_NAME: [deadline.pk],
            "apply": "1",
            "reason": "Client abandons",
        },
    )

    offered = [c[0] for c in page.context["action_form"].fields["action"].choices]
    assert "waive_deadlines" not in offered
    assert "mark_done" in offered
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == "open"


def test_waive_by_counsel_asks_for_a_reason_first(login, counsel, deadline):
    client = login(counsel)

    response = client.post(
        CHANGELIST, {"action": "waive_deadlines", ACTION_CHECKBOX_NAME: [deadline.pk]}
    )

    assert response.status_code == 200
    assert b'name="reason"' in response.content
    assert deadline.title.encode() in response.content
    deadline.refresh_from_db()
    page = response.content.decode()
    right = deadline.right  # the waive page names the matter and links to its page
    for part in (right.get_kind_display(), right.application_number, right.title, right.owner):
        assert part in page, part
    assert f'href="{right.get_absolute_url()}"' in page
    assert deadline.due_date.strftime("%a %Y-%m-%d") in page
    assert deadline.status == "open"


def test_waive_by_counsel_with_blank_reason_is_refused(login, counsel, deadline):
    response = login(counsel).post(
        CHANGELIST,
        {
            "action": "waive_deadlines",
            ACTION_CHECKBOX_NAME: [deadline.pk],
            "apply": "1",
            "reason": "   ",
        },
    )

    assert response.status_code == 200
    assert b"errorlist" in response.content
    deadline.refresh_from_db()
    assert deadline.status == "open"


def test_waive_by_counsel_with_a_reason_waives(login, counsel, deadline):
    response = login(counsel).post(
        CHANGELIST,
        {
            "action": "waive_deadlines",
            ACTION_CHECKBOX_NAME: [deadline.pk],
            "apply": "1",
            "reason": "Client decided not to record with customs.",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert b"1 deadline waived." in response.content
    deadline.refresh_from_db()
    assert deadline.status == "waived"
    assert deadline.note == "Client decided not to record with customs."
    assert deadline.completed_by == counsel


def test_waive_cannot_reach_another_organisations_deadline(login, counsel, other_org):
    right = RightFactory(organisation=other_org, granted=True)
    deadlines_recompute(right=right)
    theirs = right.deadlines.get(status="open", rule="patent_expiry")

    login(counsel).post(
        CHANGELIST,
        {
            "action": "waive_deadlines",
            ACTION_CHECKBOX_NAME: [theirs.pk],
            "apply": "1",
            "reason": "Not ours",
        },
    )

    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_filters_and_search_work(login, paralegal, deadline):
    client = login(paralegal)

    by_status = client.get(CHANGELIST, {"status__exact": "open", "rule__exact": "customs_record"})
    by_title = client.get(CHANGELIST, {"q": deadline.title[:12]})

    assert list(by_status.context["cl"].result_list) == [deadline]
    assert deadline in by_title.context["cl"].result_list


def test_deadline_changelist_query_count_does_not_grow_with_rows(
    login, paralegal, org, django_assert_max_num_queries
):
    for _ in range(10):
        deadlines_recompute(
            right=RightFactory(organisation=org, granted=True, responsible=paralegal)
        )
    client = login(paralegal)

    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == Deadline.objects.count() >= 30
