#!/usr/bin/env python
"""The site benchmark: real server, real load generator, real PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_site.py [--articles 100000] [--seconds 10]

1. Builds scratch PostgreSQL databases with ``load_demo`` (100,000 and 1,000
   stories; reused when already built), migrates them, makes the image
   renditions with the task worker and collects static files.
2. Counts the SQL queries each page makes (Django's test client, page cache off).
3. Starts gunicorn (2 sync workers, production settings: DEBUG off) on
   127.0.0.1:85xx and drives it with wrk, once with the page cache off (cold)
   and once on (warm), plus a bare Django view answering the article page's
   exact bytes through the same middleware: the ceiling.
4. Times the editors' article list in the admin (Django's test client, in
   process): the plain list, a section filter, a state filter and a search.
5. Prints the tables, and the cold cost of listing pages at 1,000 vs 100,000.

Needs PostgreSQL reachable with ``BENCH_DATABASE_URL`` (a role that may create
databases; default: the local CI role) and ``wrk`` (Debian's package).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.wrk import figures as wrk_figures  # noqa: E402

PYTHON = sys.executable
DEFAULT_SERVER = "postgres://magazine_ci:magazine_ci@127.0.0.1:5432/postgres"
PORT = 8510
CEILING_PATH = "/__bench__/ceiling/"


def database_url(server: str, name: str) -> str:
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def production_env(db_url: str, *, page_cache: bool, ceiling_file: str = "") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "ENV_FILE": "/dev/null",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": db_url,
        "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
        "BENCH_CEILING_FILE": ceiling_file,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def ensure_database(server: str, name: str, articles: int) -> str:
    """A scratch database holding ``articles`` demo stories (built once, then reused)."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    url = database_url(server, name)
    env = production_env(url, page_cache=False)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    with psycopg.connect(url) as conn:
        have = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    if have < articles:
        print(f"  loading {articles:,} stories into {name} (once)…", flush=True)
        started = time.monotonic()
        subprocess.run(
            [*manage, "load_demo", "--articles", str(articles)], env=env, check=True
        )
        print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)
    # The task queue holds the library's rendition jobs: run them (a no-op once
    # done), so pages carry the <picture> markup readers get in production.
    subprocess.run(
        [*manage, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0"],
        env=env,
        check=True,
    )
    with psycopg.connect(url) as conn:
        pictures, drawn = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM"
            " articles_rendition r WHERE r.image_id = i.id)) FROM articles_image i"
        ).fetchone()
    if drawn < pictures:
        sys.exit(
            f"bench_site: {pictures - drawn} of {pictures} pictures in {name} have no "
            "renditions (are their files under MEDIA_ROOT?); drop the database to rebuild"
        )
    # Fresh statistics, and no autovacuum catching up on a migration's rewrites
    # while the pages are measured.
    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("articles_article", "articles_searchdocument"):
            conn.execute(f"VACUUM ANALYZE {table}")
    return url


