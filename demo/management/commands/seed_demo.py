"""Demo data: two organisations, their users and a portfolio dated relative to today.

The portfolio is data (`demo.portfolio`), loaded through the services by `demo.loader`, so every
deadline is computed exactly as it would be for real data. The command is idempotent: each
record carries an `external_id` ("demo-...") and is skipped when it already exists, so a second
run creates nothing and changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from accounts.models import Role
from core.clock import today_legal
from customs.models import CustomsNotice, Recordal
from deadlines.models import Deadline, DeadlineStatus
from demo.loader import PASSWORD, Loader
from demo.portfolio import ORGANISATIONS, USERS
from rights.models import Right

REFUSAL = "seed_demo creates users with the published password 'demo'; it only runs with DEBUG=true"


def summary_lines(org) -> list[str]:
    deadlines = Deadline.objects.filter(organisation=org)
    live = deadlines.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
    return [
        f"{org.name}: {Right.objects.filter(organisation=org).count()} rights, "
        f"{Recordal.objects.filter(organisation=org).count()} recordals, "
        f"{CustomsNotice.objects.filter(organisation=org).count()} customs notices",
        f"  deadlines: {deadlines.filter(status=DeadlineStatus.OPEN).count()} open, "
        f"{deadlines.filter(status=DeadlineStatus.MISSED).count()} missed, "
        f"{live.filter(provisional=True).count()} provisional, "
        f"{deadlines.filter(~Q(status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])).count()}"
        " done or waived",
    ]


class Command(BaseCommand):
    help = (
        "Load demo organisations, users (password 'demo') and a portfolio dated relative to "
        "today. Idempotent. Refuses to run unless DEBUG is true."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        today = today_legal()
        loader = Loader(today)
        with transaction.atomic():
            orgs = loader.load()

        made = ", ".join(f"{what}: {n}" for what, n in loader.created.items() if n)
        self.stdout.write(f"Demo data as of {today.isoformat()} (Asia/Shanghai).")
        self.stdout.write(f"Created: {made}." if made else "Nothing new: the demo data exists.")
        for org in orgs:
            for line in summary_lines(org):
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Logins (password '{PASSWORD}' for every user; all can open /admin/):")
        names = {row["slug"]: row["name"] for row in ORGANISATIONS}
        for name, slug, role, _, _, domain in USERS:
            label = Role(role).label
            self.stdout.write(f"  {name:<10} {names[slug]:<10} {label:<10} {name}@{domain}")
