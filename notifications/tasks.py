"""Thin Celery tasks: beat only triggers; the work is claimed in the database (core.outbox)."""

from celery import shared_task

from core import outbox

from . import delivery, scanner, services

DELIVER = "notifications.tasks.deliver_alerts"


@shared_task(name="notifications.tasks.scan_deadlines")
def scan_deadlines() -> dict:
    """Create the due alerts (exactly once), then hand them to delivery at once."""
    result = scanner.scan()
    if result.alerts or result.escalations:
        outbox.enqueue(DELIVER)
    return {
        "deadlines": result.deadlines,
        "alerts": result.alerts,
        "escalations": result.escalations,
        "errors": len(result.errors),
    }


@shared_task(name=DELIVER)
def deliver_alerts() -> dict:
    return delivery.deliver().as_dict()


@shared_task(name="notifications.tasks.sweep_leases")
def sweep_leases() -> int:
    """Free the alerts' expired claims, then deliver (`core.tasks.outbox_sweep` does this for
    every outbox on beat; this one stays for operators and the tests)."""
    freed = delivery.sweep()
    if freed:
        outbox.enqueue(DELIVER)
    return freed


@shared_task(name="notifications.tasks.queue_digests")
def queue_digests() -> int:
    queued = services.digests_queue()
    if queued:
        outbox.enqueue(DELIVER)
    return queued
