import pytest
from django.utils import translation

from tests.api.conftest import token_client


@pytest.fixture
def api_as():
    """api_as(user) -> an APIClient authenticated with a new API token of the user."""
    return token_client


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A Chinese page request leaves its language active in this thread: not for the next test."""
    yield
    translation.activate("en")
