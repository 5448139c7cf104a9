"""The whole topology of README's "Growing past one machine", on one machine.

The kit's nginx (HTTPS, front cache) in front of two gunicorn app servers; a
PostgreSQL 15 primary and a streaming standby (``DATABASE_REPLICA_URLS``);
Redis; a local S3 server (moto) for media; two task workers and two periodic
runners (two "hosts") — every process started as the kit's units say
(``magazine-web``, ``magazine-worker@``, ``magazine-periodic``).

Through the front door only, as a browser would (password and authenticator
code, forms posted with their CSRF token), an editor edits a story, publishes
one, schedules one, uploads a picture and puts it on a story, approves a
reader's comment and sends two editions. After each change every app server,
asked directly, and nginx answer the new page. The records the workers and
runners keep (deliveries with their granted slots, periodic job rows, task
rows) are read from the primary.

Run with ``.ci/test --stage topology tests/deploy/test_whole_topology.py``.
"""

import io
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import boto3
import psycopg
import pytest
import redis
from django_otp.oath import TOTP
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage

from magazine.bots import FORM_MIN_SECONDS
from tests.benchmarks.wrk import figures as wrk_figures
from tests.deploy.browser import Browser, Page
from tests.deploy.kit import Unit
from tests.deploy.postgres_pair import primary_and_standby
from tests.deploy.test_front_cache import Front, collected_static  # noqa: F401
from tests.deploy.topology import Topology, grown_by
from tests.factories import jpeg_bytes
from tests.helpers import wait_until
from tests.newsletter.smtp_sink import Sink, free_port

# django_db: the suite's session fixtures expect the test database set up; the
# topology uses a cluster of its own.
pytestmark = [pytest.mark.stage("topology"), pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS_PER_EDITION = 60
MAX_PER_SECOND = 20
WARM_PAGES = 60  # the warm figure's pages, each kept by nginx
ZONE = ZoneInfo("America/New_York")  # the settings' TIME_ZONE: admin dates are local


class Whole:
    """The running topology and what the test reads of it."""

    def __init__(self, topology, origin, pair, sink, media_url, seed, redis_url):
        self.topology = topology
        self.origin = origin
        self.pair = pair
        self.sink = sink
        self.media_url = media_url
        self.seed = seed
        self.redis_url = redis_url

    def query(self, sql: str, *params):
        with psycopg.connect(
            self.pair.dsn(self.pair.primary_port), application_name="topology-test"
        ) as db:
            return db.execute(sql, params).fetchall()

    def direct(self, node: str, path: str) -> Page:
        """``path`` from one gunicorn, as nginx asks it (HTTPS said by header)."""
        address = self.topology.nodes[node].address
        request = urllib.request.Request(
            f"http://{address}{path}",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.9"},
        )
        try:
            response = urllib.request.urlopen(request, timeout=30)  # noqa: S310
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = response.read().decode("utf-8", "replace")
            return Page(response.status, response.url, body, dict(response.headers))

    def everywhere(self, path: str) -> dict[str, Page]:
        """``path`` from each app server directly and from nginx, as a reader."""
        pages = {node: self.direct(node, path) for node in ("app1", "app2")}
        pages["nginx"] = Browser(self.origin).get(path)
        return pages

    def fresh_everywhere(self, path: str, text: str, timeout: float = 0) -> None:
        """Every node answers ``path`` with ``text`` (at once, or within ``timeout``
        for a change a clock makes)."""

        def shown() -> bool:
            pages = self.everywhere(path)
            return all(p.status == 200 and text in p.text for p in pages.values())

        if timeout:
            wait_until(shown, timeout=timeout, what=f"{text!r} on {path} everywhere")
            return
        pages = self.everywhere(path)
        assert {node: page.status for node, page in pages.items()} == dict.fromkeys(
            pages, 200
        )
        stale = [node for node, page in pages.items() if text not in page.text]
        assert not stale, f"{text!r} missing on {path} from {stale}"


def run_manage(environment: dict, *command: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def whole(tmp_path_factory, redis_server, s3_server, collected_static):  # noqa: F811
    folder = tmp_path_factory.mktemp("whole-topology")
    redis.Redis.from_url(redis_server).flushdb()
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    credentials = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", **{
            key.lower(): value for key, value in credentials.items()
        }
    ).create_bucket(Bucket=bucket)  # fmt: skip
    https_port, purge_port = free_port(), free_port()
    origin = f"https://127.0.0.1:{https_port}"
    with (
        primary_and_standby(log_statements=True) as pair,
        Sink() as sink,
    ):
        topology = Topology.with_environment(
            folder,
            DATABASE_URL=pair.primary_url,
            DATABASE_REPLICA_URLS=pair.standby_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL=origin,
            # nginx answers plain HTTP with its redirect; the probes ask gunicorn.
            SECURE_SSL_REDIRECT="false",
            CSRF_TRUSTED_ORIGINS=origin,
            EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
            CACHE_URL=redis_server,
            FRONT_CACHE_PURGE_URLS=f"http://127.0.0.1:{purge_port}",
            AWS_STORAGE_BUCKET_NAME=bucket,
            AWS_S3_ENDPOINT_URL=s3_server,
            AWS_S3_REGION_NAME="us-east-1",
            NEWSLETTER_MAX_PER_SECOND=str(MAX_PER_SECOND),
            NEWSLETTER_CONNECTIONS="2",
            PERIODIC_CHECK_SECONDS="1",
            DJANGO_SETTINGS_MODULE="magazine.settings",
            **credentials,
        )
        environment = topology.environment
        try:
            run_manage(environment, "manage.py", "migrate", "--no-input")
            seeded = run_manage(
                environment,
                "-m",
                "tests.deploy.topology_seed",
                str(SUBSCRIBERS_PER_EDITION),
            )
            seed = json.loads(seeded.stdout.strip().splitlines()[-1])
            for name in ("app1", "app2"):
                topology.add_app_server(name, PGAPPNAME=name)
            topology.add_front(
                collected_static,
                folder / "media",
                purge_port,
                https_port=https_port,
            )
            for host in ("app1", "app2"):
                topology.start(
                    f"worker-{host}",
                    Unit.read("magazine-worker@.service", instance="1", host=host),
                    PGAPPNAME=f"worker-{host}",
                )
                topology.start(
                    f"periodic-{host}",
                    Unit.read("magazine-periodic.service", host=host),
                    PGAPPNAME=f"periodic-{host}",
                )
            yield Whole(
                topology,
                origin,
                pair,
                sink,
                f"{s3_server}/{bucket}/",
                seed,
                redis_server,
            )
        finally:
            topology.stop()


