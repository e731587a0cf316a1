"""A request that fails because the database cannot be reached answers 503 "try again shortly"
(a page, or JSON under /api/) with Retry-After; any other unhandled error is still a 500. The
real outage (PostgreSQL stopped and restarted under traffic) is
tests/integration/test_pg_restart.py."""

import pytest
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.db_down_urls")]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/db-down/page/", "/db-down/lost/"])
def test_a_page_answers_503_with_a_page_that_says_to_try_again(anonymous, path):
    response = anonymous.get(path + "?x=1")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in text
    assert "cannot reach its database" in text
    assert "Try again in 10 seconds." in text
    assert f'href="{path}?x=1"' in text  # the same page again


def test_the_page_in_chinese(anonymous):
    response = anonymous.get("/db-down/page/", headers={"accept-language": "zh-hans"})
    assert response.status_code == 503
    text = response.content.decode()
    assert '<html lang="zh-hans">' in text
    assert "<h1>暂时无法使用</h1>" in text
    assert "10 秒后再试。" in text


def test_the_api_answers_503_json(anonymous):
    response = anonymous.get("/api/v1/db-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json() == {
        "detail": "The database is unavailable for a moment. Try again shortly."
    }


@override_settings(DEBUG=False)
def test_any_other_error_is_still_a_500(anonymous):
    response = anonymous.get("/db-down/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
