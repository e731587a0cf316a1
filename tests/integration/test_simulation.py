"""A docketing year in minutes (issue 15): the real services, tasks, database and SMTP server,
the clock moved forward hour by hour through a year with faults on a schedule; then every
promise is checked against the mail received (simulation.checks).

The CI size is small (12 rights in two organisations; the year still has about 900 hours with
work); `manage.py simulate_year --rights 1000` runs larger years by hand (bench/README.md).
"""

import pytest

from simulation.checks import table, verify
from simulation.year import Year

# Its SMTP server and its tasks are its own (Celery eager, no broker): it runs beside the tests
# that share Redis and a worker (tests/conftest.py), not after them.
pytestmark = [pytest.mark.integration, pytest.mark.smtp, pytest.mark.xdist_group("simulation")]


def test_a_year_misses_no_date(transactional_db, capsys):
    year = Year(rights=12, orgs=2, seed=1).run()
    report = verify(year)
    print(table(report))
    assert {kind for kind, _at, _how in year.stats.faults_fired} == {
        "two_beats",
        "broker_down",
        "worker_killed",
    }
    assert year.stats.events.get("customs notices entered", 0) >= 2
    assert year.stats.events.get("counter-notices received", 0) >= 1
    assert report.figures["reminders"] > 0
    # During the mail server's day of refusals the sweep ran at beat's cadence, not hourly.
    assert year.stats.events.get("deliveries between hourly ticks", 0) > 0
    assert report.figures["lost"] == 0
    assert report.figures["duplicates (distinct messages)"] == 0
    assert not report.violations, table(report)
