import pytest

from tests.api.conftest import token_client


@pytest.fixture
def api_as():
    """api_as(user) -> an APIClient authenticated with a new API token of the user."""
    return token_client
