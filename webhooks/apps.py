from django.apps import AppConfig

from core import outbox
from deadlines.hooks import deadlines_changed, deadlines_moved


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from . import (  # noqa: PLC0415 - they import models: only once apps are ready
            delivery,
            receivers,
        )

        outbox.register(delivery.WEBHOOKS)

        deadlines_changed.connect(
            receivers.queue_deadline_events, dispatch_uid="webhooks.deadlines_changed"
        )
        deadlines_moved.connect(
            receivers.queue_deadline_moves, dispatch_uid="webhooks.deadlines_moved"
        )