@pytest.fixture(scope="module")
def editor(whole) -> Browser:
    """The editor signed in through the front: password, then the app's code."""
    browser = Browser(whole.origin)
    login = browser.get("/admin/login/")
    form = login.form(id="login-form")
    form.set("username", whole.seed["username"]).set("password", whole.seed["password"])
    verify = browser.submit(form)
    assert "/admin/security/verify/" in verify.url, (verify.status, verify.url)
    key = bytes.fromhex(whole.seed["totp_key"])
    code = f"{TOTP(key).token():06d}"
    signed_in = browser.submit(
        verify.form(action=None, method="post").set("code", code)
    )
    assert signed_in.status == 200
    assert urllib.parse.urlsplit(signed_in.url).path == "/admin/", signed_in.url
    return browser


def change_story(editor: Browser, pk: int, **fields: str) -> Page:
    page = editor.get(f"/admin/articles/article/{pk}/change/")
    assert page.status == 200, page.status
    form = page.form(id="article_form")
    for name, value in fields.items():
        form.set(name, value)
    saved = editor.submit(form)
    assert saved.status == 200, saved.status
    assert "errornote" not in saved.text, _errors(saved)
    return saved


def publish_changes(editor: Browser, pk: int) -> Page:
    """A live story's edit waits as its pending changes: the form's banner
    button "Publish changes" (its own address) puts them live."""
    form = editor.get(f"/admin/articles/article/{pk}/change/").form(id="article_form")
    form.action = urllib.parse.urljoin(
        form.action, f"/admin/articles/article/{pk}/changes/publish/"
    )
    published = editor.submit(form)
    assert published.status == 200, published.status
    assert "changes are published" in published.text
    return published


def _errors(page: Page) -> str:
    return " | ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page.text))


def local(moment: datetime) -> dict[str, str]:
    moment = moment.astimezone(ZONE)
    return {"0": moment.strftime("%Y-%m-%d"), "1": moment.strftime("%H:%M:%S")}


