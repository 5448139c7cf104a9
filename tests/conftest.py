import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
import redis

ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database (``--reuse-db``) starts as a fresh one would.

    pytest-django keeps it as the last run left it, and when that run ended with a
    transactional test, its flush took the rows the data migrations wrote (the
    roles, the site settings row); migrate has nothing left to apply, so it does
    not write them again.
    """
    import importlib

    from django.apps import apps
    from django.db import connection
    from django.test import override_settings

    from tests.articles.admin_helpers import ensure_roles

    # Saving them invalidates the page cache: keep the developer's own out of it.
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with django_db_blocker.unblock(), override_settings(CACHES=locmem):
        # pytest-django sets up no database when no collected test uses one.
        if "auth_group" not in connection.introspection.table_names():
            return
        ensure_roles()
        importlib.import_module(
            "magazine.migrations.0002_site_settings_row"
        ).create_site_settings(apps, None)


@pytest.fixture(scope="session", autouse=True)
def _demo_pictures_painted_once():
    """The demo's pictures are the same bytes every time (magazine.site.demo.images):
    each is painted once per test session instead of once per load_demo (0.2 s
    a picture). The rows and files are still made in every test that loads it."""
    import functools

    from magazine.site.demo import images

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(images, "paint", functools.cache(images.paint))
        patch.setattr(images, "paint_portrait", functools.cache(images.paint_portrait))
        yield


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.RATE_LIMIT_STORE = "database"  # rolled back with each test
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Test users' passwords are hashed with MD5, as Django advises for tests: the
    production hasher spent most of a second on each staff user a test made."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_process_memos():
    """Every test starts with the per-process memos empty: nothing one test
    built (a category tree, a compiled query, a media address) leaks into the next."""
    from magazine.memos import reset_memos

    reset_memos()
    yield
    reset_memos()


@pytest.fixture(autouse=True)
def _unplanned_fetches_fail(monkeypatch):
    """Reader pages load what they show: a lazy fetch there is an N+1 in waiting."""
    from django.db import models

    from articles.models import ArticleQuerySet

    monkeypatch.setattr(ArticleQuerySet, "reader_fetch_mode", models.FETCH_RAISE)


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's superuser client, signed in as the 2FA rule asks of
    superusers: password and second factor."""
    from django.test import Client

    from tests.helpers import sign_in

    return sign_in(Client(), admin_user)


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test. Playwright's sync API leaves an event loop marked as
    running in this thread, so it lives only as long as the test that needs it:
    every other test runs Django without it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_teardown(django_db_setup, django_db_blocker):
    """Dropping the PostgreSQL test database fails while any connection is left open.

    ORM calls made while Playwright's loop runs can open connections in another
    context (greenlet or executor thread) that Django's close_all() cannot see;
    end them before the database is dropped.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture
def browser_context_options() -> dict:
    """Extra options for the page fixture's browser context; a test module may
    override it (the accessibility tests bypass the CSP to inject axe-core)."""
    return {}


@pytest.fixture
def page(browser, request, browser_context_options):
    """A fresh browser tab; on failure its screenshot and HTML are kept as artefacts."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, **browser_context_options
    )
    tab = context.new_page()
    yield tab
    failed = getattr(request.node, "rep_call", None) and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(
            path=ARTIFACTS / f"{request.node.name}-failure.png", full_page=True
        )
        (ARTIFACTS / f"{request.node.name}-failure.html").write_text(tab.content())
    context.close()


def pytest_addoption(parser):
    parser.addoption(
        "--stage",
        action="append",
        default=[],
        metavar="NAME",
        help="also run the tests marked stage(NAME): a .ci/run stage that starts "
        "servers of its own (repeatable)",
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``stage(NAME)`` run only in their own stage of .ci/run."""
    wanted = set(config.getoption("stage"))
    for item in items:
        marker = item.get_closest_marker("stage")
        if marker is None:
            continue
        if marker.args[0] in wanted:
            continue
        item.add_marker(
            pytest.mark.skip(
                reason=f"runs in its own stage: .ci/test --stage {marker.args[0]}"
            )
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def screenshot():
    """Saves a full-page screenshot under var/test-artifacts/ and returns its path."""

    def save(tab, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        tab.screenshot(path=path, full_page=True)
        return path

    return save


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server's URL: ``TEST_REDIS_URL`` (a dedicated server, as .ci/run
    starts), else Debian's redis-server started for this session on a free port."""
    if url := os.environ.get("TEST_REDIS_URL"):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(
            "redis-server is not installed (apt-get install redis-server, "
            "as .ci/run does), so the tests of the Redis store cannot run"
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in server.stdout:
        if "Ready to accept connections" in line:
            break
    else:
        pytest.fail(f"redis-server did not start on port {port}")
    # Its log must keep flowing somewhere, or a full pipe would stall it.
    drain = threading.Thread(target=server.stdout.read, daemon=True)
    drain.start()
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)
    drain.join(timeout=10)
    server.stdout.close()


@pytest.fixture
def redis_url(redis_server):
    """The test Redis, emptied for this test."""
    client = redis.Redis.from_url(redis_server)
    client.flushdb()
    yield redis_server
    client.flushdb()
    client.close()
