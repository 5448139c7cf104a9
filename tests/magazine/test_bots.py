"""The shared bot defences, through the newsletter signup form that uses them."""

import time

import pytest
import time_machine
from django.core.cache import cache

from magazine.bots import FORM_MAX_AGE, over_limit
from newsletter.models import Subscriber
from tests.helpers import aged_stamp

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {
        "email": "reader@example.com",
        "consent": "on",
        "issued": aged_stamp(),
        **overrides,
    }
    return client.post("/newsletter/", data, **overrides.pop("headers", {}))


def test_a_person_passes(client):
    response = signup(client)

    assert response.status_code == 200
    assert Subscriber.objects.count() == 1


def test_the_honeypot_refuses_a_filled_field_and_keeps_the_text(client):
    response = signup(client, leave_empty="http://spam.example")

    assert response.status_code == 400
    assert "leave empty" in response.content.decode()
    assert 'value="reader@example.com"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_form_sent_within_two_seconds_is_refused(client):
    response = signup(client, issued=aged_stamp(0.5))

    assert response.status_code == 400
    assert "quicker than a person can type" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_day_old_form_is_refused_and_the_retry_gets_a_fresh_stamp(client):
    stale = aged_stamp(FORM_MAX_AGE + 60)

    response = signup(client, issued=stale)

    assert response.status_code == 400
    assert "open too long" in response.content.decode()
    assert stale not in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_forged_stamp_is_refused(client):
    response = signup(client, issued=f"{time.time() - 60}:forged")

    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_cross_site_posts_are_refused_without_any_token(client):
    response = client.post(
        "/newsletter/",
        {"email": "reader@example.com", "consent": "on", "issued": aged_stamp()},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )

    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_same_origin_posts_need_no_csrf_token(settings):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/newsletter/",
        {"email": "reader@example.com", "consent": "on", "issued": aged_stamp()},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 200
    assert Subscriber.objects.count() == 1


def test_rate_limit_per_ip(client):
    for n in range(10):
        assert signup(client, email=f"reader{n}@example.com").status_code == 200

    response = signup(client, email="one-too-many@example.com")

    assert response.status_code == 429
    assert "Too many signups" in response.content.decode()
    assert 'value="one-too-many@example.com"' in response.content.decode()
    assert Subscriber.objects.count() == 10


def test_rate_limit_windows_expire():
    cache.clear()
    with time_machine.travel(0, tick=False) as traveller:
        assert not any(over_limit("t", "k", limit=3, window=60) for _ in range(3))
        assert over_limit("t", "k", limit=3, window=60)
        traveller.shift(61)
        assert not over_limit("t", "k", limit=3, window=60)
