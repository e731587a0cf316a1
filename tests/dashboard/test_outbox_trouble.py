"""The dashboard's failure panel shows what the outbox could not send yet: alerts and webhooks
waiting for a retry after an error (with the latest error), and webhooks that gave up."""

import pytest

from tests.factories import AlertFactory, DeadlineFactory, DeliveryFactory, EndpointFactory

pytestmark = pytest.mark.django_db


def test_retrying_alerts_and_webhooks_and_failed_webhooks_are_shown_with_the_error(
    client, counsel, org, other_org
):
    deadline = DeadlineFactory(organisation=org)
    for stage in ("d-30", "d-14"):
        AlertFactory(
            deadline=deadline, recipient=counsel, stage=stage, attempts=1,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )  # fmt: skip
    endpoint = EndpointFactory(organisation=org)
    DeliveryFactory(endpoint=endpoint, attempts=2, last_error="HTTP 503")
    DeliveryFactory(endpoint=endpoint, status="failed", attempts=1, last_error="HTTP 410")
    DeliveryFactory(endpoint=EndpointFactory(organisation=other_org), status="failed")
    client.force_login(counsel)

    page = client.get("/").content.decode()

    assert "2 alerts are waiting to be sent again after an error." in page
    assert "1 webhook delivery is waiting to be retried after an error." in page
    assert "1 webhook delivery failed for good" in page  # not the other organisation's
    assert "Latest error:" in page
    assert "No alert has failed for good." in page  # not "Every alert was delivered."


def test_nothing_about_the_outbox_when_all_went_out(client, counsel, org):
    AlertFactory(deadline=DeadlineFactory(organisation=org), recipient=counsel)  # pending, new
    DeliveryFactory(endpoint=EndpointFactory(organisation=org))
    client.force_login(counsel)

    page = client.get("/").content.decode()

    assert "waiting to" not in page
    assert "Latest error:" not in page
    assert "Every alert was delivered." in page
