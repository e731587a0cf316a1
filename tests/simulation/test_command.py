"""`manage.py simulate_year` refuses what it cannot run, with a message and no change."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organisation


@pytest.mark.parametrize("option", ["rights", "orgs", "days"])
def test_sizes_below_one_are_refused(db, option):
    with pytest.raises(CommandError, match="must each be at least 1"):
        call_command("simulate_year", **{option: 0})
    assert not Organisation.objects.exists()


def test_a_database_with_organisations_is_refused_without_force(org):
    with pytest.raises(CommandError, match="scratch database"):
        call_command("simulate_year", rights=1, orgs=1, days=1)
    assert list(Organisation.objects.all()) == [org]
