from django.apps import AppConfig


class SimulationConfig(AppConfig):
    """A docketing year in minutes (`manage.py simulate_year`, issue 15): the top layer, it drives
    every app through its services and tasks with the clock moved forward, and nothing imports
    it."""

    name = "simulation"
