"""Entry pages and previews run a fixed number of queries; an import's dry run and confirm run
as many for 50 rows as for 5."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboard.conftest import build_portfolio
from tests.factories import RecordalFactory, RightFactory

from .test_import import HEADER, grant_line
from .test_right_forms import grant_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
CEILING = 20
# The model's full_clean() checks each check and unique constraint in the database (a savepoint
# and a SELECT each): a fixed cost of the previews, whatever the portfolio.
PREVIEW_CEILING = 35


def _queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code in (200, 302), response.status_code
    return len(ctx), response


def test_entry_pages_stay_under_the_ceiling_whatever_the_portfolio(as_paralegal, org, paralegal):
    build_portfolio(org, 30, responsible=paralegal)
    application = RightFactory(organisation=org, status="filed")
    recordal = RecordalFactory(right__organisation=org)
    pages = [
        lambda: as_paralegal.get(reverse("entry:right-new", args=["grant"])),
        lambda: as_paralegal.get(reverse("entry:right-new", args=["foreign"])),
        lambda: as_paralegal.post(reverse("entry:right-preview", args=["grant"]), grant_data()),
        lambda: as_paralegal.post(
            reverse("entry:check-number"),
            {"kind": "invention", "application_number": "202410000001.1"},
        ),
        lambda: as_paralegal.get(reverse("entry:grant", args=[application.pk])),
        lambda: as_paralegal.post(
            reverse("entry:grant-preview", args=[application.pk]), {"grant_date": "2026-06-02"}
        ),
        lambda: as_paralegal.get(reverse("entry:priority-claims", args=[application.pk])),
        lambda: as_paralegal.get(reverse("entry:recordal-new", args=[recordal.right.pk])),
        lambda: as_paralegal.get(reverse("entry:notice-new", args=[recordal.pk])),
        lambda: as_paralegal.get(reverse("entry:import")),
    ]
    for page in pages:
        count, response = _queries(page)
        path = response.request["PATH_INFO"]
        ceiling = PREVIEW_CEILING if path.endswith("preview/") else CEILING
        assert count <= ceiling, (path, count)


@pytest.mark.parametrize("step", ["dry_run", "confirm"])
def test_an_import_runs_as_many_queries_for_50_rows_as_for_5(as_paralegal, step):
    def upload(first, count):
        lines = [HEADER, *(grant_line(n) for n in range(first, first + count))]
        return SimpleUploadedFile("r.csv", "\n".join(lines).encode())

    counts = []
    for first, count in ((1, 5), (100, 50)):
        dry = lambda first=first, count=count: as_paralegal.post(  # noqa: E731
            reverse("entry:import-dry-run"), {"file": upload(first, count)}
        )
        if step == "dry_run":
            counts.append(_queries(dry)[0])
            continue
        token = dry().context["token"]
        counts.append(
            _queries(
                lambda t=token: as_paralegal.post(reverse("entry:import-confirm"), {"token": t})
            )[0]
        )
    if connection.vendor == "postgresql" or step == "dry_run":
        assert counts[0] == counts[1], counts
    else:  # SQLite's bound-parameter limit splits the ORM's bulk inserts into batches
        assert counts[1] - counts[0] <= 15, counts
