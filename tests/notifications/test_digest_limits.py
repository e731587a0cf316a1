"""A large organisation's digest lists the first rows of each section but says the true total."""

import datetime as dt

from deadlines.models import Deadline
from notifications import selectors
from notifications.selectors import digest_sections
from tests.factories import OrganisationFactory


def test_digest_section_is_capped_but_counts_everything(
    db, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(selectors, "DIGEST_ROWS", 3)
    org = OrganisationFactory()
    today = dt.date(2026, 11, 24)
    Deadline.objects.bulk_create(
        Deadline(
            organisation=org,
            subject_key=f"d:{i}",
            rule="patent_annuity",
            title=f"D{i}",
            due_date=today + dt.timedelta(days=1),
            act_by=today,
            explanation="x",
        )
        for i in range(5)
    )
    with django_assert_max_num_queries(13):  # 6 sections x (rows + total) + failed alerts
        sections = digest_sections(organisation_id=org.id, today=today)
    week = sections["this_week"]
    assert (len(week.rows), week.total, week.cut) == (3, 5, True)
    assert sections["next_30_days"].total == 0
