"""A user sets their digest hour, language and muted stages, and finds their calendar feed."""

from notifications.models import NotificationPreference


def test_preferences_page_requires_login(client, db):
    assert client.get("/settings/notifications/").status_code == 302


def test_user_saves_preferences_and_sees_their_feed(client, manager):
    client.force_login(manager)
    page = client.get("/settings/notifications/").content.decode()
    token = NotificationPreference.objects.get(user=manager).feed_token
    assert f"/calendar/{token}.ics" in page
    response = client.post(
        "/settings/notifications/",
        {
            "digest_hour": "7",
            "language": "zh-hans",
            "muted_stages": ["d-90", "d-60"],
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=manager)
    assert (pref.digest_hour, pref.language, pref.muted_stages) == (7, "zh-hans", ["d-60", "d-90"])
    manager.membership.refresh_from_db()
    assert manager.membership.time_zone == "Europe/Berlin"
    assert client.get(f"/calendar/{token}.ics").status_code == 200


def test_bad_hour_is_refused_and_nothing_changes(client, manager):
    client.force_login(manager)
    client.get("/settings/notifications/")
    response = client.post(
        "/settings/notifications/",
        {"digest_hour": "25", "language": "en", "time_zone": "Asia/Shanghai"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert NotificationPreference.objects.get(user=manager).digest_hour == 8


def test_unknown_time_zone_is_refused_and_nothing_changes(manager):
    import pytest
    from django.core.exceptions import ValidationError

    from notifications.services import preference_update

    with pytest.raises(ValidationError) as error:
        preference_update(user=manager, digest_hour=6, time_zone="Mars/Olympus_Mons")
    assert "time_zone" in error.value.message_dict
    manager.membership.refresh_from_db()
    assert manager.membership.time_zone == "Asia/Shanghai"
    assert not NotificationPreference.objects.filter(user=manager, digest_hour=6).exists()
