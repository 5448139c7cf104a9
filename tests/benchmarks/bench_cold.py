#!/usr/bin/env python
"""Cold reader pages at 1,000 and 100,000 stories, on SQLite and PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_cold.py [--articles 100000] [--seconds 3] [--rounds 3]
        [--databases sqlite,postgresql] [--sqlite-dir var/bench] [--pg-prefix NAME]

Issue 18: a cold page (the page cache off, as after every edit) must cost the
same at 100,000 stories as at 1,000 (within 1.5x), on the embedded SQLite as on
PostgreSQL, and the home, section and article pages must run at >= 0.05 of a
bare Django view with no middleware (the ceiling).

1. Builds each archive once with ``load_demo`` (bulk inserts; the time it took
   is printed), runs the task worker once for the pictures' renditions, and
   refreshes the planner's statistics (``migrate`` and ``load_demo`` run
   ANALYZE on SQLite; PostgreSQL gets VACUUM ANALYZE). SQLite files live in
   ``--sqlite-dir``; PostgreSQL databases are ``<pg-prefix>_<stories>`` on
   ``BENCH_DATABASE_URL``'s server. Built archives are reused.
2. Counts each page's queries (Django's test client, second visit).
3. Serves both archives with gunicorn (2 sync workers each, production
   settings, page cache off) beside the ceiling, a bare view returning the
   article page's bytes through no middleware
   (``tests.benchmarks.settings_bare``), and drives home, section, article and
   tag pages with wrk (``-t2 -c8``), in turn, ``--rounds`` times: each figure
   is its median round, so other jobs on the machine weigh on both sizes.
4. Prints per database and page: req/s, p99, queries, the share of the
   ceiling, and the cost (ms per request) at 1,000 and 100,000 with its ratio.

With the defaults (3 rounds of 3 s) one run on both databases takes about 4
minutes once the archives exist; building them takes about 2 minutes per
100,000 stories (1 min 40 s on SQLite, 2 min 20 s on PostgreSQL, loaded
machine) and 10 to 25 s per 1,000, plus the renditions' first run.
"""

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import bench_site
from tests.benchmarks.bench_site import (
    CEILING_PATH,
    DEFAULT_SERVER,
    PYTHON,
    ROOT,
    Server,
    production_env,
    wrk,
)
from tests.benchmarks.wrk import median_run

SMALL = 1000
PAGES = ("home", "category", "article", "tag")
TARGET_OF_CEILING = 0.05
TARGET_RATIO = 1.5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True)


def ensure_sqlite(directory: Path, articles: int) -> str:
    """An SQLite archive of ``articles`` demo stories (built once, then reused)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"cold_{articles}.sqlite3"
    url = f"sqlite:///{path}"
    env = production_env(url, page_cache=False)
    manage(env, "migrate", "--noinput", "-v0")
    with sqlite3.connect(path) as connection:
        (have,) = connection.execute("SELECT count(*) FROM articles_article").fetchone()
    if have < articles:
        print(f"  loading {articles:,} stories into {path} (once)…", flush=True)
        started = time.monotonic()
        manage(env, "load_demo", "--articles", str(articles))
        print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")
    manage(env, "analyze_database", "-v0")
    return url


def ensure_postgresql(prefix: str, articles: int) -> str:
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    # bench_site's builder: create, migrate, load (timed), renditions, VACUUM ANALYZE.
    return bench_site.ensure_database(server, f"{prefix}_{articles}", articles)


def measure_in_process() -> None:
    """Child mode: the pages, each one's queries (second visit) and bytes; the
    article page's bytes go to a file for the ceiling view."""
    import django

    django.setup()
    from taggit.models import Tag

    from articles.models import Article, Category

    article = (
        Article.objects.published().in_language("en").select_related("category").first()
    )
    pages = {
        "home": "/",
        "category": Category.objects.tree().navigation()[0].get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": f"/tag/{Tag.objects.order_by('pk').first().slug}/",
    }
    bench_site.print_pages(pages)


