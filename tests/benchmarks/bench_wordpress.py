"""Import a generated WordPress export: posts and comments per second,
statements per post, peak memory, total time.

    .venv/bin/python tests/benchmarks/bench_wordpress.py --posts 2000
    .venv/bin/python tests/benchmarks/bench_wordpress.py --posts 20000 \\
        --comments-per-post 3 \\
        --database-url postgres://magazine_dev:magazine_dev@127.0.0.1:5432/bench_wordpress

Writes an export of N posts (nested categories, tags, an author each, a body
of several paragraphs with a link to another post, ``--comments-per-post``
threaded comments each) with authors, three levels of categories, tags and
pages in proportion (``--issue-size`` at 20,000 posts: 50 authors, 150
categories, 1,000 tags, 200 pages), migrates a scratch database, then runs
the import in a child process twice: the first import, and the same file
again (idempotent: nothing changes). Beside them, the baseline: the first
streaming pass alone (``wxr.check``), which every import pays before it
writes. Peak memory is the child's maximum RSS; statements are every SQL
statement the child sends, the first pass included.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_newsletter import environment, scratch_database  # noqa: E402
from tests.site import wxr_builder as w  # noqa: E402


def write_export(
    path: Path,
    posts: int,
    comments_per_post: int,
    *,
    authors: int = 10,
    categories: int = 20,
    tags: int = 50,
    pages: int = 0,
) -> Path:
    """Streams the export to disk (the builder's parts, one item at a time).

    Categories nest three deep: the first fifth are top sections, the next
    fifth their children, the rest grandchildren."""
    ns = "http://wordpress.org/export/1.2/"
    path.parent.mkdir(parents=True, exist_ok=True)
    top, middle = max(categories // 5, 1), max(categories // 5, 1)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            f'xmlns:excerpt="{ns}excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">\n'
            "<channel><title>Bench</title><link>https://old.example.com</link>"
            "<wp:wxr_version>1.2</wp:wxr_version>"
            "<wp:base_site_url>https://old.example.com</wp:base_site_url>"
            "<wp:base_blog_url>https://old.example.com</wp:base_blog_url>\n"
        )
        for n in range(authors):
            out.write(
                w.author(f"writer{n}", f"Writer {n}", f"w{n}@example.com", wp_id=n + 1)
            )
        for n in range(categories):
            if n < top:
                parent = ""
            elif n < top + middle:
                parent = f"section-{n % top}"
            else:
                parent = f"section-{top + n % middle}"
            out.write(w.category(100 + n, f"section-{n}", f"Section {n}", parent))
        for n in range(tags):
            out.write(w.tag(f"tag-{n}", f"Tag {n}"))
        for n in range(posts):
            body = "\n\n".join(
                [
                    f"Paragraph {k} of story {n}, with some words.\nA second line."
                    for k in range(6)
                ]
                + [
                    f'<a href="https://old.example.com/2024/03/post-{(n * 7) % posts + 1}/">related</a>'
                ]
            )
            comments = [
                w.comment(
                    n * 100 + k,
                    f"Comment {k} on {n}",
                    parent=(n * 100 + k - 1) if k else 0,
                )
                for k in range(comments_per_post)
            ]
            out.write(
                w.item(
                    n + 1,
                    f"Story number {n}",
                    body=body,
                    excerpt=f"Standfirst {n}",
                    creator=f"writer{n % authors}",
                    categories=[
                        (f"section-{n % categories}", f"Section {n % categories}")
                    ],
                    tags=[(f"tag-{n % tags}", f"Tag {n % tags}")],
                    comments=comments,
                )
                + "\n"
            )
        for n in range(pages):
            out.write(
                w.item(
                    posts + n + 1,
                    f"Page {n}",
                    post_type="page",
                    name=f"page-{n}",
                    body="\n\n".join(f"Paragraph {k} of page {n}." for k in range(4)),
                )
                + "\n"
            )
        out.write("</channel></rss>\n")
    return path


# Runs a script and prints its own peak RSS (kB) and CPU seconds last on
# stderr: each child's figures, not those of every child this process started.
PEAK = (
    "import atexit, resource, runpy, sys; atexit.register(lambda: print("
    "'PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
    "resource.getrusage(resource.RUSAGE_SELF).ru_utime "
    "+ resource.getrusage(resource.RUSAGE_SELF).ru_stime, file=sys.stderr)); "
    "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def count_statements_of_import(export: str) -> None:
    """The child: ``manage.py import_wordpress EXPORT`` with every statement
    counted (an execution wrapper: nothing kept per statement)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    statements = 0

    def counted(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        call_command("import_wordpress", export)
    print("STATEMENTS", statements)


def run(command: list[str], env: dict) -> tuple[float, int, float, str]:
    """Seconds, the child's peak RSS in MB, its CPU seconds (on a shared
    machine, what the run itself cost), and its output."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(done.stderr)
    peak, cpu = done.stderr.rsplit("PEAK", 1)[1].split()[:2]
    return seconds, int(peak) // 1024, float(cpu), done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments-per-post", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_child:
        count_statements_of_import(args.import_child)
        return
    started = time.perf_counter()
    # The shape, scaled: 20,000 posts → 50 authors, 150 categories,
    # 1,000 tags, 200 pages.
    export = write_export(
        ROOT / "var" / "bench-wordpress.xml",
        args.posts,
        args.comments_per_post,
        authors=max(args.posts // 400, 10),
        categories=max(args.posts * 3 // 400, 20),
        tags=max(args.posts // 20, 50),
        pages=args.posts // 100,
    )
    built = time.perf_counter() - started
    url = args.database_url
    if url is None:
        url = scratch_database(None).replace("bench-newsletter", "bench-wordpress")
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        url = scratch_database(url)
    env = environment(url)
    manage = [str(ROOT / "manage.py")]
    subprocess.run([sys.executable, *manage, "migrate", "-v0"], env=env, check=True)
    comments = args.posts * args.comments_per_post
    size = export.stat().st_size / 1024**2
    print(
        f"{args.posts:,} posts, {comments:,} comments, {args.posts // 100:,} pages, "
        f"{size:.1f} MB export (written in {built:.1f} s), "
        f"{'PostgreSQL' if url.startswith('postgres') else 'SQLite'}"
    )
    check = [str(ROOT / "tests" / "benchmarks" / "wxr_check.py"), str(export)]
    env_check = {**env, "DJANGO_SETTINGS_MODULE": "magazine.settings"}
    counted = [__file__, "--import-child", str(export)]
    env_counted = {**env, "DJANGO_SETTINGS_MODULE": "magazine.settings"}
    print(
        f"{'run':<28}{'seconds':>9}{'posts/s':>10}{'comments/s':>12}"
        f"{'stmts/post':>12}{'peak MB':>9}{'app CPU s':>11}"
    )
    for name, command, environment_ in (
        ("baseline: first pass only", check, env_check),
        ("import", counted, env_counted),
        ("same file again", counted, env_counted),
    ):
        seconds, peak, cpu, out = run(command, environment_)
        statements = (
            f"{int(out.rsplit('STATEMENTS', 1)[1]) / args.posts:.1f}"
            if "STATEMENTS" in out
            else "-"
        )
        print(
            f"{name:<28}{seconds:>9.1f}{args.posts / seconds:>10.0f}"
            f"{comments / seconds:>12.0f}{statements:>12}{peak:>9}{cpu:>11.1f}"
        )
    print(
        f"total, export written to second import: {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
