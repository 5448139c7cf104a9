"""The limiter: how many attempts a key has made in the current time window.

Rate limits protect people (a reader's inbox from a flood of signup mail, the
comment queue from a bot, an editor's account from guessed passwords), so
their counts live in a store that page entries can never evict: not the page
cache, where any stranger pushes them out with junk URLs (a file cache culls
a third of itself past ``MAX_ENTRIES``), and never counted with a read-then-write
that two processes interleave. One interface, :func:`hit`; the store is
``RATE_LIMIT_STORE``:

* ``database`` (the default): one row per key and window in the kernel's
  ``RateCounter`` table, counted by one ``INSERT … ON CONFLICT DO UPDATE …
  RETURNING`` statement, atomic across processes on PostgreSQL and on SQLite
  alike (3.35+; Django asks for 3.37). A new window deletes the rows of windows
  that have ended (one indexed ``DELETE``, at most once a minute per process),
  so the table holds little more than the live windows.
* a ``redis://`` URL (the default when ``CACHE_URL`` names Redis): ``INCR`` and
  ``EXPIRE`` in one ``MULTI``/``EXEC``. Should Redis not answer, attempts are
  counted in the database until it does (logged once), so no limit lapses and
  no form fails.

Windows are fixed (the clock's minutes, hours, days). Keys are HMAC digests of
what the caller passes: no e-mail or client address is stored, and nothing a
stranger sends shapes a store key.
"""

import functools
import logging
import time

import redis
from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

from magazine.memos import process_memo
from magazine.models import RateCounter

logger = logging.getLogger(__name__)

DATABASE = "database"
MAX_SCOPE_LENGTH = 80  # with the window, its start and the digest, a bucket fits 200
# A process purges ended windows at most this often. PostgreSQL on the project's
# machine, 2,000 attempts: 0.56 ms a count; a new key's 1.9 ms with a purge each
# time, 0.74 ms with this (SQLite: 0.04 ms either way; Redis: 0.15-0.18 ms).
PURGE_INTERVAL = 60
REDIS_TIMEOUT = 2  # seconds: a form waits no longer than this for an unwell Redis


def hit(scope: str, key: str, *, window: int, start: float | None = None) -> int:
    """Counts one attempt by ``key`` in ``scope`` and returns the window's count so far.

    ``window`` is in seconds; the count starts again at each multiple of it,
    or, given ``start`` (when the key came to be, such as a form stamp's issue
    time), never: the key then has one window, from ``start`` on.
    """
    if len(scope) > MAX_SCOPE_LENGTH:
        raise ValueError(
            f"a scope name of at most {MAX_SCOPE_LENGTH} characters: {scope}"
        )
    begins_at = int(time.time() // window * window if start is None else start)
    ends_at = begins_at + window
    digest = salted_hmac(
        "magazine.limits", f"{scope}\0{key}", algorithm="sha256"
    ).hexdigest()
    bucket = f"{scope}:{window}:{begins_at}:{digest}"
    store = settings.RATE_LIMIT_STORE
    if store != DATABASE:
        try:
            return _count_in_redis(store, bucket, window)
        except redis.RedisError as error:
            if store not in _unreachable:
                _unreachable.add(store)
                logger.warning(
                    "Rate limits are counted in the database: Redis does not answer (%s)",
                    error,
                )
    return _count_in_database(bucket, ends_at)


_unreachable: set[str] = set()
process_memo(_unreachable.clear)


def _count_in_database(bucket: str, ends_at: int) -> int:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket, count, ends_at) VALUES (%s, 1, %s) "  # noqa: S608 - our own table name, quoted
            f"ON CONFLICT (bucket) DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [bucket, ends_at],
        )
        (count,) = cursor.fetchone()
    now = time.time()
    if count == 1 and now >= _next_purge[0]:  # a new window: forget ended ones
        _next_purge[0] = now + PURGE_INTERVAL
        RateCounter.objects.filter(ends_at__lte=now).delete()
    return count


_next_purge = [0.0]
process_memo(lambda: _next_purge.__setitem__(0, 0.0))


def _count_in_redis(url: str, bucket: str, window: int) -> int:
    name = f"limits:{bucket}"
    with _redis(url).pipeline() as pipeline:
        pipeline.incr(name)
        pipeline.expire(name, window)
        count, _ = pipeline.execute()
    _unreachable.discard(url)
    return count


@functools.cache
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )
