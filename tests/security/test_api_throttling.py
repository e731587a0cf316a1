"""Anonymous calls and failed tokens are throttled per client address: 429 with Retry-After."""

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.tokens import token_create

pytestmark = pytest.mark.django_db


def _rates(anon="1000/min", failed="1000/min"):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "failed_token": failed},
        }
    )


def test_random_tokens_are_throttled_after_the_failure_rate(counsel):
    api = APIClient(REMOTE_ADDR="203.0.113.5")
    _, key = token_create(user=counsel, name="real")
    with _rates(failed="5/min"):
        codes = []
        for n in range(8):
            api.credentials(HTTP_AUTHORIZATION=f"Token ipt_guess{n:040d}")
            codes.append(api.get("/api/v1/deadlines/").status_code)
        assert codes == [401] * 5 + [429] * 3
        api.credentials(HTTP_AUTHORIZATION=f"Token ipt_guess{99:040d}")
        throttled = api.get("/api/v1/deadlines/")
        assert throttled.status_code == 429
        assert 1 <= int(throttled["Retry-After"]) <= 60
        # Even the right key waits, from that address; another address is not affected.
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get("/api/v1/deadlines/").status_code == 429
        other = APIClient(REMOTE_ADDR="192.0.2.8")
        other.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert other.get("/api/v1/deadlines/").status_code == 200


def test_anonymous_calls_are_throttled(db):
    api = APIClient(REMOTE_ADDR="203.0.113.6")
    with _rates(anon="3/min"):
        codes = [api.get("/api/v1/rights/").status_code for _ in range(5)]
        assert codes == [401, 401, 401, 429, 429]
        throttled = api.get("/api/v1/rights/")
        assert "Retry-After" in throttled
        assert throttled.json()["detail"]


def test_signed_in_calls_are_not_counted_as_anonymous(api_as, counsel):
    api = api_as(counsel)
    with _rates(anon="2/min", failed="2/min"):
        assert [api.get("/api/v1/rights/").status_code for _ in range(5)] == [200] * 5


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(db):
    with _rates(anon="2/min"), override_settings(TRUSTED_PROXY_COUNT=1):
        proxy = APIClient(REMOTE_ADDR="10.0.0.2")
        first = [
            proxy.get("/api/v1/rights/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code
            for _ in range(3)
        ]
        second = proxy.get("/api/v1/rights/", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code
    assert first == [401, 401, 429]
    assert second == 401
