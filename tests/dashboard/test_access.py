"""Roles and tenancy on every workspace page: login everywhere, no edit control for a viewer
(and 403 if they post anyway), no waiving for a paralegal, another organisation's object 404."""

import pytest
from django.urls import reverse

from customs.models import CustomsNotice
from deadlines.models import Deadline, DeadlineStatus

from .conftest import build_portfolio

LIST_PAGES = [
    "dashboard:home",
    "dashboard:docket",
    "dashboard:docket-calendar",
    "dashboard:right-list",
    "dashboard:recordal-list",
    "dashboard:notice-list",
]


@pytest.fixture
def made(org, frozen):
    return build_portfolio(org, 3)


@pytest.fixture
def open_deadline(made):
    return Deadline.objects.filter(
        customs_notice=made["notices"][0], status=DeadlineStatus.OPEN
    ).first()


def _object_pages(made, deadline) -> list[str]:
    notice = made["notices"][0]
    return [
        notice.recordal.right.get_absolute_url(),
        notice.recordal.get_absolute_url(),
        notice.get_absolute_url(),
        deadline.get_absolute_url(),
    ]


def _posts(made, deadline) -> list[tuple[str, dict]]:
    notice = made["notices"][0]
    return [
        (reverse("dashboard:deadline-done", args=[deadline.pk]), {"note": "filed"}),
        (reverse("dashboard:deadline-waive", args=[deadline.pk]), {"reason": "dropped"}),
        (
            reverse("dashboard:notice-answer", args=[notice.pk]),
            {"response": "explain", "responded_on": "2026-11-24"},
        ),
    ]


def test_every_page_and_export_needs_a_login(client, made, open_deadline):
    urls = [reverse(name) for name in LIST_PAGES] + _object_pages(made, open_deadline)
    urls += [reverse("dashboard:docket-export", args=["csv"])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_another_organisations_objects_are_not_found(client, outsider, made, open_deadline):
    client.force_login(outsider)
    for url in _object_pages(made, open_deadline):
        assert client.get(url).status_code == 404, url
    for url, data in _posts(made, open_deadline):
        assert client.post(url, data).status_code == 404, url
    open_deadline.refresh_from_db()
    assert open_deadline.status == DeadlineStatus.OPEN


def test_another_organisations_rows_are_not_listed(client, outsider, made):
    client.force_login(outsider)
    for name in LIST_PAGES:
        body = client.get(reverse(name) + ("?status=all" if name == "dashboard:docket" else ""))
        assert made["notices"][0].recordal.right.title not in body.content.decode(), name


def test_a_viewer_sees_no_edit_control(client, viewer, made, open_deadline):
    client.force_login(viewer)
    for url in [reverse(n) for n in LIST_PAGES] + _object_pages(made, open_deadline):
        body = client.get(url).content.decode()
        assert "/done/" not in body and "/waive/" not in body, url
        assert "/answer/" not in body, url


def test_a_viewer_posting_anyway_is_refused_and_nothing_changes(
    client, viewer, made, open_deadline
):
    client.force_login(viewer)
    for url, data in _posts(made, open_deadline):
        assert client.post(url, data).status_code == 403, url
    open_deadline.refresh_from_db()
    assert open_deadline.status == DeadlineStatus.OPEN
    assert CustomsNotice.objects.get(pk=made["notices"][0].pk).responded_on is None


def test_a_manager_cannot_mark_done(client, manager, open_deadline):
    client.force_login(manager)
    url = reverse("dashboard:deadline-done", args=[open_deadline.pk])
    assert client.post(url, {"note": "x"}).status_code == 403


def test_a_paralegal_can_mark_done_but_not_waive(client, paralegal, made, open_deadline):
    client.force_login(paralegal)
    body = client.get(open_deadline.get_absolute_url()).content.decode()
    assert "/done/" in body
    assert "/waive/" not in body
    waive = reverse("dashboard:deadline-waive", args=[open_deadline.pk])
    assert client.post(waive, {"reason": "no"}).status_code == 403
    done = reverse("dashboard:deadline-done", args=[open_deadline.pk])
    response = client.post(done, {"note": "Answered by fax", "next": "/docket/"})
    assert response.status_code == 302
    assert response["Location"] == "/docket/"
    open_deadline.refresh_from_db()
    assert open_deadline.status == DeadlineStatus.DONE
    assert open_deadline.note == "Answered by fax"


def test_counsel_waives_with_a_reason_only(client, counsel, open_deadline):
    client.force_login(counsel)
    url = reverse("dashboard:deadline-waive", args=[open_deadline.pk])
    client.post(url, {"reason": "   "})
    open_deadline.refresh_from_db()
    assert open_deadline.status == DeadlineStatus.OPEN
    client.post(url, {"reason": "Goods released by customs"})
    open_deadline.refresh_from_db()
    assert open_deadline.status == DeadlineStatus.WAIVED
    assert open_deadline.note == "Goods released by customs"


def test_an_offsite_next_is_not_followed(client, counsel, open_deadline):
    client.force_login(counsel)
    url = reverse("dashboard:deadline-done", args=[open_deadline.pk])
    response = client.post(url, {"note": "", "next": "https://evil.example/"})
    assert response["Location"] == open_deadline.get_absolute_url()


def test_done_through_htmx_returns_the_updated_row(client, counsel, open_deadline):
    client.force_login(counsel)
    url = reverse("dashboard:deadline-done", args=[open_deadline.pk])
    response = client.post(url, {"note": "filed"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="deadline-{open_deadline.pk}"')
    assert "status-done" in body
    assert "/done/" not in body  # a closed row offers no action


def test_done_twice_through_htmx_says_why_in_the_row(client, counsel, open_deadline):
    client.force_login(counsel)
    url = reverse("dashboard:deadline-done", args=[open_deadline.pk])
    client.post(url, {"note": ""}, headers={"HX-Request": "true"})
    again = client.post(url, {"note": ""}, headers={"HX-Request": "true"})
    assert again.status_code == 200
    assert "already done" in again.content.decode()
