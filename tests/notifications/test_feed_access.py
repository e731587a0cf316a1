"""The calendar feed (item 14 of issue 8): it stops the moment its user is deactivated, and each
user can issue a new address from their notifications page, after which the old one is dead."""

import pytest
from django.urls import reverse

from notifications.selectors import preference_of

pytestmark = pytest.mark.django_db


def _feed(token):
    return reverse("notifications:ical-feed", args=[token])


def test_a_deactivated_users_feed_stops_at_once(client, counsel):
    url = _feed(preference_of(counsel).feed_token)
    assert client.get(url).status_code == 200

    counsel.is_active = False
    counsel.save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_a_user_issues_a_new_feed_address_and_the_old_one_stops(client, counsel):
    old = preference_of(counsel).feed_token
    client.force_login(counsel)

    response = client.post(reverse("notifications:feed-rotate"), follow=True)

    new = preference_of(counsel).feed_token
    assert new != old
    assert response.status_code == 200
    assert _feed(new) in response.content.decode()
    assert _feed(old) not in response.content.decode()
    client.logout()
    assert client.get(_feed(old)).status_code == 404
    assert client.get(_feed(new)).status_code == 200


def test_issuing_a_new_address_changes_only_ones_own(client, counsel, outsider):
    theirs = preference_of(counsel).feed_token
    client.force_login(outsider)
    client.post(reverse("notifications:feed-rotate"))
    assert preference_of(counsel).feed_token == theirs


def test_the_page_offers_the_button_and_rotation_needs_a_signed_in_post(client, counsel):
    token = preference_of(counsel).feed_token
    url = reverse("notifications:feed-rotate")
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(counsel)
    assert client.get(url).status_code == 405
    assert preference_of(counsel).feed_token == token
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert f'action="{url}"' in page
