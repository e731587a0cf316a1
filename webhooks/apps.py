from django.apps import AppConfig

from deadlines.hooks import deadlines_changed, deadlines_moved


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from . import receivers  # noqa: PLC0415 - receivers import models: only once apps are ready

        deadlines_changed.connect(
            receivers.queue_deadline_events, dispatch_uid="webhooks.deadlines_changed"
        )
        deadlines_moved.connect(
            receivers.queue_deadline_moves, dispatch_uid="webhooks.deadlines_moved"
        )
