from django.apps import AppConfig

from core import outbox
from deadlines.hooks import deadlines_moved, deadlines_saving


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from . import (  # noqa: PLC0415 - they import models: only once apps are ready
            delivery,
            receivers,
        )

        outbox.register(delivery.ALERTS)

        deadlines_saving.connect(
            receivers.plan_next_alert, dispatch_uid="notifications.deadlines_saving"
        )
        deadlines_moved.connect(
            receivers.queue_calendar_moves, dispatch_uid="notifications.deadlines_moved"
        )
