"""core.bulk.bulk_job on every database: read-once values, and a job only inside a
transaction (the background writer is PostgreSQL's own: tests/core/test_bulk_job.py)."""

import pytest
from django.db import transaction

from core import bulk
from notifications.selectors import reminder_policy_for

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # no test transaction around it
def test_a_bulk_job_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the job's transaction"), bulk.bulk_job():
        pass


def test_values_read_through_the_job_memo_are_read_once(org, django_assert_num_queries):
    with transaction.atomic(), bulk.bulk_job(), django_assert_num_queries(1):
        policy = reminder_policy_for(organisation_id=org.id)
        assert reminder_policy_for(organisation_id=org.id) is policy
    with django_assert_num_queries(2):  # outside a job: read each time
        reminder_policy_for(organisation_id=org.id)
        reminder_policy_for(organisation_id=org.id)
