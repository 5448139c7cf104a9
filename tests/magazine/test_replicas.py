"""The replica router's choices (magazine/replicas.py), without a replica.

What these decide is checked here on any database; that the choices reach a
real streaming standby, and the lag guard against real replay, is the
``replica`` stage (tests/magazine/test_replica_stage.py).
"""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.db import OperationalError, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from magazine import cache as page_cache
from magazine import replicas
from magazine.queries import CompiledQuery
from tests.magazine.test_settings import run_django

POSITIONS = {"primary": 100, "replica": 100}


@pytest.fixture
def with_replica(settings, monkeypatch):
    """One replica alias configured, its replay position and the primary's
    set by the test (``POSITIONS``) instead of asked of PostgreSQL."""
    settings.DATABASE_REPLICAS = ["replica_1"]
    monkeypatch.setattr(replicas, "_health", {})
    POSITIONS.update(primary=100, replica=100)
    monkeypatch.setattr(replicas, "primary_position", lambda: POSITIONS["primary"])
    monkeypatch.setattr(
        replicas, "replayed_position", lambda alias: POSITIONS["replica"]
    )


@pytest.fixture
def reader_request():
    """Inside a reader page's request, as the two middlewares set it up."""
    with page_cache.one_generation_per_request():
        token = replicas._reader.set(replicas._ReaderRead())
        try:
            yield
        finally:
            replicas._reader.reset(token)


def test_reads_outside_a_reader_page_go_to_the_primary(with_replica):
    assert replicas.reading_alias() == "default"
    assert replicas.ReplicaRouter().db_for_write(None) == "default"


def test_a_reader_page_reads_a_replica_that_has_caught_up(with_replica, reader_request):
    assert replicas.reading_alias() == "replica_1"


def test_a_lagging_replica_is_passed_over_for_the_primary(with_replica, reader_request):
    POSITIONS.update(primary=200, replica=150)
    assert replicas.reading_alias() == "default"


def test_the_lag_is_checked_once_per_request(with_replica, reader_request, monkeypatch):
    asked = []
    monkeypatch.setattr(
        replicas, "replayed_position", lambda alias: asked.append(alias) or 100
    )
    for _ in range(3):
        assert replicas.reading_alias() == "replica_1"
    assert asked == ["replica_1"]


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary(with_replica, reader_request):
    with transaction.atomic():
        assert replicas.reading_alias() == "default"


def test_a_page_under_a_new_generation_waits_for_its_position(
    with_replica, reader_request
):
    """The invalidation records where the primary stood after the change: a
    replica short of it is passed over, one that reached it is used."""
    POSITIONS.update(primary=300, replica=250)
    page_cache.invalidate_pages()  # outside a transaction: recorded now
    POSITIONS["primary"] = 400  # later writes do not move the recorded position
    assert replicas.reading_alias() == "default"


def test_the_recorded_position_is_the_one_a_replica_must_reach(with_replica):
    POSITIONS["primary"] = 300
    page_cache.invalidate_pages()
    POSITIONS.update(primary=400, replica=300)
    with page_cache.one_generation_per_request():
        token = replicas._reader.set(replicas._ReaderRead())
        assert replicas.reading_alias() == "replica_1"
        replicas._reader.reset(token)


@pytest.mark.django_db(transaction=True)
def test_a_change_inside_a_transaction_is_recorded_after_its_commit(with_replica):
    with transaction.atomic():
        POSITIONS["primary"] = 500
        page_cache.invalidate_pages()
        generation, epoch = page_cache.counters()
        key = replicas.POSITION_KEY.format(generation, epoch)
        assert page_cache.cache_guard.read(key) is None
    generation, epoch = page_cache.counters()
    replicas.record_primary_position()
    key = replicas.POSITION_KEY.format(generation, epoch)
    assert page_cache.cache_guard.read(key) == 500


def test_a_position_lost_from_the_cache_is_recorded_from_the_primary(with_replica):
    POSITIONS["primary"] = 700
    assert replicas.required_position(1, 2) == 700
    POSITIONS["primary"] = 800
    assert replicas.required_position(1, 2) == 700


def one_reader_page() -> str:
    """Where a new reader page's reads go."""
    with page_cache.one_generation_per_request():
        token = replicas._reader.set(replicas._ReaderRead())
        try:
            return replicas.reading_alias()
        finally:
            replicas._reader.reset(token)


def test_a_replica_that_does_not_answer_is_set_aside_for_the_window(
    with_replica, settings, monkeypatch, caplog
):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 30
    attempts, closed = [], []
    # No replica_1 database here: its connection only needs to be dropped.
    monkeypatch.setattr(
        replicas,
        "connections",
        {
            "default": connections["default"],
            "replica_1": SimpleNamespace(close=lambda: closed.append(True)),
        },
    )

    def refused(alias):
        attempts.append(alias)
        raise OperationalError("connection refused")

    monkeypatch.setattr(replicas, "replayed_position", refused)
    with time_machine.travel(
        datetime(2026, 12, 4, 12, 0, tzinfo=UTC), tick=False
    ) as clock:
        assert [one_reader_page() for _ in range(5)] == ["default"] * 5
        assert attempts == ["replica_1"]
        assert closed == [True]
        clock.shift(29)
        assert one_reader_page() == "default"
        assert len(attempts) == 1
        clock.shift(2)  # the window is over: one page tries it, still down
        assert [one_reader_page() for _ in range(3)] == ["default"] * 3
        assert len(attempts) == 2
        warnings = [r for r in caplog.records if r.name == "magazine.replicas"]
        assert len(warnings) == 1
        assert "does not answer" in warnings[0].getMessage()

        monkeypatch.setattr(
            replicas, "replayed_position", lambda alias: POSITIONS["replica"]
        )
        assert one_reader_page() == "default"  # still inside the new window
        clock.shift(31)
        assert one_reader_page() == "replica_1"
        assert one_reader_page() == "replica_1"
        back = [r for r in caplog.records if r.name == "magazine.replicas"]
        assert len(back) == 2
        assert "is back" in back[1].getMessage()


