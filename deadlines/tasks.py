from celery import shared_task

from .services import deadlines_mark_missed as _mark_missed


@shared_task(name="deadlines.tasks.deadlines_mark_missed")
def deadlines_mark_missed() -> int:
    return _mark_missed()
