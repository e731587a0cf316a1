"""The layer contract covers every app, and every hook of a lower layer has its receiver."""

import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from calendars.hooks import calendar_year_changed
from customs.hooks import guarantee_changed, recordal_changed
from deadlines.hooks import deadlines_changed, deadlines_moved, deadlines_saving
from rights.hooks import right_changed, rights_importing

ROOT = Path(settings.BASE_DIR)


def _contract() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_every_project_app_is_analysed_by_the_layer_contract():
    local = {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT
    }
    missing = local - set(_contract()["root_packages"])
    assert not missing, f"add {sorted(missing)} to [tool.importlinter] root_packages"


def test_every_project_app_has_a_place_in_the_layer_order():
    layers = _contract()["contracts"][0]["layers"]
    named = {name.strip(" ()") for layer in layers for name in layer.split("|")}
    unplaced = set(_contract()["root_packages"]) - named
    assert not unplaced, f"give {sorted(unplaced)} a layer in the import contract"


@pytest.mark.parametrize(
    ("hook", "receiver"),
    [
        (right_changed, "deadlines.right_changed"),
        (rights_importing, "deadlines.rights_importing"),
        (recordal_changed, "deadlines.recordal_changed"),
        (guarantee_changed, "deadlines.guarantee_changed"),
        (calendar_year_changed, "deadlines.calendar_year_changed"),
        (deadlines_saving, "notifications.deadlines_saving"),
        (deadlines_changed, "webhooks.deadlines_changed"),
        (deadlines_moved, "notifications.deadlines_moved"),
        (deadlines_moved, "webhooks.deadlines_moved"),
    ],
)
def test_each_hook_has_its_named_receiver_connected_once(hook, receiver):
    uids = [entry[0][0] for entry in hook.receivers]  # entry: ((uid, sender), receiver, ...)
    assert uids.count(receiver) == 1