def test_an_edited_story_is_fresh_on_every_app_server_and_through_nginx(whole, editor):
    story = whole.seed["live"]
    whole.everywhere(story["url"])  # each app server and nginx keep a copy

    change_story(editor, story["pk"], headline="Manatees crowd the warm canal")
    publish_changes(editor, story["pk"])

    whole.fresh_everywhere(story["url"], "Manatees crowd the warm canal")
    whole.fresh_everywhere(whole.seed["section"], "Manatees crowd the warm canal")


def test_a_published_draft_is_fresh_everywhere(whole, editor):
    draft = whole.seed["draft"]
    section = whole.seed["section"]
    assert whole.direct("app1", draft["url"]).status == 404
    assert "Ferry to Key West" not in whole.everywhere(section)["nginx"].text

    change_story(editor, draft["pk"], status="published")

    whole.fresh_everywhere(draft["url"], "Ferry to Key West back in spring")
    whole.fresh_everywhere(section, "Ferry to Key West back in spring")


def test_a_scheduled_story_goes_live_everywhere_at_its_time(whole, editor):
    later = whole.seed["later"]
    section = whole.seed["section"]
    publish_at = datetime.now(ZONE).replace(microsecond=0) + timedelta(seconds=12)
    when = local(publish_at)
    change_story(
        editor,
        later["pk"],
        status="published",
        publish_at_0=when["0"],
        publish_at_1=when["1"],
    )
    while datetime.now(ZONE) < publish_at - timedelta(seconds=1):
        pages = whole.everywhere(section)
        early = [n for n, p in pages.items() if "Night market" in p.text]
        assert not early, f"shown before its time by {early}"

    whole.fresh_everywhere(section, "Night market comes to Wynwood", timeout=20)
    whole.fresh_everywhere(later["url"], "Night market comes to Wynwood")


def test_an_uploaded_picture_is_served_from_s3_on_the_story(whole, editor):
    add = editor.get("/admin/articles/image/add/")
    form = add.form(id="image_form")
    form.set("title", "Canal at dawn").set("alt_text", "Manatees in a canal")
    picture = jpeg_bytes(1200, 800, (20, 110, 140))
    saved = editor.submit(form, files={"file": ("canal.jpg", picture, "image/jpeg")})
    assert saved.status == 200, saved.status
    ((pk, name),) = whole.query(
        "select id, file from articles_image where title = %s", "Canal at dawn"
    )
    original = urllib.request.urlopen(whole.media_url + name, timeout=10)  # noqa: S310
    assert original.status == 200
    # The upload is stored re-encoded (metadata stripped): the same picture.
    assert PILImage.open(io.BytesIO(original.read())).size == (1200, 800)

    story = whole.seed["live"]
    change_story(editor, story["pk"], lead_image=str(pk))
    publish_changes(editor, story["pk"])  # a live story's new picture waits till then

    whole.fresh_everywhere(story["url"], "Manatees in a canal")
    page = whole.everywhere(story["url"])["nginx"].text
    sources = {
        source for source in _image_sources(page) if source.startswith(whole.media_url)
    }
    assert sources, "the story page shows no picture from the bucket"
    for source in sources:
        answer = urllib.request.urlopen(source, timeout=10)  # noqa: S310
        assert answer.status == 200, source
        assert answer.headers["Content-Type"].startswith("image/"), source


