"""Delivery benchmark: notifications.delivery.deliver() vs bare smtplib, to a local aiosmtpd.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_notif_bench \
        .venv/bin/python bench/delivery_bench.py [--count 2000]

Prints messages per second for both and the ratio (target >= 0.5x). The same database as
scan_bench.py (created and migrated if needed); the outbox is emptied before and after.
"""

import argparse
import os
import smtplib
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iptracker.settings.base")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iptracker_notif_bench")


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()

    import django
    from aiosmtpd.controller import Controller

    from bench.scan_bench import ensure_database

    ensure_database()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Role
    from core.clock import now_utc
    from deadlines.models import Deadline
    from notifications import delivery
    from notifications.models import Alert
    from tests.factories import OrganisationFactory, member
    from tests.notifications.conftest import free_port

    call_command("migrate", verbosity=0)
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        org = OrganisationFactory(name="Delivery Bench", slug="delivery-bench")
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username="delivery-bench").first() or member(
            Role.PARALEGAL, org, username="delivery-bench", email="d@bench.example"
        )
        deadline = Deadline.objects.filter(status="open").first() or Deadline.objects.create(
            organisation=org,
            subject_key="bench:delivery",
            rule="patent_annuity",
            title="Bench",
            due_date=now_utc().date(),
            act_by=now_utc().date(),
            explanation="x",
        )
        with connection.cursor() as cur:
            cur.execute("TRUNCATE notifications_alert")
        now = now_utc()
        Alert.objects.bulk_create(
            Alert(
                organisation=org,
                deadline=deadline,
                recipient=user,
                stage=f"bench-{i}",
                next_attempt_at=now,
            )
            for i in range(args.count)
        )

        start = time.perf_counter()
        result = delivery.deliver(batch=100, max_batches=10_000)
        ours = time.perf_counter() - start
        assert result.sent == args.count and sink.count == args.count, (result, sink.count)

        text = "x" * 1500  # about the size of an alert body
        start = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for i in range(args.count):
                msg = EmailMessage()
                msg["From"], msg["To"], msg["Subject"] = (
                    "a@bench.example",
                    "d@bench.example",
                    f"{i}",
                )
                msg.set_content(text)
                smtp.send_message(msg)
        bare = time.perf_counter() - start
        print(
            f"deliver(): {args.count / ours:.0f} msg/s ({ours:.2f}s; claim, render text+HTML, "
            "send, stamp each)"
        )
        print(f"bare smtplib: {args.count / bare:.0f} msg/s ({bare:.2f}s; one connection)")
        print(f"ratio: {bare / ours:.2f}x of bare smtplib (target >= 0.5x)")
    finally:
        controller.stop()
        with connection.cursor() as cur:
            cur.execute("TRUNCATE notifications_alert")


if __name__ == "__main__":
    main()
