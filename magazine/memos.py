"""Per-process memos, and the one hook that forgets them all.

A few reader-page shortcuts keep what they built for the life of the process:
the small data every page shares (:func:`magazine.cache.per_generation`),
compiled queries, media addresses. Each registers here how to forget it, so
that whatever changes what they were built from (a test's settings, a new
URLconf) starts afresh with one call to :func:`reset_memos`, and nobody has to
know where they all live.
"""

from collections.abc import Callable

_forgetters: list[Callable[[], None]] = []


def process_memo(forget: Callable[[], None]) -> Callable[[], None]:
    """Registers ``forget`` (a memo's ``clear`` or ``cache_clear``) with :func:`reset_memos`."""
    _forgetters.append(forget)
    return forget


def reset_memos() -> None:
    """Forgets every per-process memo: the next page builds them all again."""
    for forget in _forgetters:
        forget()
