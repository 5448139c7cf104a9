"""The shared bot defences, through the newsletter signup form that uses them."""

import re
import time

import pytest
import time_machine
from django.core.cache import cache

from magazine.bots import form_max_age, over_limit
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
    stale = aged_stamp(form_max_age() + 60)

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


def test_a_stamp_lives_as_long_as_its_page_may_be_cached_plus_writing_time(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    assert form_max_age() == 600 + 60 + 2 * 60 * 60  # server cache, browser, writing

    kept = signup(client, email="a@example.com", issued=aged_stamp(form_max_age() - 60))
    stale = signup(
        client, email="b@example.com", issued=aged_stamp(form_max_age() + 60)
    )
    settings.PAGE_CACHE_SECONDS = 3600
    longer_cached = signup(client, email="c@example.com", issued=aged_stamp(3 * 3600))

    assert kept.status_code == 200
    assert stale.status_code == 400
    assert "open too long" in stale.content.decode()
    assert longer_cached.status_code == 200


def send_with(client, stamp, n, **extra):
    data = {"email": f"reader{n}@example.com", "consent": "on", "issued": stamp}
    return client.post("/newsletter/", data, REMOTE_ADDR=f"203.0.113.{n}", **extra)


def test_one_stamp_carries_at_most_five_signups_in_its_whole_life(client, time_machine):
    time_machine.move_to(1_800_000_000, tick=False)
    scraped = aged_stamp(60)

    first = [send_with(client, scraped, n).status_code for n in range(3)]
    time_machine.shift(60 * 60)  # past any clock hour, within the stamp's life
    later = [send_with(client, scraped, n).status_code for n in range(3, 5)]
    refused = send_with(client, scraped, 5)

    assert first + later == [200] * 5
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Many readers have sent this form" in html
    assert 'value="reader5@example.com"' in html, "the reader's text is kept"
    fresh = re.search(r'name="issued" value="([^"]+)"', html).group(1)
    assert fresh != scraped
    time_machine.shift(5)
    assert send_with(client, fresh, 5).status_code == 200
    assert Subscriber.objects.count() == 6
