"""Recompute every evidence file's SHA-256 and report files that changed or went missing."""

from django.core.management.base import BaseCommand, CommandError

from enforcement.integrity import evidence_check


class Command(BaseCommand):
    help = "Check that every stored evidence file still has the hash recorded on upload."

    def handle(self, *args, **options):
        checked, problems = evidence_check()
        for p in problems:
            self.stdout.write(f"{p.problem.upper()}: evidence {p.evidence_id} {p.name}: {p.detail}")
        if problems:
            raise CommandError(f"{len(problems)} of {checked} evidence files changed or missing.")
        self.stdout.write(self.style.SUCCESS(f"{checked} evidence files checked: all intact."))
