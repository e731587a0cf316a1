"""Personas shared by every test: one organisation with each role, and an outsider."""

import datetime as dt
import os

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from accounts.models import Role
from core.clock import LEGAL_TZ

from .factories import OrganisationFactory, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Tests under tests/integration/ need real services and tests/browser/ a browser: marked by
    their folder, so `-m "not integration and not browser"` is the fast subset."""
    for item in items:
        parts = item.path.parts
        if "integration" in parts:
            item.add_marker(pytest.mark.integration)
            # Under pytest-xdist (`--dist loadgroup`) the tests that start workers, servers
            # and outages run one after another on one process, as they do without xdist.
            # A test that needs none of the shared ones names a group of its own.
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group("services"))
        if "browser" in parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """API throttling counts per client address in the cache (test settings: this process's
    memory); every test starts with none."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request read in Chinese leaves Chinese active in the thread (LocaleMiddleware turns it
    on, nothing turns it off): every test starts, and ends, in the default language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Demo Co.", slug="demo-co")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Other Co.", slug="other-co")


@pytest.fixture
def counsel(org):
    return member(Role.COUNSEL, org, username="counsel")


@pytest.fixture
def paralegal(org):
    return member(Role.PARALEGAL, org, username="paralegal")


@pytest.fixture
def manager(org):
    return member(Role.MANAGER, org, username="manager")


@pytest.fixture
def viewer(org):
    return member(Role.VIEWER, org, username="viewer")


@pytest.fixture
def outsider(other_org):
    return member(Role.COUNSEL, other_org, username="outsider")


FROZEN_AT = dt.datetime(2026, 11, 24, 10, 0, tzinfo=LEGAL_TZ)  # a Tuesday morning in Shanghai


@pytest.fixture
def frozen_clock(request):
    """The one frozen clock: "now" stands still (tick=False) at FROZEN_AT, or at the moment a
    test names with `@pytest.mark.frozen_at(datetime)`. Yields the traveller (`.move_to()`)."""
    marker = request.node.get_closest_marker("frozen_at")
    moment = marker.args[0] if marker else FROZEN_AT
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller
