"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory, override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-tests-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "magazine.example",
    "SITE_URL": "https://magazine.example",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.magazine.example:587",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with exactly this environment (no .env file)."""
    environment = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": os.devnull,
        "DJANGO_SETTINGS_MODULE": "magazine.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL"]
)
def test_production_names_the_missing_variable_in_one_line(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = run_django("print('started')", **env)

    assert result.returncode == 1
    assert "started" not in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"magazine: set the {missing} environment variable (required when DEBUG is off)."
    ]


def test_production_starts_with_every_variable_set():
    result = run_django("print('started')", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_development_needs_no_variables_and_uses_sqlite_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection; from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE']); "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "print(cursor.fetchone()[0])"
    )

    result = run_django(code, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "wal"]


def test_database_url_may_name_sqlite(tmp_path):
    code = (
        "from django.db import connection; from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['NAME'], db['CONN_MAX_AGE']); "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "print(cursor.fetchone()[0])"
    )
    path = tmp_path / "news.sqlite3"

    result = run_django(code, **PRODUCTION, DATABASE_URL=f"sqlite:///{path}")

    assert result.returncode == 0, result.stderr
    # Kept open between requests, like PostgreSQL's: no file to open and
    # schema to read again on every page.
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        str(path),
        "600",
        "wal",
    ]


def test_database_url_selects_postgresql_with_persistent_connections():
    code = (
        "from django.conf import settings; db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['NAME'], db['HOST'], db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )

    result = run_django(
        code, DEBUG="true", DATABASE_URL="postgres://u:p@db.internal:5432/news"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "news",
        "db.internal",
        "600",
        "True",
    ]


def test_database_pool_replaces_persistent_connections():
    code = (
        "from django.conf import settings; db = settings.DATABASES['default']; "
        "print(db['OPTIONS'].get('pool'), db.get('CONN_MAX_AGE'))"
    )

    result = run_django(
        code, DEBUG="true", DATABASE_URL="postgres://u:p@db/news", DATABASE_POOL="true"
    )

    assert result.stdout.strip() == "True 0"


def test_cache_url_selects_djangos_redis_backend():
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])"
    )

    result = run_django(code, DEBUG="true", CACHE_URL="redis://cache.internal:6379/1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/1",
    ]


def test_rate_limits_count_in_the_database_unless_the_cache_is_redis():
    code = "from django.conf import settings; print(settings.RATE_LIMIT_STORE)"

    by_default = run_django(code, DEBUG="true")
    with_redis = run_django(code, DEBUG="true", CACHE_URL="redis://cache:6379/1")
    chosen = run_django(
        code,
        DEBUG="true",
        CACHE_URL="redis://cache:6379/1",
        RATE_LIMIT_STORE="database",
    )
    wrong = run_django(code, DEBUG="true", RATE_LIMIT_STORE="memcached://cache")

    assert by_default.stdout.strip() == "database"
    assert with_redis.stdout.strip() == "redis://cache:6379/1"
    assert chosen.stdout.strip() == "database"
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "magazine: RATE_LIMIT_STORE is either database or a redis:// URL."
    )


def test_cache_defaults_to_a_shared_folder_and_mail_to_the_console():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.MAILERS['default']['BACKEND'])"
    )

    result = run_django(code, DEBUG="true")

    assert result.stdout.split() == [
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_email_url_configures_the_smtp_mailer():
    code = (
        "from django.core.mail import mailers; m = mailers.default; "
        "print(type(m).__name__, m.host, m.port, m.username, m.password, m.use_tls)"
    )

    result = run_django(code, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "EmailBackend",
        "smtp.magazine.example",
        "587",
        "mailer",
        "secret",
        "True",
    ]


def test_object_storage_is_used_when_a_bucket_is_named():
    code = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"

    result = run_django(code, DEBUG="true", AWS_STORAGE_BUCKET_NAME="magazine-media")

    assert result.stdout.strip() == "storages.backends.s3.S3Storage"


def test_check_deploy_reports_nothing_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "ENV_FILE": os.devnull, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_magazine_app_runs_its_own_config_and_so_its_signals():
    from django.apps import apps

    from magazine.apps import MagazineConfig

    assert type(apps.get_app_config("magazine")) is MagazineConfig
    assert apps.get_app_config("taggit").verbose_name == "Tags"


def test_health_probes_over_plain_http_are_not_redirected_in_production():
    result = run_django(
        "from django.conf import settings;"
        "print(settings.SECURE_SSL_REDIRECT, *settings.SECURE_REDIRECT_EXEMPT)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    redirect, *exempt = result.stdout.split()
    assert redirect == "True"

    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=exempt):
        security = SecurityMiddleware(lambda request: HttpResponse())
        answers = {
            path: security.process_request(RequestFactory().get(path))
            for path in ("/healthz/", "/healthz/live/", "/healthz/ready/", "/about/")
        }

    assert answers["/healthz/"] is None
    assert answers["/healthz/live/"] is None
    assert answers["/healthz/ready/"] is None
    assert answers["/about/"].status_code == 301  # everything else goes to HTTPS
