"""Personas shared by every test: one organisation with each role, and an outsider."""

import os

import pytest

from accounts.models import Role

from .factories import OrganisationFactory, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
