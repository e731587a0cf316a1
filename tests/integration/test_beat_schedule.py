"""The beat schedule names only tasks that exist: a typo would otherwise fail silently."""

from iptracker.celery import app


def test_beat_schedule_names_only_registered_tasks():
    app.loader.import_default_modules()  # runs autodiscover_tasks(), as a worker does
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert scheduled, "the beat schedule is empty"
    assert scheduled <= set(app.tasks), sorted(scheduled - set(app.tasks))


def test_every_beat_entry_has_a_schedule():
    for name, entry in app.conf.beat_schedule.items():
        assert entry.get("schedule") is not None, name
