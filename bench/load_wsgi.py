"""WSGI entry for bench/load_bench.py's gunicorn (settings bench.load_settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")
application = get_wsgi_application()
