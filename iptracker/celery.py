"""Celery app. Beat only triggers: every scheduled task claims its work in the database."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iptracker.settings.base")

app = Celery("iptracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Flag open deadlines whose legal date passed yesterday (China calendar) as missed.
    "deadlines-mark-missed": {
        "task": "deadlines.tasks.deadlines_mark_missed",
        "schedule": crontab(minute=5),
    },
}