def _image_sources(html: str) -> set[str]:
    found = set(re.findall(r'<img[^>]*\ssrc="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        found.update(part.split()[0] for part in srcset.split(","))
    return {source.replace("&amp;", "&") for source in found}


def test_a_readers_comment_approved_by_the_editor_is_fresh_everywhere(whole, editor):
    story = whole.seed["live"]
    reader = Browser(whole.origin)
    page = reader.get(story["url"])
    drawn = time.monotonic()
    form = page.form(action="comment")
    form.set("name", "Marisol").set("email", "marisol@example.com")
    form.set("body", "The ferry was my favourite way south.").set("consent", "on")
    wait_until(
        lambda: time.monotonic() - drawn > FORM_MIN_SECONDS + 0.2,
        timeout=10,
        what="a human's typing time",
    )
    posted = reader.submit(form)
    assert posted.status == 200, posted.status
    ((pk, status),) = whole.query(
        "select id, status from articles_comment where email = %s",
        "marisol@example.com",
    )
    if status != "approved":
        changelist = editor.get("/admin/articles/comment/")
        action = changelist.form(id="changelist-form")
        action.set("action", "approve")
        action.fields.append(("_selected_action", str(pk)))
        assert editor.submit(action).status == 200

    whole.fresh_everywhere(story["url"], "The ferry was my favourite way south.")


def test_two_workers_send_each_subscriber_one_message_within_the_global_cap(
    whole, editor
):
    english, spanish = whole.seed["editions"]
    for edition in (english, spanish):
        confirm = editor.get(f"/admin/newsletter/edition/{edition}/send/")
        assert confirm.status == 200, confirm.status
        sent = editor.submit(confirm.form(action=None, method="post"))
        assert sent.status == 200
        if edition == english:
            # The second send waits for a worker while the first one is busy.
            wait_until(
                lambda: (
                    whole.query(
                        "select count(*) from newsletter_delivery "
                        "where edition_id = %s and status = 'sent'",
                        english,
                    )[0][0]
                    > 0
                ),
                timeout=30,
                what="the first edition sending",
            )
    wait_until(
        lambda: (
            whole.query(
                "select count(*) from newsletter_edition where id in (%s, %s) "
                "and status = 'sent'",
                english,
                spanish,
            )[0][0]
            == 2
        ),
        timeout=120,
        what="both editions sent",
    )

    deliveries = whole.query(
        "select d.status, s.email, d.granted_at from newsletter_delivery d "
        "join newsletter_subscriber s on s.id = d.subscriber_id order by d.granted_at"
    )
    assert len(deliveries) == 2 * SUBSCRIBERS_PER_EDITION
    assert {status for status, _, _ in deliveries} == {"sent"}
    subscribers = Counter(email for _, email, _ in deliveries)
    assert set(subscribers.values()) == {1}
    assert {email: whole.sink.recipients[email] for email in subscribers} == dict(
        subscribers
    )
    assert set(whole.sink.message_ids.values()) == {1}

    slots = [granted for _, _, granted in deliveries]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(slots)]
    assert min(gaps) >= 1 / MAX_PER_SECOND - 1e-6, min(gaps)
    workers = whole.query(
        "select worker_ids from django_tasks_database_dbtaskresult "
        "where task_path like %s",
        "%send_edition",
    )
    ran_in = {worker for (ids,) in workers for worker in ids}
    assert len(ran_in) == 2, workers  # one send on each worker, at the same time
    print(
        f"\n{len(slots)} messages, slots {slots[0]:%H:%M:%S.%f} to "
        f"{slots[-1]:%H:%M:%S.%f}: "
        f"{(len(slots) - 1) / (slots[-1] - slots[0]).total_seconds():.1f}/s "
        f"granted under a cap of {MAX_PER_SECOND}/s; send tasks ran in {workers}"
    )


def test_each_periodic_job_ran_once_across_two_runners(whole):
    def all_ran() -> bool:
        rows = whole.query("select runs, last_finished_at from magazine_periodicjob")
        return len(rows) >= 3 and all(finished for _, finished in rows)

    wait_until(all_ran, timeout=60, what="every periodic job run")
    rows = whole.query("select name, runs, last_succeeded from magazine_periodicjob")
    assert {name for name, _, _ in rows} >= {
        "purge_comment_ips",
        "clearsessions",
        "prune_task_results",
    }
    assert {(name, runs, ok) for name, runs, ok in rows} == {
        (name, 1, True) for name, _, _ in rows
    }


def test_a_rolling_restart_of_one_app_server_drops_no_request(whole):
    """Readers keep asking through nginx while app1 stops, stays down and comes
    back; each phase waits for its own answers (not for a restart long enough)."""
    story = whole.seed["live"]["url"]
    answers, stop = [], threading.Event()

    def keep_asking():
        reader = Browser(whole.origin)
        while not stop.is_set():
            for path in (
                "/healthz/ready/",
                story,
                f"{story}?page-not-kept={time.time()}",
            ):
                answers.append((path, reader.get(path).status))

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        grown_by(answers, 3, what="answers before the restart")
        whole.topology.restart(
            "app1",
            while_down=lambda: grown_by(answers, 6, what="answers while app1 is down"),
        )
        grown_by(answers, 6, what="answers after app1 is back")
    finally:
        stop.set()
        asker.join()

    assert {status for _, status in answers} == {200}, Counter(answers)
    assert whole.direct("app1", story).status == 200  # back, and answering


def wrk_pages(origin: str, paths: list[str], folder: Path, mode: str, seconds: int):
    """wrk (2 threads, 8 kept-alive HTTPS connections) over ``paths`` through
    nginx (``wrk_pages.lua``): its requests per second and what its script
    counted of the answers to those paths."""
    listing = folder / f"wrk-{mode}.txt"
    listing.write_text("".join(f"{path}\n" for path in paths))
    ran = subprocess.run(
        [
            "wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "10s",
            "-s", str(Path(__file__).with_name("wrk_pages.lua")),
            origin, "--", str(listing), "2", mode,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    line = ran.stdout.strip().splitlines()[-1]
    found = re.fullmatch(
        r"pages (\d+) answers (\d+) seconds ([\d.]+) front (\S*) status (\S*)", line
    )
    assert found, ran.stdout
    pages, answers, seconds_run, fronts, statuses = found.groups()
    assert int(pages) == len(paths), ran.stdout  # the script read every path
    counts = {
        "answers": int(answers),
        "seconds": float(seconds_run),
        "front": dict(part.split("=") for part in fronts.split(",") if part),
        "status": dict(part.split("=") for part in statuses.split(",") if part),
    }
    counts["rate"] = counts["answers"] / counts["seconds"]
    counts["wrk"] = wrk_figures(ran.stdout)
    return counts


def test_figures_cold_and_warm_pages_and_the_replicas_share(whole):
    """README's figures, measured with wrk through nginx with two app servers:
    pages no one asked yet (cold: nginx and the page cache miss, gunicorn draws
    them from the standby), each asked once, then pages nginx keeps (warm), asked
    round and round; and the standby's share of the app servers' queries while
    drawing the cold pages (the clusters' own statement logs)."""
    besides = ("worker-", "periodic-", "topology-test")
    pair = whole.pair
    ports = (pair.primary_port, pair.standby_port)
    pages = whole.seed["walk"]
    folder = whole.topology.folder

    before = {port: pair.statements(port, besides=besides) for port in ports}
    cold = wrk_pages(whole.origin, pages, folder, "once", seconds=5)
    after = {port: pair.statements(port, besides=besides) for port in ports}
    # Every page asked once and drawn by an app server.
    assert cold["front"] == {"MISS": str(cold["answers"])}, cold
    assert cold["status"] == {"200": str(cold["answers"])}, cold
    assert cold["answers"] > 0, cold
    # All asked before the run was over: the rate is a lower bound (no timing
    # assertion: a quiet machine must not fail the stage).
    ran_out = " (ran out of cold pages: a lower bound)" * (
        cold["answers"] == len(pages)
    )

    kept = pages[:WARM_PAGES]
    front = Front(whole.origin)
    for path in kept:  # each kept by nginx, whether the cold run asked it or not
        front.ask(path)
    assert {front.ask(path).front for path in kept} == {"HIT"}
    front.connection.close()
    warm = wrk_pages(whole.origin, kept, folder, "cycle", seconds=5)
    assert warm["front"] == {"HIT": str(warm["answers"])}, warm
    assert warm["status"] == {"200": str(warm["answers"])}, warm

    primary = after[pair.primary_port] - before[pair.primary_port]
    standby = after[pair.standby_port] - before[pair.standby_port]
    share = standby / (primary + standby)
    print(
        f"\nwrk -t2 -c8 through nginx (HTTPS, kept-alive), two app servers: "
        f"cold {cold['rate']:.1f} req/s ({cold['answers']} pages no one had asked, "
        f"each once, in {cold['seconds']:.2f} s{ran_out}; p50 {cold['wrk']['p50']:.0f} ms, "
        f"p99 {cold['wrk']['p99']:.0f} ms); warm {warm['rate']:.0f} req/s "
        f"({len(kept)} kept pages round and round for {warm['seconds']:.2f} s; "
        f"p50 {warm['wrk']['p50']:.2f} ms, p99 {warm['wrk']['p99']:.2f} ms); "
        f"the standby answered {standby} of the app servers' {primary + standby} "
        f"queries for the cold pages ({share:.1%}); load {os.getloadavg()[0]:.2f}"
    )
    assert share > 0.9
