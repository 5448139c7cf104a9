"""Send one edition to many subscribers through a real worker and a local SMTP sink.

    .venv/bin/python tests/benchmarks/bench_newsletter.py            # SQLite scratch file
    .venv/bin/python tests/benchmarks/bench_newsletter.py \\
        --database-url postgres://magazine_ci:magazine_ci@127.0.0.1:5432/magazine_bench7

For each size (default 10,000 then 100,000) it builds a scratch database,
creates that many active subscribers and an edition of three stories, starts
an aiosmtpd sink on 127.0.0.1, runs ``manage.py db_worker --batch`` (the same
worker production runs) and prints messages per second and the worker's peak
memory. The sink checks that every subscriber got exactly one message.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def scratch_database(url: str | None) -> str:
    if url is None:
        path = ROOT / "var" / "bench-newsletter.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url


def environment(database_url: str, smtp_port: int = 0) -> dict[str, str]:
    """Production settings: DEBUG off (no query log growing in the worker)."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://miamicurrent.example",
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LOG_LEVEL": "WARNING",
    }


def prepare(subscribers: int) -> None:
    """Subscribers, stories and a queued edition in the scratch database."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Category
    from newsletter import services
    from newsletter.models import Edition, EditionArticle, Subscriber

    settings.ALLOWED_HOSTS = ["*"]
    connection.close()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{n}@example.com",
                status=Subscriber.Status.ACTIVE,
                consent_text="Send me the newsletter.",
                consented_at=now,
                confirmed_at=now,
            )
            for n in range(subscribers)
        ),
        batch_size=5000,
    )
    category = Category.objects.create(name="Boats", slug="boats")
    edition = Edition.objects.create(
        subject="This week in Miami", preheader="Boats and the bay", intro="Hello."
    )
    for n in range(3):
        article = Article.objects.create(
            headline=f"Story {n} from the bay",
            slug=f"story-{n}",
            standfirst="What happened, in a sentence.",
            body="<p>Text.</p>",
            category=category,
            status=Article.Status.PUBLISHED,
            publish_at=now,
        )
        EditionArticle.objects.create(edition=edition, article=article, position=n)
    services.schedule(edition=edition)
    connection.close()


def run(size: int, database_url: str | None) -> dict:
    from tests.newsletter.smtp_sink import Sink

    url = scratch_database(database_url)
    env = environment(url)
    subprocess.run(
        [sys.executable, ROOT / "manage.py", "migrate", "-v0"], env=env, check=True
    )
    subprocess.run(
        [sys.executable, __file__, "--prepare", str(size)], env=env, check=True
    )
    with Sink() as sink:
        env = environment(url, sink.port)
        started = time.perf_counter()
        worker = subprocess.Popen(
            [
                sys.executable,
                *os.environ.get("BENCH_PYTHON_ARGS", "").split(),
                ROOT / "manage.py",
                "db_worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
            ],
            env=env,
        )
        _, status, usage = os.wait4(worker.pid, 0)
        seconds = time.perf_counter() - started
    assert status == 0, f"the worker exited with status {status}"
    assert sink.accepted == size, f"{sink.accepted} of {size} messages arrived"
    assert len(sink.recipients) == size
    assert max(sink.recipients.values()) == 1
    return {
        "size": size,
        "seconds": seconds,
        "rate": size / seconds,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL scratch database URL")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000], metavar="N"
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")
    if args.prepare:
        prepare(args.prepare)
        return
    print(f"{'subscribers':>11}  {'seconds':>8}  {'msg/s':>7}  {'worker peak RSS':>15}")
    for size in args.sizes:
        result = run(size, args.database_url)
        print(
            f"{result['size']:>11,}  {result['seconds']:>8.1f}  {result['rate']:>7.0f}"
            f"  {result['peak_mb']:>12.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
