"""The limiter (magazine/limits.py): counts that no page entry can evict and
that stay exact when many processes count at once, in the database or in Redis."""

import logging
import socket
import threading

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client

from articles.models import Comment
from magazine import limits
from magazine.bots import over_limit
from magazine.models import RateCounter
from newsletter.models import Subscriber
from newsletter.sending import deliver_signup_mail
from tests.articles.commenting import comment_data
from tests.factories import ArticleFactory
from tests.helpers import aged_stamp
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

MOMENT = 1_800_000_000  # a fixed clock, so no window ends in the middle of a test


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    settings.RATE_LIMIT_STORE = (
        request.getfixturevalue("redis_url") if request.param == "redis" else "database"
    )
    return request.param


@pytest.fixture
def file_cache(settings, tmp_path):
    """The production default: a cache folder with Django's MAX_ENTRIES of 300."""
    location = tmp_path / "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": location,
        }
    }
    return location


def test_each_key_counts_in_its_own_window_and_starts_again_in_the_next(store):
    with time_machine.travel(MOMENT, tick=False) as traveller:
        assert [limits.hit("t", "a", window=60) for _ in range(3)] == [1, 2, 3]
        assert limits.hit("t", "b", window=60) == 1
        assert limits.hit("other", "a", window=60) == 1
        assert limits.hit("t", "a", window=3600) == 1
        traveller.shift(60)
        assert limits.hit("t", "a", window=60) == 1


def test_a_key_with_its_own_start_keeps_one_window_across_the_clocks(store):
    stamped_at = MOMENT - 500
    with time_machine.travel(MOMENT - 100, tick=False) as traveller:
        assert limits.hit("t", "stamp", window=600, start=stamped_at) == 1
        assert limits.hit("t", "clock", window=600) == 1
        traveller.shift(200)  # a multiple of 600 s has passed
        assert limits.hit("t", "stamp", window=600, start=stamped_at) == 2
        assert limits.hit("t", "clock", window=600) == 1


def test_over_limit_says_when_a_key_goes_past_its_limit_whatever_its_case(store):
    with time_machine.travel(MOMENT, tick=False):
        assert not any(
            over_limit("t", email, limit=3, window=60)
            for email in ["Rosa@example.com", "rosa@example.com", "ROSA@EXAMPLE.COM"]
        )
        assert over_limit("t", "rosa@example.com", limit=3, window=60)


def test_the_database_keeps_no_address_in_the_clear(settings):
    settings.RATE_LIMIT_STORE = "database"

    over_limit("comment-email", "rosa@example.com", limit=5, window=3600)
    over_limit("comment-ip", "198.51.100.7", limit=5, window=3600)

    buckets = " ".join(RateCounter.objects.values_list("bucket", flat=True))
    assert "comment-email" in buckets
    assert "rosa" not in buckets
    assert "198.51" not in buckets


def test_a_new_window_deletes_the_rows_of_windows_that_have_ended(
    settings, django_assert_num_queries
):
    settings.RATE_LIMIT_STORE = "database"
    with time_machine.travel(MOMENT, tick=False) as traveller:
        for key in ["a", "b", "c"]:
            limits.hit("t", key, window=60)
        traveller.shift(60)

        # The count, then the purge (the first attempt of a window).
        with django_assert_num_queries(2):
            limits.hit("t", "a", window=60)
        assert RateCounter.objects.count() == 1
        # The count alone: a window going on, or a new one within the minute.
        with django_assert_num_queries(1):
            assert limits.hit("t", "a", window=60) == 2
        with django_assert_num_queries(1):
            assert limits.hit("t", "b", window=60) == 1
        traveller.shift(60)
        with django_assert_num_queries(2):
            limits.hit("t", "c", window=60)

    assert RateCounter.objects.count() == 1


