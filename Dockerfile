# iptracker production image: gunicorn by default; docker-compose.yml runs the Celery worker and
# beat from the same image with other commands.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app

WORKDIR /app
RUN chown app:app /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .

USER app

# Runtime folders (var/ is the settings' VAR_DIR); media/ is a volume in docker-compose.yml and
# must exist here so the volume is created owned by the app user.
RUN mkdir -p var/media var/static

# Static files are collected into the image (served by whitenoise). The production settings
# demand a SECRET_KEY and ALLOWED_HOSTS: dummy build-only values, set for this one command and
# never stored in the image.
RUN SECRET_KEY=build-only-collectstatic-placeholder-never-used-at-runtime-0123456789 \
    ALLOWED_HOSTS=localhost \
    DJANGO_SETTINGS_MODULE=iptracker.settings.production \
    python manage.py collectstatic --noinput --verbosity 0

ENV DJANGO_SETTINGS_MODULE=iptracker.settings.production

EXPOSE 8000

# Worker count: gunicorn reads WEB_CONCURRENCY (default 1).
CMD ["gunicorn", "iptracker.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