def in_child(db_url: str, mode: str) -> dict:
    """Runs this script with ``mode`` (``--measure``, ``--measure-admin``) in a
    child process on ``db_url``, page cache off; returns what it printed."""
    output = subprocess.run(
        [PYTHON, __file__, mode],
        env=production_env(db_url, page_cache=False),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_in_process() -> None:
    """Child mode: picks the pages, counts each one's queries on its second visit."""
    import django

    django.setup()
    from taggit.models import Tag

    from articles.models import Article, Category
    from magazine.site.sitemaps import ArticleSitemap

    article = Article.objects.published().select_related("category").first()
    category = Category.objects.tree().navigation()[0]
    tag = Tag.objects.order_by("pk").first()
    live = Article.objects.published().count()
    last_sitemap_page = max(1, -(-live // ArticleSitemap.limit))
    pages = {
        "home": "/",
        "category": category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": f"/tag/{tag.slug}/",
        "search": "/search/?q=seawall",
        "search, common word": "/search/?q=miami",
        "search, two words": "/search/?q=condo+tower",
        "feed": "/feed/",
        "sitemap index": "/sitemap.xml",
        "sitemap first page": "/sitemap-articles.xml",
        "sitemap last page": f"/sitemap-articles.xml?p={last_sitemap_page}",
    }
    print_pages(pages)


def print_pages(pages: dict[str, str]) -> None:
    """Child mode's answer: each page's queries (second visit) and bytes, and
    a file holding the article page's bytes for the ceiling view."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        result[name] = {
            "url": url,
            "queries": len(queries),
            "bytes": len(response.content),
        }
    handle, ceiling_file = tempfile.mkstemp(suffix=".html")
    os.close(handle)
    Path(ceiling_file).write_bytes(client.get(pages["article"]).content)
    print(json.dumps({"pages": result, "ceiling_file": ceiling_file}))


def measure_admin_in_process(rounds: int = 15) -> None:
    """Child mode: median and slowest of ``rounds`` visits to each admin list view."""
    import statistics

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Category
    from tests.helpers import sign_in

    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    sign_in(client, editor)  # with a passed second factor, as editors need
    section = Category.objects.tree().navigation()[0]
    views = {
        "article list": "/admin/articles/article/",
        "page 100": "/admin/articles/article/?p=100",
        f"section filter ({section.name})": f"/admin/articles/article/?section={section.pk}",
        "state filter (scheduled)": "/admin/articles/article/?status=scheduled",
        "search (seawall)": "/admin/articles/article/?q=seawall",
    }
    result = {}
    for name, url in views.items():
        client.get(url)
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        result[name] = {
            "url": url,
            "median": statistics.median(timings),
            "max": max(timings),
            "queries": len(queries),
        }
    print(json.dumps(result))


class Server:
    """gunicorn with 2 workers on 127.0.0.1:PORT, stopped by its own process id."""

    def __init__(self, env: dict):
        self.env = env
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "magazine.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, seconds: int) -> dict:
    """Requests per second and p50/p99 latency in ms from one wrk run."""
    full = f"http://127.0.0.1:{PORT}{url}"
    for _ in range(2):  # warm the worker processes and any low-level caches
        urllib.request.urlopen(full, timeout=30).read()
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", full],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return wrk_figures(output)


def run(args) -> None:
    if not shutil.which("wrk"):
        sys.exit("bench_site: install wrk (apt-get install wrk)")
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    print("Preparing databases…", flush=True)
    big = ensure_database(server, f"magazine_bench_{args.articles}", args.articles)
    small = ensure_database(server, "magazine_bench_1000", 1000)
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=production_env(big, page_cache=False),
        check=True,
    )

    measured = in_child(big, "--measure")
    pages, ceiling_file = measured["pages"], measured["ceiling_file"]
    results = {}
    with Server(production_env(big, page_cache=True, ceiling_file=ceiling_file)):
        ceiling = wrk(CEILING_PATH, args.seconds)
        for name, page in pages.items():
            results[name, "warm"] = wrk(page["url"], args.seconds)
    with Server(production_env(big, page_cache=False)):
        for name, page in pages.items():
            results[name, "cold"] = wrk(page["url"], args.seconds)

    admin_views = in_child(big, "--measure-admin")
    small_pages = in_child(small, "--measure")["pages"]
    small_results = {}
    with Server(production_env(small, page_cache=False)):
        for name in (
            "category",
            "tag",
            "feed",
            "sitemap index",
            "sitemap first page",
            "sitemap last page",
        ):
            small_results[name] = wrk(small_pages[name]["url"], args.seconds)

    print()
    print(
        f"{args.articles:,} articles; gunicorn 2 sync workers; wrk -t2 -c8 "
        f"-d{args.seconds}s; {os.cpu_count()} CPUs"
    )
    print()
    print("| page | cache | req/s | p50 ms | p99 ms | queries | bytes | of ceiling |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    print(
        f"| ceiling (bare view, article bytes) | – | {ceiling['rps']:.0f} | "
        f"{ceiling['p50']:.1f} | {ceiling['p99']:.1f} | 0 | "
        f"{pages['article']['bytes']:,} | 1.000 |"
    )
    for (name, mode), r in results.items():
        page = pages[name]
        queries = page["queries"] if mode == "cold" else 0
        print(
            f"| {name} `{page['url']}` | {mode} | {r['rps']:.0f} | {r['p50']:.1f} | "
            f"{r['p99']:.1f} | {queries} | {page['bytes']:,} | "
            f"{r['rps'] / ceiling['rps']:.3f} |"
            + (f" {r['errors']} errors" if r["errors"] else "")
        )
    print()
    print(f"Cold cost at 1,000 vs {args.articles:,} articles (mean ms per request)")
    print()
    print(f"| page | 1,000 | {args.articles:,} | ratio |")
    print("|---|--:|--:|--:|")
    for name, small_r in small_results.items():
        big_r = results[name, "cold"]
        small_ms, big_ms = 1000 / small_r["rps"], 1000 / big_r["rps"]
        print(f"| {name} | {small_ms:.1f} | {big_ms:.1f} | {big_ms / small_ms:.2f} |")
    print()
    print(f"The editors' article list at {args.articles:,} articles ({15} visits each)")
    print()
    print("| admin view | median ms | slowest ms | queries |")
    print("|---|--:|--:|--:|")
    for name, view in admin_views.items():
        print(
            f"| {name} `{view['url']}` | {view['median']:.0f} | {view['max']:.0f} | "
            f"{view['queries']} |"
        )
    os.unlink(ceiling_file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-admin", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.measure:
        measure_in_process()
    elif args.measure_admin:
        measure_admin_in_process()
    else:
        run(args)


if __name__ == "__main__":
    main()
