"""/healthz for load balancers and monitors: which dependency is down, as JSON."""

from celery import current_app
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse

PROBE_TIMEOUT_SECONDS = 2


def database_up(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """A fresh connection, so a dead server is seen even if a pooled connection lingers."""
    probe = connections.create_connection(alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure to connect or to query means "down"
        return False
    finally:
        probe.close()


def broker_up() -> bool:
    try:
        with current_app.connection_for_write(connect_timeout=PROBE_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
        return True
    except Exception:  # any failure to connect means "down"
        return False


def healthz(request):
    """200 when every dependency answers, else 503 naming what is down."""
    checks = {"database": database_up(), "broker": broker_up()}
    down = [name for name, up in checks.items() if not up]
    body = {
        "status": "down" if down else "ok",
        **{name: "up" if up else "down" for name, up in checks.items()},
        "down": down,
    }
    return JsonResponse(body, status=503 if down else 200)
