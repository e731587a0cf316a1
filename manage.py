#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that only read the code and write files or print: they sign nothing, so they run
# without SECRET_KEY (settings/secret.py gives them an empty key, which Django refuses to sign
# with). Every other command needs the key the settings ask for.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "sqlmigrate", "help"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iptracker.settings.base")
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command in OFFLINE_COMMANDS:
        os.environ.setdefault("IPTRACKER_OFFLINE_COMMAND", "1")
    # Chosen before Django's management code is imported, hence the imports here.
    from django.conf import settings  # noqa: PLC0415
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    # Django's command runner hides a settings error and fails later with an unrelated one
    # ("Models aren't loaded yet"); say the real reason instead.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings)
    except ImproperlyConfigured as exc:
        sys.exit(f"manage.py {command}: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
