#!/usr/bin/env python
"""The front cache benchmark: the kit's nginx and gunicorn, real Redis, wrk.

    .venv/bin/python tests/benchmarks/bench_front.py [--articles 1000] [--seconds 5]
        [--rounds 1] [--database sqlite] [--database postgres] [--page article]
        [--page home]

For each database (default: both; PostgreSQL from ``BENCH_DATABASE_URL``, a role
that may create databases, default the local CI role), in one run:

1. Builds a scratch database with ``load_demo --articles N`` (once, then reused),
   renditions made by the task worker, static files collected.
2. Starts, from the deployment kit: one app server (gunicorn, 2 workers, page
   cache on, Redis), nginx in front of it (2 workers, the front cache), and a
   second gunicorn whose settings have no middleware at all (the ceiling).
3. Drives each with wrk (2 threads, 8 connections, HTTPS through nginx as
   readers get it): nginx serving each page's exact bytes as a static file
   (the physical limit here), plain, gzip and brotli; the article, home,
   section and tag pages (or those named by ``--page``) warm through the front
   cache in each encoding (a page's static file and its front cache in turn,
   ``--rounds`` times, each figure its median round); the same pages from
   gunicorn alone (the app's page cache warm: the path before the front
   cache); the bare Django view with no middleware and the same view through
   the project's middleware.
4. The staleness check: edits a story ``--edits`` times (a save in a child
   process, as an editor's request would make it: signals, purge) and after
   each save reads its article, section and home pages through the front door,
   1,000 reads per edit in all; counts the reads that still show the old
   headline, and the time from the save's start to the first fresh page. Then
   approves a comment on the story as many times (the moderation service: the
   purge of the addresses that showed its thread) and reads the article page
   1,000 times in all, counting reads without the approved comment.

Prints one table per database. Needs wrk, nginx with the Lua, cache-purge and
brotli modules (Debian: libnginx-mod-http-lua libnginx-mod-http-cache-purge
libnginx-mod-http-brotli-filter) and redis-server.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The topology helpers import the test helpers, which import models.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
import django  # noqa: E402

django.setup()

from tests.benchmarks.wrk import figures as wrk_figures  # noqa: E402
from tests.benchmarks.wrk import median_run  # noqa: E402
from tests.deploy.topology import Topology  # noqa: E402
from tests.newsletter.smtp_sink import free_port  # noqa: E402

PYTHON = sys.executable
DEFAULT_SERVER = "postgres://magazine_ci:magazine_ci@127.0.0.1:5432/postgres"
CEILING_PATH = "/__bench__/ceiling/"
PAGES = ("article", "home", "section", "tag")
ENCODINGS = ("identity", "gzip", "br")


def settings_env(db_url: str, **extra: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "ENV_FILE": os.devnull,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",  # no HTTPS redirect on the bare servers
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": db_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def ensure_database(kind: str, articles: int) -> str:
    """A scratch database with ``articles`` demo stories (built once, then reused)."""
    name = f"magazine_bench_front_{articles}"
    if kind == "sqlite":
        (ROOT / "var").mkdir(exist_ok=True)
        url = f"sqlite:///{ROOT / 'var' / (name + '.sqlite3')}"
    else:
        import psycopg

        server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
        with psycopg.connect(server, autocommit=True) as conn:
            if not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    env = settings_env(url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    started = time.monotonic()
    subprocess.run(
        [*manage, "load_demo", "--articles", str(articles)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [*manage, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0"],
        env=env,
        check=True,
    )
    print(f"  {kind}: {articles:,} stories ready in {time.monotonic() - started:.0f} s")
    return url


def pick_pages() -> None:
    """Child mode: the addresses of an article, home, its section and a tag."""
    from articles.models import Article

    story = (
        Article.objects.published()
        .filter(language="en", tags__isnull=False)
        .order_by("-publish_at")
        .first()
    )
    tag = story.tags.first()
    print(
        json.dumps(
            {
                "article": story.get_absolute_url(),
                "home": "/",
                "section": story.category.get_absolute_url(),
                "tag": f"/tag/{tag.slug}/",
                "id": story.pk,
                "headline": story.headline,
            }
        )
    )


def edit_and_read(front: str, pages: dict, edits: int, reads: int) -> None:
    """Child mode: saves a new headline, then reads the pages through the front;
    then approves a comment on the story and reads its page."""
    from articles.comments.services import approve
    from articles.models import Article, Comment

    host, port = front.removeprefix("https://").split(":")
    context = ssl._create_unverified_context()  # noqa: S323 - the bench's own certificate
    connection = http.client.HTTPSConnection(host, int(port), context=context)
    addresses = [pages["article"], pages["section"], pages["home"]]
    story = Article.objects.get(pk=pages["id"])
    stale = total = 0
    to_fresh, save_times = [], []
    for number in range(edits):
        old, new = story.headline, f"Harbour update number {number} {time.time_ns()}"
        started = time.perf_counter()
        story.headline = new
        story.save()
        save_times.append(time.perf_counter() - started)
        first_fresh = None
        for read in range(reads // edits):
            connection.request("GET", addresses[read % len(addresses)])
            body = connection.getresponse().read()
            total += 1
            if old.encode() in body or new.encode() not in body:
                stale += 1
            elif first_fresh is None:
                first_fresh = time.perf_counter() - started
        to_fresh.append(first_fresh or float("nan"))

    # A comment approved: the purge of exactly the addresses that showed the
    # story's thread (the article page), read back through the front door.
    comment_stale = comment_total = 0
    comment_fresh, approve_times = [], []
    for number in range(edits):
        body = f"Reader comment number {number} {time.time_ns()}"
        waiting = Comment.objects.create(
            article=story,
            name="Bench Reader",
            email="bench.reader@example.com",
            body=body,
            status=Comment.Status.PENDING,
        )
        started = time.perf_counter()
        approve(Comment.objects.filter(pk=waiting.pk))
        approve_times.append(time.perf_counter() - started)
        first_fresh = None
        for _read in range(reads // edits):
            connection.request("GET", pages["article"])
            page = connection.getresponse().read()
            comment_total += 1
            if body.encode() not in page:
                comment_stale += 1
            elif first_fresh is None:
                first_fresh = time.perf_counter() - started
        comment_fresh.append(first_fresh or float("nan"))
    print(
        json.dumps(
            {
                "reads": total,
                "stale": stale,
                "save_ms": median(save_times),
                "fresh_ms": median(to_fresh),
                "comment_reads": comment_total,
                "comment_stale": comment_stale,
                "approve_ms": median(approve_times),
                "comment_fresh_ms": median(comment_fresh),
            }
        )
    )


def median(seconds: list[float]) -> float:
    return 1000 * sorted(seconds)[len(seconds) // 2]


def child(mode: str, env: dict, *args: str) -> dict:
    output = subprocess.run(
        [PYTHON, __file__, mode, *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def wrk(url: str, seconds: int, encoding: str = "identity") -> dict:
    """Requests per second and p50/p99 latency in ms from one wrk run."""
    for _ in range(3):  # warm: the front cache, the app cache, the workers
        subprocess.run(
            [
                "curl",
                "-sk",
                "-H",
                f"Accept-Encoding: {encoding}",
                "-o",
                os.devnull,
                url,
            ],
            check=True,
        )
    output = subprocess.run(
        [
            "wrk", "-t2", "-c8", f"-d{seconds}s", "--latency",
            "-H", f"Accept-Encoding: {encoding}", url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip
    return wrk_figures(output)


def front_status(url: str) -> str:
    headers = subprocess.run(
        ["curl", "-skI", url], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"(?im)^x-front-cache: (\w+)", headers)
    return found.group(1) if found else "-"


def bench_database(kind: str, args) -> list[tuple]:
    db_url = ensure_database(kind, args.articles)
    folder = Path(tempfile.mkdtemp(prefix="bench-front-"))
    redis_port = free_port()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(redis_port),
            "--save",
            "",
        ],
        stdout=subprocess.DEVNULL,
    )
    purge_port = free_port()
    env = settings_env(
        db_url,
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        FRONT_CACHE_PURGE_URLS=f"http://127.0.0.1:{purge_port}",
        PAGE_CACHE_SECONDS="600",
    )
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    pages = child("--pick", env)
    static_root = ROOT / "var" / "static"
    topology = Topology(folder=folder, environment={**env, "GUNICORN_WORKERS": "2"})
    rows = []
    try:
        app = topology.add_app_server("app")
        front = topology.add_front(
            static_root, ROOT / "var" / "media", purge_port, workers=2
        )
        # Each page's exact bytes, plain and as kept compressed, as nginx would serve
        # files written by a page store: the physical limit for those bytes.
        (static_root / "bench").mkdir(exist_ok=True)
        for name in PAGES:
            for encoding in ENCODINGS:
                kept = subprocess.run(
                    [
                        "curl",
                        "-sk",
                        "-H",
                        f"Accept-Encoding: {encoding}",
                        front + pages[name],
                    ],
                    capture_output=True,
                    check=True,
                ).stdout
                (static_root / "bench" / f"{name}.{encoding}.html").write_bytes(kept)
                if name == "article" and encoding == "identity":
                    (folder / "ceiling.html").write_bytes(kept)
        topology.environment["BENCH_CEILING_FILE"] = str(folder / "ceiling.html")
        topology.restart("app")
        topology.add_app_server(
            "bare", DJANGO_SETTINGS_MODULE="tests.benchmarks.ceiling_settings"
        )

        app_origin = f"http://{app.address}"
        bare_origin = f"http://{topology.nodes['bare'].address}"
        ceiling = wrk(bare_origin + CEILING_PATH, args.seconds)
        for encoding in ENCODINGS:
            for name in args.page or PAGES:
                url = front + pages[name]
                statics, results = [], []
                for _ in range(args.rounds):  # in turn: load weighs on both
                    statics.append(
                        wrk(
                            f"{front}/static/bench/{name}.{encoding}.html", args.seconds
                        )
                    )
                    results.append(wrk(url, args.seconds, encoding))
                static, result = median_run(statics), median_run(results)
                result["status"] = front_status(url)
                rows.append(
                    (
                        f"{name} ({encoding}): static file, same bytes",
                        static,
                        static,
                        ceiling,
                    )
                )
                rows.append(
                    (f"{name} ({encoding}): front cache", result, static, ceiling)
                )
        for name in args.page or PAGES:
            rows.append(
                (
                    f"{name}: gunicorn alone (app cache warm)",
                    wrk(app_origin + pages[name], args.seconds),
                    None,
                    ceiling,
                )
            )
        rows.append(
            ("bare Django view, no middleware (ceiling)", ceiling, None, ceiling)
        )
        rows.append(
            (
                "bare Django view, the project's middleware",
                wrk(app_origin + CEILING_PATH, args.seconds),
                None,
                ceiling,
            )
        )
        stale = child(
            "--edit", env, front, json.dumps(pages), str(args.edits), str(args.reads)
        )
    finally:
        topology.stop()
        redis.terminate()
        redis.wait()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)
    return rows, stale


def report(kind: str, articles: int, rows, stale) -> None:
    print(
        f"\n{kind}, {articles:,} stories; nginx 2 workers, gunicorn 2 sync workers; "
        "wrk -t2 -c8 over HTTPS (nginx) or HTTP (gunicorn)"
    )
    print(
        f"{'':48} {'req/s':>9} {'p99 ms':>8} {'of static':>10} {'of ceiling':>11}  front"
    )
    for name, result, static, ceiling in rows:
        errors = f"  {result['errors']} errors" if result["errors"] else ""
        of_static = f"{result['rps'] / static['rps']:10.3f}" if static else f"{'':10}"
        print(
            f"{name:48} {result['rps']:9.0f} {result['p99']:8.2f} {of_static} "
            f"{result['rps'] / ceiling['rps']:11.3f}  {result.get('status', '')}{errors}"
        )
    print(
        f"staleness: {stale['stale']} stale of {stale['reads']:,} reads after "
        f"{args_global.edits} saves (article, section, home through the front door); "
        f"save with purge {stale['save_ms']:.1f} ms, save start to fresh page "
        f"{stale['fresh_ms']:.1f} ms (medians)"
    )
    print(
        f"comments: {stale['comment_stale']} stale of {stale['comment_reads']:,} "
        f"reads of the article page after {args_global.edits} approvals; approval "
        f"with purge {stale['approve_ms']:.1f} ms, approval start to fresh page "
        f"{stale['comment_fresh_ms']:.1f} ms (medians)"
    )


def main() -> None:
    global args_global
    if len(sys.argv) > 1 and sys.argv[1] == "--pick":
        return pick_pages()
    if len(sys.argv) > 1 and sys.argv[1] == "--edit":
        front, pages, edits, reads = sys.argv[2:6]
        return edit_and_read(front, json.loads(pages), int(edits), int(reads))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--reads", type=int, default=1000)
    parser.add_argument(
        "--database", action="append", choices=["sqlite", "postgres"], default=None
    )
    parser.add_argument("--page", action="append", choices=PAGES, default=None)
    args_global = parser.parse_args()
    for tool in ("wrk", "nginx", "curl", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"bench_front: install {tool}")
    for kind in args_global.database or ["sqlite", "postgres"]:
        rows, stale = bench_database(kind, args_global)
        report(kind, args_global.articles, rows, stale)


args_global = None

if __name__ == "__main__":
    main()
