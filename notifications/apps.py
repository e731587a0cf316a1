from django.apps import AppConfig

from deadlines.hooks import deadlines_moved, deadlines_saving


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from . import receivers  # noqa: PLC0415 - receivers import models: only once apps are ready

        deadlines_saving.connect(
            receivers.plan_next_alert, dispatch_uid="notifications.deadlines_saving"
        )
        deadlines_moved.connect(
            receivers.queue_calendar_moves, dispatch_uid="notifications.deadlines_moved"
        )