def test_a_replica_lagging_beyond_the_limit_is_set_aside(
    with_replica, settings, monkeypatch, caplog
):
    settings.DATABASE_REPLICA_MAX_LAG = 10
    settings.DATABASE_REPLICA_RETRY_SECONDS = 30
    asked = []
    monkeypatch.setattr(
        replicas,
        "replayed_position",
        lambda alias: asked.append(alias) or POSITIONS["replica"],
    )
    POSITIONS.update(primary=200, replica=150)
    page_cache.invalidate_pages()
    with time_machine.travel(
        datetime(2026, 12, 4, 12, 0, tzinfo=UTC), tick=False
    ) as clock:
        assert one_reader_page() == "default"
        clock.shift(9)
        assert one_reader_page() == "default"  # behind, not yet for long
        assert len(asked) == 2
        clock.shift(1)
        assert one_reader_page() == "default"  # ten seconds behind: aside
        assert [one_reader_page() for _ in range(5)] == ["default"] * 5
        assert len(asked) == 3
        assert len([r for r in caplog.records if r.name == "magazine.replicas"]) == 1

        POSITIONS["replica"] = 200
        clock.shift(31)
        assert one_reader_page() == "replica_1"
        assert len(asked) == 4


def test_a_replica_briefly_behind_is_not_set_aside(with_replica, settings):
    settings.DATABASE_REPLICA_MAX_LAG = 10
    POSITIONS.update(primary=200, replica=150)
    page_cache.invalidate_pages()
    with time_machine.travel(
        datetime(2026, 12, 4, 12, 0, tzinfo=UTC), tick=False
    ) as clock:
        assert one_reader_page() == "default"
        clock.shift(5)
        POSITIONS["replica"] = 200  # caught up: the count starts again
        assert one_reader_page() == "replica_1"
        POSITIONS.update(primary=300)
        page_cache.invalidate_pages()
        clock.shift(6)
        assert one_reader_page() == "default"
        POSITIONS["replica"] = 300
        assert one_reader_page() == "replica_1"


def test_wal_positions_order_as_the_wal_does():
    assert replicas.wal_position("0/FFFFFFFF") < replicas.wal_position("1/0")
    assert replicas.wal_position("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert replicas.wal_position(None) is None


@pytest.mark.parametrize(
    ("method", "path", "cookies", "reads_replica"),
    [
        ("GET", "/", {}, True),
        ("HEAD", "/news/some-story/", {}, True),
        ("GET", "/admin/articles/article/", {}, False),
        ("GET", "/newsletter/confirm/abc/", {}, False),
        ("GET", "/articles/preview/3/", {}, False),
        ("POST", "/news/some-story/", {}, False),
        ("GET", "/", {"sessionid": "x"}, False),
        ("GET", "/", {replicas.PRIMARY_COOKIE: "1"}, False),
    ],
)
def test_which_requests_are_reader_pages(
    with_replica, method, path, cookies, reads_replica
):
    seen = []
    middleware = replicas.ReaderReadsMiddleware(
        lambda request: seen.append(replicas._reader.get()) or HttpResponse()
    )
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies)
    middleware(request)
    assert (seen[0] is not None) is reads_replica
    assert replicas._reader.get() is None


def test_a_post_has_the_browser_read_the_primary_for_a_while(with_replica, settings):
    settings.DATABASE_REPLICA_PRIMARY_AFTER_WRITE = 7
    middleware = replicas.ReaderReadsMiddleware(lambda request: HttpResponse())
    response = middleware(RequestFactory().post("/news/some-story/comment/"))
    cookie = response.cookies[replicas.PRIMARY_COOKIE]
    assert cookie["max-age"] == 7
    assert cookie["httponly"]
    response = middleware(RequestFactory().get("/"))
    assert replicas.PRIMARY_COOKIE not in response.cookies


@pytest.mark.django_db
def test_compiled_queries_read_where_the_router_sends_them(monkeypatch):
    from django.contrib.sites.models import Site

    asked = []
    monkeypatch.setattr(
        "magazine.queries.router.db_for_read",
        lambda model, **hints: asked.append(model) or "default",
    )
    query = CompiledQuery(
        lambda pk: Site.objects.filter(pk=pk).values_list("domain"), pk=int
    )
    assert query.rows(pk=-1) == []
    assert asked == [Site]


def test_sqlite_refuses_replicas_with_a_clear_message():
    result = run_django(
        "",
        DEBUG="true",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
        DATABASE_REPLICA_URLS="postgres://u:p@127.0.0.1:5433/magazine",
    )
    assert result.returncode != 0
    assert "SQLite has no replicas" in result.stderr


def test_replica_urls_become_aliases_with_the_primarys_options():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASE_REPLICAS, s.DATABASES['replica_2']['PORT'], "
        "s.DATABASES['replica_2']['OPTIONS'] == s.DATABASES['default']['OPTIONS'], "
        "s.DATABASES['replica_2']['TEST']['MIRROR'], s.DATABASE_ROUTERS, "
        "s.MIDDLEWARE[1])",
        DEBUG="true",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/magazine",
        DATABASE_REPLICA_URLS="postgres://u:p@10.0.0.2:5433/magazine,"
        "postgres://u:p@10.0.0.3:5434/magazine",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['replica_1',",
        "'replica_2']",
        "5434",
        "True",
        "default",
        "['magazine.replicas.ReplicaRouter']",
        "magazine.replicas.ReaderReadsMiddleware",
    ]
