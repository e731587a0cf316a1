"""The app's URLs plus a trivial view that goes through the same middleware (the floor)."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("iptracker.urls")),
]
