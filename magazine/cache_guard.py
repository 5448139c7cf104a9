"""The shared cache as an accelerator the site can run without.

Pages, the generation numbers that keep them fresh and the memos built on them
live in the shared cache (a folder or Redis). When it fails (a folder that
cannot be written or is full, Redis stopped or unreachable), a reader must
still get the page, drawn from the database: every call here answers a
default instead of raising, and the first failure of an outage is logged, not
every request that meets it.

After a failure this process leaves the cache alone for ``RETRY_SECONDS``
(a Redis host that does not answer would otherwise cost every request a
connection timeout), then tries once more with :func:`recovered`'s write. A
change saved while the cache could not be written could not move the
generation on, and old pages may come back with the cache (Redis reloading its
snapshot, a folder made writable again): so the process that saw the outage
moves the generation on before it trusts the cache again. One corrupt entry is
no outage: it is deleted and read as missing.
"""

import logging
import time
from collections.abc import Callable, Iterable

from django.core.cache import cache

from magazine.memos import process_memo

log = logging.getLogger("magazine.cache")

RETRY_SECONDS = 5
PROBE_KEY = "health:probe"

# This process's view of the cache: whether it failed, and when to try again.
_outage = {"since": None, "retry_at": 0.0}
_on_recovery: list[Callable[[], None]] = []


def when_recovered(action: Callable[[], None]) -> None:
    """``action()`` runs (through the raw cache, so it may raise) before the
    cache is trusted again after an outage; if it raises, the outage goes on."""
    _on_recovery.append(action)


def is_down() -> bool:
    """True while this process is keeping away from a failed cache."""
    return _outage["since"] is not None and not _try_recovery()


def _try_recovery() -> bool:
    if time.time() < _outage["retry_at"]:
        return False
    try:
        for action in _on_recovery:
            action()
    except Exception:  # any backend error: still down
        _outage["retry_at"] = time.time() + RETRY_SECONDS
        return False
    log.warning(
        "The shared cache answers again after %.0f s; pages are cached anew.",
        time.time() - _outage["since"],
    )
    _outage["since"] = None
    return True


def _failed(operation: str) -> None:
    if _outage["since"] is None:
        _outage["since"] = time.time()
        log.error(
            "The shared cache failed (%s); pages are served uncached until it "
            "answers again (next try in %s s).",
            operation,
            RETRY_SECONDS,
            exc_info=True,
        )
    _outage["retry_at"] = time.time() + RETRY_SECONDS


def read(key: str):
    """``cache.get(key)``, or None while the cache fails. A value that cannot be
    read back (a corrupt file, a foreign pickle) is deleted and read as missing."""
    if is_down():
        return None
    try:
        return cache.get(key)
    except Exception:  # a corrupt entry or the backend: told apart below
        _delete_unreadable([key])
        return None


def read_many(keys: Iterable[str]) -> dict | None:
    """``cache.get_many(keys)``, or None while the cache fails (see :func:`read`)."""
    keys = list(keys)
    if is_down():
        return None
    try:
        return cache.get_many(keys)
    except Exception:  # see read()
        return {} if _delete_unreadable(keys) else None


def _delete_unreadable(keys: list[str], operation: str = "read") -> bool:
    """An operation failed: True if the entries could be deleted (they were
    corrupt), False if the backend itself failed."""
    try:
        cache.delete_many(keys)
    except Exception:  # cannot even delete: the backend is down
        _failed(operation)
        return False
    log.warning("Deleted unreadable cache entries %s.", ", ".join(keys))
    return True


def write(operation: str, target, *args, **kwargs) -> bool:
    """``cache.<operation>(target, ...)`` (``set``, ``add``, ``set_many``): its
    answer (``add`` says whether it added), or False while the cache fails.
    An unreadable entry in the way (``add`` reads before it writes) is deleted
    and the write tried once more."""
    if is_down():
        return False
    run = getattr(cache, operation)
    try:
        result = run(target, *args, **kwargs)
    except Exception:  # a corrupt entry in the way, or the backend
        try:
            cache.delete_many(list(target) if isinstance(target, dict) else [target])
            result = run(target, *args, **kwargs)
        except Exception:  # the backend failed
            _failed(operation)
            return False
    return result if isinstance(result, bool) else True


def increment(key: str, start: Callable[[], int]) -> int | None:
    """``cache.incr(key)``; a missing (or corrupt) key is set to ``start()``.
    None while the cache fails."""
    if is_down():
        return None
    try:
        return cache.incr(key)
    except ValueError:
        pass
    except Exception:  # a corrupt value or the backend
        if not _delete_unreadable([key], "incr"):
            return None
    value = start()
    return value if write("set", key, value, timeout=None) else None


def answers() -> bool:
    """Whether the cache takes a write and gives it back now (for the
    readiness check; it does not wait for this process's next retry)."""
    try:
        cache.set(PROBE_KEY, PROBE_KEY, timeout=60)
        return cache.get(PROBE_KEY) == PROBE_KEY
    except Exception:  # any backend error: not answering
        return False


def reset() -> None:
    """Forgets an outage (each test starts with a working cache)."""
    _outage.update(since=None, retry_at=0.0)


process_memo(reset)
