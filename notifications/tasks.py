"""Thin Celery tasks: beat only triggers; the work is claimed in the database."""

from celery import shared_task

from . import delivery, scanner, services


@shared_task(name="notifications.tasks.scan_deadlines")
def scan_deadlines() -> dict:
    """Create the due alerts (exactly once), then hand them to delivery at once."""
    result = scanner.scan()
    if result.alerts or result.escalations:
        deliver_alerts.delay()
    return {
        "deadlines": result.deadlines,
        "alerts": result.alerts,
        "escalations": result.escalations,
        "errors": len(result.errors),
    }


@shared_task(name="notifications.tasks.deliver_alerts")
def deliver_alerts() -> dict:
    result = delivery.deliver()
    return {
        "sent": result.sent,
        "retried": result.retried,
        "failed": result.failed,
        "cancelled": result.cancelled,
    }


@shared_task(name="notifications.tasks.sweep_leases")
def sweep_leases() -> int:
    freed = delivery.sweep()
    if freed:
        deliver_alerts.delay()
    return freed


@shared_task(name="notifications.tasks.queue_digests")
def queue_digests() -> int:
    queued = services.digests_queue()
    if queued:
        deliver_alerts.delay()
    return queued
