from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo portfolio (`manage.py seed_demo`): an interface at the top layer, it writes
    through every app's services and nothing imports it."""

    name = "demo"
