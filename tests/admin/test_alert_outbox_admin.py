"""Failed deliveries are visible to the organisation that owns them, and can be sent again."""

from core.clock import now_utc
from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from notifications.models import Alert
from tests.factories import RightFactory


def _failed_alert(organisation, recipient):
    right = RightFactory(organisation=organisation, granted=True)
    deadlines_recompute(right=right)
    deadline = Deadline.objects.filter(right=right).first()
    return Alert.objects.create(
        organisation=organisation,
        deadline=deadline,
        recipient=recipient,
        stage="d-7",
        state="failed",
        next_attempt_at=now_utc(),
        attempts=6,
        last_error="550 mailbox unknown",
    )


def test_counsel_sees_own_failed_alerts_only(client, counsel, outsider, org, other_org):
    _failed_alert(org, counsel)
    _failed_alert(other_org, outsider)
    client.force_login(counsel)
    response = client.get("/admin/notifications/alert/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert "550 mailbox unknown" in response.content.decode()


def test_paralegal_sends_a_failed_alert_again(client, paralegal, org):
    alert = _failed_alert(org, paralegal)
    client.force_login(paralegal)
    response = client.post(
        "/admin/notifications/alert/",
        {"action": "retry_now", "_selected_action": [alert.pk]},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.state, alert.attempts) == ("pending", 0)


def test_viewer_cannot_send_again(client, viewer, org):
    alert = _failed_alert(org, viewer)
    client.force_login(viewer)
    client.post(
        "/admin/notifications/alert/", {"action": "retry_now", "_selected_action": [alert.pk]}
    )
    alert.refresh_from_db()
    assert alert.state == "failed"
