"""The app's URLs (and its handler500) plus views that fail the way a request fails while the
database is down, for tests/core/test_database_unavailable.py and its browser test."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from iptracker.urls import handler500, urlpatterns as app_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def database_down(request):
    raise OperationalError('connection failed: connection to server at "127.0.0.1" refused')


def connection_lost(request):
    raise InterfaceError("connection already closed")


def bug(request):
    raise ValueError("a bug, not the database")


urlpatterns = [
    path("db-down/page/", database_down),
    path("db-down/lost/", connection_lost),
    path("api/v1/db-down/", database_down),
    path("db-down/bug/", bug),
    *app_urlpatterns,
]
