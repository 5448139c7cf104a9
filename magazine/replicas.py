"""Read replicas: reader pages read from a streaming standby, all else from the primary.

``DATABASE_REPLICA_URLS`` adds the aliases ``replica_1``… (``settings.DATABASE_REPLICAS``);
with none, neither the router nor the middleware is installed.

* **What reads a replica.** Only a reader page: a GET or HEAD request
  outside the admin, the newsletter's personal links, health checks, static
  and media files and staff previews, from a browser holding no session and
  no :data:`PRIMARY_COOKIE` (:class:`ReaderReadsMiddleware` marks it in a
  context variable). Everything else reads the primary: the admin, every
  write, anything inside a transaction (``in_atomic_block`` on the primary),
  background tasks and management commands (no request marks them), and a
  reader's own requests for a few seconds after they posted anything
  (``DATABASE_REPLICA_PRIMARY_AFTER_WRITE``). The cookie is only ever
  trusted to choose the primary, which is always correct.
* **Lag guard.** Every change of the page cache's generation or scope epoch
  records the primary's WAL position (``pg_current_wal_lsn()``, after the
  commit) under that pair. On its first read, a reader page compares the
  replica's ``pg_last_wal_replay_lsn()`` with the position of the pair the
  request draws its page under, once per request: a replica that has not
  replayed it is skipped for the primary, so no page (and no per-process
  memo) of a generation is ever drawn from data older than that generation.
  A position never recorded (the cache lost it, or it changed inside a
  transaction) is recorded then, from the primary's current position, which
  covers every change committed before.
* **Back-off.** A replica that does not answer, or that has been seen
  short of the position a page needs for longer than
  ``DATABASE_REPLICA_MAX_LAG`` seconds, is set aside by this process for
  ``DATABASE_REPLICA_RETRY_SECONDS``: its reads go to the primary without
  trying it (a down standby would otherwise cost a refused connection, or a
  connect timeout, on every uncached page). After the window one page tries
  it again. Going aside and coming back are logged once each, not per request.
* Compiled queries (:mod:`magazine.queries`) ask the router too, and keep one
  compilation per alias; psycopg prepares statements per connection.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from magazine import cache as page_cache
from magazine import cache_guard

log = logging.getLogger("magazine.replicas")

PRIMARY_COOKIE = "read_primary"
POSITION_KEY = "pagecache:wal:{}:{}"
# A position is recorded again whenever it is missing, so it need not live long.
POSITION_TIMEOUT = 24 * 60 * 60
READER_METHODS = ("GET", "HEAD")


@dataclass
class _ReaderRead:
    """A reader page's request: the alias it reads, chosen on its first read."""

    alias: str | None = None


_reader: ContextVar[_ReaderRead | None] = ContextVar("replica_reader", default=None)


@dataclass
class _Health:
    """What this process has seen of one replica (wall-clock seconds)."""

    aside_until: float = 0.0
    behind_since: float | None = None
    aside: bool = False

    def set_aside(self, now: float) -> bool:
        """Sets the replica aside for the retry window; True when it was in use."""
        newly = not self.aside
        self.aside, self.aside_until = (
            True,
            now + settings.DATABASE_REPLICA_RETRY_SECONDS,
        )
        return newly

    def usable(self, now: float) -> bool:
        # A window longer than the setting means the clock went back: over.
        window = settings.DATABASE_REPLICA_RETRY_SECONDS
        return not (now < self.aside_until <= now + window)


_health: dict[str, _Health] = {}


def health(alias: str) -> _Health:
    return _health.setdefault(alias, _Health())


def wal_position(text: str | None) -> int | None:
    """``'16/B374D848'`` as a number that orders as the WAL does."""
    if text is None:
        return None
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def primary_position() -> int:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return wal_position(cursor.fetchone()[0])


