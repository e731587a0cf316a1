"""Every workspace page runs the same number of queries for 5 rights as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines.models import Deadline

from .conftest import build_portfolio

CEILING = {"dashboard:home": 15}
DEFAULT_CEILING = 20


def _pages(made) -> list[tuple[str, str]]:
    notice = made["notices"][0]
    deadline = Deadline.objects.filter(customs_notice=notice).first()
    return [
        ("dashboard:home", reverse("dashboard:home")),
        ("dashboard:home", reverse("dashboard:home") + "?scope=mine"),
        ("dashboard:docket", reverse("dashboard:docket")),
        ("dashboard:docket", reverse("dashboard:docket") + "?q=Fastening&o=-due"),
        ("dashboard:docket-calendar", reverse("dashboard:docket-calendar")),
        ("dashboard:docket-export", reverse("dashboard:docket-export", args=["csv"])),
        ("dashboard:docket-export", reverse("dashboard:docket-export", args=["xlsx"])),
        ("dashboard:right-list", reverse("dashboard:right-list")),
        ("dashboard:right-export", reverse("dashboard:right-export", args=["csv"])),
        ("dashboard:recordal-list", reverse("dashboard:recordal-list")),
        ("dashboard:recordal-export", reverse("dashboard:recordal-export", args=["xlsx"])),
        ("dashboard:notice-list", reverse("dashboard:notice-list")),
        ("dashboard:notice-export", reverse("dashboard:notice-export", args=["csv"])),
        ("dashboard:right-detail", notice.recordal.right.get_absolute_url()),
        ("dashboard:recordal-detail", notice.recordal.get_absolute_url()),
        ("dashboard:notice-detail", notice.get_absolute_url()),
        ("dashboard:deadline-detail", deadline.get_absolute_url()),
    ]


def _counts(client, pages) -> list[int]:
    counts = []
    for _name, url in pages:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(ctx))
    return counts


@pytest.mark.django_db
def test_every_page_runs_as_many_queries_for_50_rights_as_for_5(client, counsel, org, frozen):
    client.force_login(counsel)
    pages = _pages(build_portfolio(org, 5, responsible=counsel))
    small = _counts(client, pages)
    build_portfolio(org, 45, responsible=counsel)
    large = _counts(client, pages)
    for (name, url), few, many in zip(pages, small, large, strict=True):
        assert few == many, f"{url}: {few} queries for 5 rights, {many} for 50"
        assert many <= CEILING.get(name, DEFAULT_CEILING), f"{url}: {many} queries"
