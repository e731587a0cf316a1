from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("alerts/ack/<str:token>/", views.alert_ack, name="alert-ack"),
    path("calendar/<str:token>.ics", views.ical_feed, name="ical-feed"),
    path("calendar/<str:token>/mine.ics", views.ical_feed, {"mine": True}, name="ical-feed-mine"),
    path("settings/notifications/", views.preferences, name="preferences"),
]
