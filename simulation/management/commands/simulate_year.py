"""`manage.py simulate_year`: one docketing year in minutes, checked against the mail received.

Runs in the configured database, in a transaction-free way (threads need committed data), so
use a scratch database: it refuses to run where organisations already exist unless --force.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from simulation.checks import table, verify
from simulation.year import Year


class Command(BaseCommand):
    help = "Simulate a docketing year hour by hour against the real code and check every promise."

    def add_arguments(self, parser):
        parser.add_argument("--rights", type=int, default=100)
        parser.add_argument("--orgs", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--every-hour",
            action="store_true",
            help="Run the tasks in every one of the 8,760 hours (otherwise idle hours are skipped).",
        )
        parser.add_argument(
            "--days", type=int, default=365, help="How many days to simulate from 2026-06-01."
        )
        parser.add_argument(
            "--digests",
            action="store_true",
            help="Also build and send the managers' daily digests (about 0.4 s each).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even if the database holds organisations."
        )

    def handle(self, *args, rights, orgs, seed, every_hour, days, digests, force, **options):
        if rights < 1 or orgs < 1 or days < 1:
            raise CommandError("--rights, --orgs and --days must each be at least 1.")
        if Organisation.objects.exists() and not force:
            raise CommandError(
                "This database already holds organisations: run the simulation on a scratch "
                "database (or pass --force)."
            )
        if options["verbosity"] < 2:  # the SMTP server's and Celery's per-message lines
            for name in ("mail.log", "celery.app.trace"):
                logging.getLogger(name).setLevel(logging.WARNING)
        started = time.monotonic()
        year = Year(
            rights=rights,
            orgs=orgs,
            seed=seed,
            every_hour=every_hour,
            days=days,
            digests=digests,
            out=self.stdout.write,
        ).run()
        report = verify(year)
        checked = time.monotonic() - started
        self.stdout.write(table(report))
        self.stdout.write(
            f"\nrights {rights}, organisations {orgs}, seed {seed}: setup "
            f"{year.stats.setup_seconds:.1f} s, year {year.stats.run_seconds:.1f} s, "
            f"with checks {checked:.1f} s; events {dict(sorted(year.stats.events.items()))}; "
            f"acknowledgements {year.stats.acks}; refused actions {len(year.stats.refused_actions)}"
        )
        for fault in year.stats.faults_fired:
            self.stdout.write(f"fault {fault[0]} at {fault[1]:%Y-%m-%d %H:%M}Z: {fault[2]}")
        if report.violations:
            raise CommandError(f"{len(report.violations)} violations")
