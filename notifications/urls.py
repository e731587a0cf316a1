from django.urls import path, re_path

from . import language, views

app_name = "notifications"

urlpatterns = [
    path("alerts/ack/<str:token>/", views.alert_ack, name="alert-ack"),
    # Feed tokens are URL-safe base64; anything else is a 404 before any database lookup.
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{1,64})\.ics$", views.ical_feed, name="ical-feed"),
    re_path(
        r"^calendar/(?P<token>[A-Za-z0-9_-]{1,64})/mine\.ics$",
        views.ical_feed,
        {"mine": True},
        name="ical-feed-mine",
    ),
    path("settings/language/", language.language_switch, name="language"),
    path("settings/notifications/", views.preferences, name="preferences"),
    path("settings/notifications/feed/new/", views.feed_rotate, name="feed-rotate"),
]