def measured_pages(db_url: str) -> dict:
    output = subprocess.run(
        [PYTHON, __file__, "--measure"],
        env=production_env(db_url, page_cache=False),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def serving(env: dict, port: int) -> Server:
    """bench_site's gunicorn (2 workers) on ``port``."""
    bench_site.PORT = port
    return Server(env)


def driven(port: int, url: str, seconds: int) -> dict:
    bench_site.PORT = port
    return wrk(url, seconds)


def bench_database(kind: str, urls: dict[int, str], seconds: int, rounds: int) -> dict:
    """Every page of both archives, and the ceiling, on one database.

    The three servers run side by side and are driven in turn, ``rounds``
    times, each figure the median of its rounds: on a shared machine the load
    of other jobs then weighs on the 1,000- and 100,000-story figures alike.
    """
    small, big = min(urls), max(urls)
    measured = {size: measured_pages(url) for size, url in urls.items()}
    ceiling_file = measured[big]["ceiling_file"]
    bare = {
        **production_env(urls[big], page_cache=False, ceiling_file=ceiling_file),
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings_bare",
    }
    ports = {"ceiling": free_port(), small: free_port(), big: free_port()}
    samples: dict = {}
    with (
        serving(bare, ports["ceiling"]),
        serving(production_env(urls[small], page_cache=False), ports[small]),
        serving(production_env(urls[big], page_cache=False), ports[big]),
    ):
        for _ in range(rounds):
            samples.setdefault("ceiling", []).append(
                driven(ports["ceiling"], CEILING_PATH, seconds)
            )
            for name in PAGES:
                for size in (small, big):
                    url = measured[size]["pages"][name]["url"]
                    samples.setdefault((size, name), []).append(
                        driven(ports[size], url, seconds)
                    )
    for found in measured.values():
        os.unlink(found["ceiling_file"])
    results = {key: median_run(runs) for key, runs in samples.items()}
    return {
        "kind": kind,
        "ceiling": results.pop("ceiling"),
        "measured": measured,
        "results": results,
    }


def report(run: dict, small: int, big: int) -> bool:
    """Prints one database's tables; True when every target holds."""
    ceiling, measured, results = run["ceiling"], run["measured"], run["results"]
    print()
    print(
        f"{run['kind']}: ceiling (bare view, no middleware, article bytes) "
        f"{ceiling['rps']:.0f} req/s, p99 {ceiling['p99']:.1f} ms"
    )
    print()
    print("| page | stories | req/s | p99 ms | queries | of ceiling |")
    print("|---|--:|--:|--:|--:|--:|")
    met = True
    for size in (small, big):
        for name in PAGES:
            r, page = results[size, name], measured[size]["pages"][name]
            share = r["rps"] / ceiling["rps"]
            if size == big and name != "tag" and share < TARGET_OF_CEILING:
                met = False
            print(
                f"| {name} `{page['url']}` | {size:,} | {r['rps']:.0f} | "
                f"{r['p99']:.1f} | {page['queries']} | {share:.3f} |"
                + (f" {r['errors']} errors" if r["errors"] else "")
            )
    print()
    print(f"| page | ms at {small:,} | ms at {big:,} | ratio |")
    print("|---|--:|--:|--:|")
    for name in PAGES:
        small_ms = 1000 / results[small, name]["rps"]
        big_ms = 1000 / results[big, name]["rps"]
        ratio = big_ms / small_ms
        met = met and ratio <= TARGET_RATIO
        print(f"| {name} | {small_ms:.1f} | {big_ms:.1f} | {ratio:.2f} |")
    return met


def run(args) -> None:
    if not shutil.which("wrk"):
        sys.exit("bench_cold: install wrk (apt-get install wrk)")
    bench_site.PORT = free_port()  # for the servers' SITE_URL
    started = time.monotonic()
    kinds = args.databases.split(",")
    sizes = (SMALL, args.articles)
    archives = {}
    print("Preparing archives…", flush=True)
    for kind in kinds:
        if kind == "sqlite":
            archives[kind] = {n: ensure_sqlite(args.sqlite_dir, n) for n in sizes}
        elif kind == "postgresql":
            archives[kind] = {n: ensure_postgresql(args.pg_prefix, n) for n in sizes}
        else:
            sys.exit(f"bench_cold: unknown database {kind!r}")
    any_archive = next(iter(archives.values()))[args.articles]
    manage(
        production_env(any_archive, page_cache=False),
        "collectstatic",
        "--noinput",
        "-v0",
    )
    runs = [
        bench_database(kind, archives[kind], args.seconds, args.rounds)
        for kind in kinds
    ]
    print()
    print(
        f"Cold pages (page cache off); gunicorn 2 sync workers; wrk -t2 -c8 "
        f"-d{args.seconds}s, median of {args.rounds} interleaved rounds; "
        f"{os.cpu_count()} CPUs; targets: home, category and "
        f"article >= {TARGET_OF_CEILING} of the ceiling at {args.articles:,}, "
        f"cost ratio <= {TARGET_RATIO}"
    )
    met = [report(one, SMALL, args.articles) for one in runs]
    print()
    verdicts = (f"{one['kind']} {ok}" for one, ok in zip(runs, met, strict=True))
    print(f"Targets met: {', '.join(verdicts)}")
    print(f"Run took {time.monotonic() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--sqlite-dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--pg-prefix", default="magazine_bench_cold")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_in_process()
    else:
        run(args)


if __name__ == "__main__":
    main()
