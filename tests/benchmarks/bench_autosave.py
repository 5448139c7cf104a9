#!/usr/bin/env python
"""What an autosave costs, beside opening the story's change form.

    DATABASE_URL=postgres://… .venv/bin/python tests/benchmarks/bench_autosave.py [--rounds 200]

In process (Django's test client, a throw-away test database made from
DATABASE_URL): an editor signed in with a second factor posts autosaves of one
story, then opens its change form, and the script prints requests per second
and SQL queries per request side by side. The autosave's budget is "a few
queries": an editor's tab sends one at most every few seconds while typing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)


def measure(name: str, request, rounds: int) -> tuple[str, int, float, int]:
    request(0)  # warm: templates, permission caches
    with CaptureQueriesContext(connection) as queries:
        request(1)
    query_count = len(queries)  # read now: each request clears the query log
    started = time.perf_counter()
    for round_number in range(rounds):
        response = request(round_number)
        if response.status_code != 200:
            raise SystemExit(f"{name}: HTTP {response.status_code}")
    elapsed = time.perf_counter() - started
    return name, rounds, rounds / elapsed, query_count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from tests.articles.admin_helpers import staff
        from tests.factories import ArticleFactory
        from tests.helpers import sign_in

        article = ArticleFactory(body="<p>The first paragraph.</p>" * 40)
        client = sign_in(Client(), staff("bench", "Editors"))
        change_url = f"/admin/articles/article/{article.pk}/change/"
        body = "<p>A paragraph being typed, word after word.</p>" * 40

        results = [
            measure(
                "change form GET (baseline)",
                lambda n: client.get(change_url),
                max(rounds // 10, 5),  # slow, and only the yardstick
            ),
            measure(
                "autosave POST",
                lambda n: client.post(
                    "/admin/articles/article/autosave/",
                    {
                        "article": article.pk,
                        "headline": f"Headline {n}",
                        "body": body,
                    },
                ),
                rounds,
            ),
        ]
    finally:
        teardown_databases(old_config, verbosity=0)
    print(f"{connection.vendor}, in process, one client")
    print(f"{'request':<30} {'requests':>9} {'req/s':>8} {'queries':>8}")
    for name, count, per_second, queries in results:
        print(f"{name:<30} {count:>9} {per_second:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