def test_an_unreachable_redis_counts_in_the_database_and_says_so_once(settings, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.RATE_LIMIT_STORE = f"redis://127.0.0.1:{port}/0"

    with (
        time_machine.travel(MOMENT, tick=False),
        caplog.at_level(logging.WARNING, logger="magazine.limits"),
    ):
        counts = [limits.hit("t", "a", window=60) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert RateCounter.objects.get().count == 3
    assert [record.getMessage()[:50] for record in caplog.records] == [
        "Rate limits are counted in the database: Redis doe"
    ]


@pytest.fixture
def concurrent_store(store):
    """The store, where threads may write to the test database at once."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's test database lives in shared memory, where a second "
            "writer fails at once instead of waiting; run on PostgreSQL"
        )
    return store


@pytest.mark.django_db(transaction=True)
def test_twenty_counting_at_once_each_get_their_own_number(concurrent_store):
    counts = []
    barrier = threading.Barrier(20)

    def attempt():
        try:
            barrier.wait()
            counts.append(limits.hit("t", "shared", window=3600))
        finally:
            connection.close()

    with time_machine.travel(MOMENT, tick=False):
        threads = [threading.Thread(target=attempt) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(counts) == list(range(1, 21))


@pytest.mark.django_db(transaction=True)
def test_twenty_signups_at_once_from_one_address_let_exactly_the_limit_through(
    concurrent_store, file_cache
):
    statuses = []
    barrier = threading.Barrier(20)

    def sign_up(n):
        try:
            data = {"email": f"reader{n}@example.com", "consent": "on"}
            data["issued"] = aged_stamp()
            barrier.wait()
            response = Client(REMOTE_ADDR="203.0.113.9").post("/newsletter/", data)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] * 10 + [429] * 10
    assert Subscriber.objects.count() == 10


def test_a_cull_of_1000_junk_cache_entries_leaves_every_limit_in_force(
    store, settings, file_cache, time_machine
):
    settings.COMMENTS_PER_IP_PER_HOUR = 2
    settings.COMMENTS_PER_EMAIL_PER_HOUR = 1
    time_machine.move_to(MOMENT, tick=False)
    article = ArticleFactory()
    pending = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    reader = Client(REMOTE_ADDR="203.0.113.9")
    commenter = Client(REMOTE_ADDR="198.51.100.1")
    elsewhere = Client(REMOTE_ADDR="198.51.100.2")
    scraped = aged_stamp()

    def fresh_stamp():
        time_machine.shift(0.001)  # the clock stands still: one stamp per moment
        return aged_stamp()

    def sign_up(email, client=reader, stamp=None):
        data = {"email": email, "consent": "on", "issued": stamp or fresh_stamp()}
        return client.post("/newsletter/", data).status_code

    def comment(client, email):
        data = comment_data(email=email, issued=fresh_stamp())
        return client.post(f"/comments/{article.pk}/", data)

    # Every limit used up: signups from one network, comments from one network
    # and from one address, the submissions one stamp carries, and the day's
    # signup mail to one inbox.
    assert [sign_up(f"signup{n}@example.com") for n in range(10)] == [200] * 10
    assert comment(commenter, "rosa@example.com").status_code == 302
    assert comment(commenter, "tom@example.com").status_code == 302
    bots = [Client(REMOTE_ADDR=f"192.0.2.{n}") for n in range(6)]
    assert [
        sign_up(f"bot{n}@example.com", bot, scraped) for n, bot in enumerate(bots[:5])
    ] == [200] * 5
    for _ in range(3):
        deliver_signup_mail(pending.pk)
    assert len(mail.outbox) == 3

    for n in range(1000):
        cache.set(f"junk:{n}", "x" * 100)
    assert len(list(file_cache.iterdir())) < 1000, "the cache has culled"

    assert sign_up("one-too-many@example.com") == 429
    assert b"Too many comments from your network" in (
        comment(commenter, "ana@example.com").content
    )
    assert b"Too many comments from this e-mail address" in (
        comment(elsewhere, "rosa@example.com").content
    )
    assert sign_up("bot5@example.com", bots[5], scraped) == 429
    deliver_signup_mail(pending.pk)
    assert len(mail.outbox) == 3
    assert Subscriber.objects.count() == 16
    assert Comment.objects.count() == 2


def test_only_valid_signups_count_against_a_shared_address(client):
    for n in range(15):
        data = {"email": f"reader{n}@example", "consent": "on", "issued": aged_stamp()}
        assert client.post("/newsletter/", data).status_code == 400

    for n in range(10):
        data = {"email": f"reader{n}@example.com", "consent": "on"}
        response = client.post("/newsletter/", {**data, "issued": aged_stamp()})
        assert response.status_code == 200

    assert Subscriber.objects.count() == 10


def test_only_valid_comments_count_against_a_shared_address(client, settings):
    settings.COMMENTS_PER_IP_PER_HOUR = 3
    article = ArticleFactory()
    for _ in range(5):
        response = client.post(f"/comments/{article.pk}/", comment_data(body=""))
        assert response.status_code == 400

    for n in range(3):
        response = client.post(
            f"/comments/{article.pk}/", comment_data(email=f"reader{n}@example.com")
        )
        assert response.status_code == 302

    assert Comment.objects.count() == 3
