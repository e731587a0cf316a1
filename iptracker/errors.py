"""The answer to an exception no view handled (`handler500`).

A database that cannot be reached (stopped, restarting, failing over, a connection the server
closed) is a temporary state, not a bug: the app answers 503 with `Retry-After`, a page that says
so (or, under /api/, a JSON `detail`), instead of a bare 500. The page uses no database: no user,
no navigation. Django still logs the exception with its traceback (`django.request`). Once the
server is back, the next request reconnects by itself: persistent connections are health-checked
before reuse (`CONN_HEALTH_CHECKS`, settings/base.py). Every other exception is the usual 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 10


def database_unreachable(exc: BaseException | None) -> bool:
    """Connection refused or lost, the server shutting down, a statement cancelled by it."""
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """Called by Django inside its `except` block: the exception is `sys.exc_info()`'s."""
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The database is unavailable for a moment. Try again shortly.")},
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string(
                "errors/database_unavailable.html",
                {"retry_path": request.get_full_path(), "retry_seconds": RETRY_AFTER_SECONDS},
            ),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
