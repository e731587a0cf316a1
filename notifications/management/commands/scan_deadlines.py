from django.core.management.base import BaseCommand

from notifications import delivery, scanner, services


class Command(BaseCommand):
    help = "Run one alert scan and one delivery round by hand (beat runs them on schedule)."

    def add_arguments(self, parser):
        parser.add_argument("--no-deliver", action="store_true", help="Only create the alerts.")
        parser.add_argument("--digests", action="store_true", help="Also queue due digests.")

    def handle(self, *args, **options):
        freed = delivery.sweep()
        result = scanner.scan()
        self.stdout.write(
            f"scan: {result.deadlines} deadlines looked at, {result.alerts} alerts offered, "
            f"{result.escalations} escalations, {len(result.errors)} errors; {freed} claims freed"
        )
        for error in result.errors:
            self.stderr.write(error)
        if options["digests"]:
            self.stdout.write(f"digests: {services.digests_queue()} queued")
        if not options["no_deliver"]:
            sent = delivery.deliver()
            self.stdout.write(
                f"delivery: {sent.sent} sent, {sent.retried} to retry, {sent.failed} failed, "
                f"{sent.cancelled} cancelled"
            )
            for error in sent.errors[:20]:
                self.stderr.write(error)