def replayed_position(alias: str) -> int | None:
    """How far the replica has replayed; None when it replays nothing (it is
    not in recovery, so it holds all it will ever hold)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
        return wal_position(cursor.fetchone()[0])


def record_primary_position(scopes: frozenset[str] | None = None) -> None:
    """After a change of the generation or epoch (of any ``scopes``): the
    primary's position under the new pair. Inside a transaction the change is
    not committed yet; its commit moves the generation again and records it then."""
    if not settings.DATABASE_REPLICAS:
        return
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return
    generation, epoch = page_cache.counters()
    if generation is None:
        return
    try:
        position = primary_position()
    except DatabaseError:
        return  # recorded by the first reader page that needs it
    cache_guard.write(
        "set",
        POSITION_KEY.format(generation, epoch),
        position,
        timeout=POSITION_TIMEOUT,
    )


def required_position(generation: int, epoch: int) -> int:
    """The position a replica must have replayed to draw pages of this pair."""
    key = POSITION_KEY.format(generation, epoch)
    position = cache_guard.read(key)
    if isinstance(position, int):
        return position
    position = primary_position()
    cache_guard.write("add", key, position, timeout=POSITION_TIMEOUT)
    return position


def choose_alias() -> str:
    """A usable replica that has replayed this request's generation, else the primary."""
    generation, epoch = page_cache.counters()
    if generation is None:
        # The cache fails: no generation to check a replica against.
        return DEFAULT_DB_ALIAS
    now = time.time()
    usable = [a for a in settings.DATABASE_REPLICAS if health(a).usable(now)]
    if not usable:
        return DEFAULT_DB_ALIAS
    alias = random.choice(usable)  # noqa: S311 - load spreading, not security
    state = health(alias)
    try:
        needed = required_position(generation, epoch)
    except DatabaseError:
        return DEFAULT_DB_ALIAS
    try:
        replayed = replayed_position(alias)
    except DatabaseError as error:
        connections[alias].close()
        if state.set_aside(now):
            log.warning(
                "Replica %s does not answer: reading the primary, trying it again "
                "every %s s. %s",
                alias,
                settings.DATABASE_REPLICA_RETRY_SECONDS,
                error,
            )
        return DEFAULT_DB_ALIAS
    if replayed is not None and replayed < needed:
        if state.behind_since is None:
            state.behind_since = now
        lagged = now - state.behind_since >= settings.DATABASE_REPLICA_MAX_LAG
        if lagged and state.set_aside(now):
            log.warning(
                "Replica %s has lagged more than %s s: reading the primary, "
                "trying it again every %s s.",
                alias,
                settings.DATABASE_REPLICA_MAX_LAG,
                settings.DATABASE_REPLICA_RETRY_SECONDS,
            )
        return DEFAULT_DB_ALIAS
    if state.aside:
        log.warning("Replica %s is back: reader pages read it again.", alias)
    _health[alias] = _Health()
    return alias


def reading_alias() -> str:
    """Where a read goes now (see the module docstring)."""
    state = _reader.get()
    if state is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if state.alias is None:
        state.alias = choose_alias()
    return state.alias


class ReplicaRouter:
    """Reads of reader pages to a replica; all writes and every other read
    to the primary. Every alias holds the same data."""

    def db_for_read(self, model, **hints):
        return reading_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica replays the primary's migrations; nothing runs on it.
        return False if db in settings.DATABASE_REPLICAS else None


class ReaderReadsMiddleware:
    """Marks reader pages' requests for the replicas (right after the page
    cache, whose generation they are checked against), and has a browser that
    posted anything read the primary for a while."""

    PRIMARY_PREFIXES = ("/admin/", "/newsletter/", "/healthz/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.primary_prefixes = (
            *self.PRIMARY_PREFIXES,
            "/" + settings.STATIC_URL.lstrip("/"),
            "/" + settings.MEDIA_URL.lstrip("/"),
        )

    def __call__(self, request):
        token = _reader.set(_ReaderRead() if self.reader_page(request) else None)
        try:
            response = self.get_response(request)
        finally:
            _reader.reset(token)
        if request.method not in READER_METHODS:
            response.set_cookie(
                PRIMARY_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PRIMARY_AFTER_WRITE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def reader_page(self, request) -> bool:
        return (
            request.method in READER_METHODS
            and not request.path.startswith(self.primary_prefixes)
            and "/preview/" not in request.path
            and PRIMARY_COOKIE not in request.COOKIES
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
