"""Delivery benchmark: notifications.delivery.deliver() vs bare smtplib, to a local aiosmtpd.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_notif_bench \
        .venv/bin/python bench/delivery_bench.py [--count 2000]

Prints messages per second for both and the ratio (target >= 0.5x). The same database as
scan_bench.py (created and migrated if needed); the outbox is emptied before and after.
"""

import argparse
import os
import secrets
import smtplib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iptracker.settings.base")
# The base settings need a strong SECRET_KEY with DEBUG off; a throwaway one for the run.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iptracker_notif_bench")


def _serve(port: int, counter, ready, stop) -> None:
    """The SMTP server runs in its own process, as a real one would: it does not compete with
    the sender for the interpreter lock."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    asyncio.set_event_loop(asyncio.new_event_loop())
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()

    import multiprocessing

    import django

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
    port = free_port()
    ctx = multiprocessing.get_context("spawn")
    counter, ready, stop = ctx.Value("i", 0), ctx.Event(), ctx.Event()
    server = ctx.Process(target=_serve, args=(port, counter, ready, stop), daemon=True)
    server.start()
    if not ready.wait(20):
        sys.exit("the SMTP sink did not start")
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
        assert result.sent == args.count and counter.value == args.count, (result, counter.value)

        # The baseline sends the same messages: the same subject, text and HTML (rendered
        # beforehand, untimed), composed with the standard library and sent with smtplib.
        from email.message import EmailMessage

        from notifications.emails import ALERT_RELATED, build_message

        alerts = Alert.objects.select_related(*ALERT_RELATED).order_by("id")
        contents = []
        for message in (build_message(a, now) for a in alerts):
            html = next(body for body, kind in message.alternatives if kind == "text/html")
            contents.append((message.from_email, message.to, message.subject, message.body, html))
        start = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for from_email, to, subject, text, html in contents:
                msg = EmailMessage()
                msg["From"], msg["To"], msg["Subject"] = from_email, ", ".join(to), subject
                msg.set_content(text)
                msg.add_alternative(html, subtype="html")
                smtp.send_message(msg)
        bare = time.perf_counter() - start
        assert counter.value == 2 * args.count, counter.value
        print(
            f"deliver(): {args.count / ours:.0f} msg/s ({ours:.2f}s; claim, render text+HTML, "
            "send, stamp each)"
        )
        print(
            f"bare smtplib: {args.count / bare:.0f} msg/s ({bare:.2f}s; the same {args.count} "
            "messages composed with email.message, one connection)"
        )
        print(f"ratio: {bare / ours:.2f}x of bare smtplib (target >= 0.5x)")
    finally:
        stop.set()
        server.join(10)
        with connection.cursor() as cur:
            cur.execute("TRUNCATE notifications_alert")


if __name__ == "__main__":
    main()
