"""Celery app. Beat only triggers: every scheduled task claims its work in the database."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iptracker.settings.base")

app = Celery("iptracker")
# The current app for every thread, not only the importing one (Celery's "current" is
# thread-local): a threaded web server's request threads queue tasks through this app too.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Flag open deadlines whose legal date passed yesterday (China calendar) as missed.
    "deadlines-mark-missed": {
        "task": "deadlines.tasks.deadlines_mark_missed",
        "schedule": crontab(minute=5),
    },
    # Alert scan: head of the next_alert_at index -> outbox rows (exactly once), then delivery.
    "notifications-scan": {
        "task": "notifications.tasks.scan_deadlines",
        "schedule": float(os.environ.get("NOTIFICATIONS_SCAN_SECONDS", "60")),
    },
    # The outbox sweep: frees the claims of workers that died while sending (expired leases),
    # then asks for delivery of every outbox (alerts and digests, webhooks) with rows due,
    # retries whose backoff ended and rows written while the broker was down included.
    "outbox-sweep": {
        "task": "core.tasks.outbox_sweep",
        "schedule": float(os.environ.get("OUTBOX_SWEEP_SECONDS", "60")),
    },
    # Webhooks: one 'deadline.due_soon' event per endpoint and deadline (deduplicated in the DB).
    "webhooks-due-soon": {
        "task": "webhooks.tasks.webhooks_due_soon",
        "schedule": crontab(minute=20, hour="*/6"),
    },
    # Managers' daily digests, each at the manager's own hour in their time zone.
    "notifications-digests": {
        "task": "notifications.tasks.queue_digests",
        "schedule": crontab(minute="*/15"),
    },
}
