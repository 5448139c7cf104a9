#!/usr/bin/env python
"""Where a cold reader page's Python time goes, and a hash of what it sends.

    DATABASE_URL=sqlite:///var/bench/cold_1000.sqlite3 \\
        .venv/bin/python tests/benchmarks/profile_cold.py [--visits 30] [--top 25]

Issue 18: before cutting a cost, find it. Runs the home, section, article and
tag pages through the project's WSGI application, called the way gunicorn
calls it (production settings, page cache off; Django's test client would add
its own instrumentation of every template rendered)
under cProfile, ``--visits`` times each after one warm-up visit, and prints the
top cumulative entries per page. It also prints a SHA-256 of each page's bytes
(the per-request CSP nonce, CSRF token and
signed form-issue time masked), so a cut that changes a
single byte of what readers get shows up as a different hash before and after.
"""

import argparse
import cProfile
import hashlib
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# What changes on every request by design, not by the code under study.
PER_REQUEST = re.compile(
    rb'(nonce="|csrfmiddlewaretoken" value="|name="issued" value=")[^"]*"'
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--pages",
        default="home,category,article,tag",
        help="names above, or paths such as /tag/climate/?page=450",
    )
    parser.add_argument(
        "--sort", default="cumulative", help="pstats order: cumulative, tottime…"
    )
    parser.add_argument(
        "--callers", help="also print who calls functions matching this"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
    os.environ.setdefault("ENV_FILE", "/dev/null")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "profile-only-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.test import RequestFactory
    from taggit.models import Tag

    from articles.models import Article, Category

    article = (
        Article.objects.published().in_language("en").select_related("category").first()
    )
    urls = {
        "home": "/",
        "category": Category.objects.tree().navigation()[0].get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": f"/tag/{Tag.objects.order_by('pk').first().slug}/",
    }
    application = get_wsgi_application()

    def visit(url: str) -> tuple[str, bytes]:
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = status

        environ = RequestFactory(HTTP_HOST="127.0.0.1").get(url).environ
        response = application(environ, start_response)
        try:
            return answer["status"], b"".join(response)
        finally:
            response.close()

    for name in args.pages.split(","):
        url = name if name.startswith("/") else urls[name]
        status, content = visit(url)
        assert status.startswith("200"), (url, status)
        digest = hashlib.sha256(PER_REQUEST.sub(rb"\1*", content)).hexdigest()
        batches = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(args.visits):
                visit(url)
            batches.append((time.perf_counter() - started) / args.visits)
        plain = statistics.median(batches)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.visits):
            visit(url)
        profile.disable()
        print(f"\n=== {name} {url} bytes={len(content)} sha256={digest}")
        stats = pstats.Stats(profile, stream=sys.stdout)
        total = stats.total_tt
        print(
            f"    {plain * 1000:.2f} ms per visit (median of 5 x {args.visits}),"
            f" {total / args.visits * 1000:.2f} ms under cProfile"
        )
        stats.sort_stats(args.sort).print_stats(args.top)
        if args.callers:
            stats.print_callers(args.callers)


if __name__ == "__main__":
    main()
