"""The page cache: whole pages for anonymous readers, never a wrong one.

* **Who.** Only GET/HEAD requests with none of ``PAGE_CACHE_BYPASS_COOKIES``
  (staff sessions, flash messages, a commenter's pending comment) and no
  ``Authorization`` header are served from or stored in the cache; responses
  that set a cookie are never stored. Pages carry no CSRF token (public forms
  are guarded by :mod:`magazine.bots`), so a cached page is the same for all.
* **What.** Only responses of views marked :func:`cached_for_readers`, status 200.
* **Until when.** Every save or delete of anything a page shows bumps a
  generation number that is part of every key, so the whole site turns over at
  once (edits are rare, reads are many; per-page dependency tracking is not
  worth its bugs). And no entry outlives the next moment the published set
  changes by the clock alone (a scheduled story, an expiring licence), itself
  cached per generation.
* **Where.** :class:`PageCacheMiddleware` sits first in ``MIDDLEWARE``: a hit is
  answered with two cache reads before sessions, CSRF, auth or messages run.
  The stored headers are the finished response's, security headers included.

Browsers and a CDN get ``ETag`` (answered with 304) and a short public
``max-age``, capped by the same next-change time.

This module is kernel: it imports no app. What pages show is registered by the
apps, from their own ``AppConfig.ready()``::

    class ArticlesConfig(AppConfig):
        name = "articles"

        def ready(self):
            from articles.models import Article, Author

            # Any save or delete of a story or an author: every page is stale.
            page_cache.shown_on_pages(Article, Author)
            # A scheduled story goes live with no save: no page outlives that.
            page_cache.changes_by_the_clock(Article.objects.next_change_at)

A view opts in with :func:`cached_for_readers`; a write that sends no signals
(``QuerySet.update()``) calls :func:`invalidate_pages` from its service.
"""

import functools
import hashlib
import math
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from magazine.memos import process_memo

GENERATION_KEY = "pagecache:generation"
NEXT_CHANGE_TIMEOUT = 60 * 60
# Browsers and CDNs may reuse a page this long without asking; the server-side
# cache, which we can invalidate, holds it for PAGE_CACHE_SECONDS.
BROWSER_MAX_AGE = 60


def cached_for_readers(view):
    """Marks a view's pages as the same for every anonymous reader."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.cacheable_for_readers = True
        return response

    return wrapped


# Inside a request, the generation read first (one [value]); None outside requests.
_request_generation: ContextVar[list[int | None] | None] = ContextVar(
    "request_generation", default=None
)


@contextmanager
def one_generation_per_request():
    """Reads the generation once per request, not once per shared fragment.

    A page asks for it many times (its cache key, the category tree, the
    header, the footer, the latest headlines...): a single round trip to Redis
    instead of one each, and a page drawn from one consistent generation.
    """
    token = _request_generation.set([None])
    try:
        yield
    finally:
        _request_generation.reset(token)


def generation() -> int:
    memo = _request_generation.get()
    if memo is not None and memo[0] is not None:
        return memo[0]
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, so an evicted counter never repeats an old number.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    if memo is not None:
        memo[0] = value
    return value


_per_generation: dict[str, tuple[int, float, object]] = {}
process_memo(_per_generation.clear)


def per_generation(name: str, build, *, follows_the_clock: bool = False):
    """``build()``'s result, kept in this process until anything shown on pages changes.

    For the small data many pages share (sections, site settings, the latest
    headlines): one cache read of the generation instead of a query or an
    unpickled copy. ``follows_the_clock``: the result depends on which stories
    are live, so it is also rebuilt when a scheduled story goes live or a
    licence runs out.
    """
    current_generation = generation()
    kept = _per_generation.get(name)
    if kept is None or kept[0] != current_generation or time.time() >= kept[1]:
        until = math.inf
        if follows_the_clock:
            remaining = seconds_until_next_change(current_generation)
            until = time.time() + remaining if remaining is not None else math.inf
        kept = _per_generation[name] = (current_generation, until, build())
    return kept[2]


def invalidate_pages() -> None:
    """Every cached page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    if (memo := _request_generation.get()) is not None:
        memo[0] = None


def seconds_until_next_change(current_generation: int) -> float | None:
    """Seconds until a scheduled story or licence changes the site, or None."""
    key = f"pagecache:next-change:{current_generation}"
    timestamp = cache.get(key)
    if timestamp is None:
        moment = next_change_at()
        timestamp = moment.timestamp() if moment else 0
        timeout = NEXT_CHANGE_TIMEOUT
        if moment:
            timeout = max(1, min(timeout, math.ceil(timestamp - time.time())))
        cache.set(key, timestamp, timeout=timeout)
    return timestamp - time.time() if timestamp else None


def page_ttl(current_generation: int) -> int:
    """How long a page may be kept: the setting, cut short by the next scheduled change."""
    ttl = settings.PAGE_CACHE_SECONDS
    remaining = seconds_until_next_change(current_generation)
    if remaining is not None:
        ttl = min(ttl, math.floor(remaining))
    return ttl


def is_personal(request: HttpRequest) -> bool:
    return "HTTP_AUTHORIZATION" in request.META or any(
        name in request.COOKIES for name in settings.PAGE_CACHE_BYPASS_COOKIES
    )


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers (see the module docstring)."""

    SKIPPED_PREFIXES = ("/admin/", "/newsletter/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = (
            *self.SKIPPED_PREFIXES,
            "/" + settings.STATIC_URL.lstrip("/"),
            "/" + settings.MEDIA_URL.lstrip("/"),
        )

    def __call__(self, request):
        with one_generation_per_request():
            return self.respond(request)

    def respond(self, request):
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(self.skipped)
        ):
            return self.conditional(request, self.prepare(self.get_response(request)))
        if is_personal(request):
            response = self.get_response(request)
            if getattr(response, "cacheable_for_readers", False):
                response["Cache-Control"] = "private, no-cache"
                patch_vary_headers(response, ["Cookie"])
            return response
        try:
            current_generation = generation()
            key = self.key(request, current_generation)
        except DisallowedHost:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            return self.replay(request, entry)
        response = self.prepare(self.get_response(request))
        if self.storable(response):
            ttl = page_ttl(current_generation)
            if ttl > 0:
                cache.set(key, self.entry(response, ttl), timeout=ttl)
            self.set_cache_control(response, ttl)
            response["X-Page-Cache"] = "miss"
        return self.conditional(request, response)

    @staticmethod
    def key(request: HttpRequest, current_generation: int) -> str:
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"pagecache:{current_generation}:{digest}"

    @staticmethod
    def storable(response: HttpResponse) -> bool:
        return (
            getattr(response, "cacheable_for_readers", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        )

    @staticmethod
    def entry(response: HttpResponse, ttl: int) -> tuple:
        headers = [(k, v) for k, v in response.items() if k != "Cache-Control"]
        return (response.content, headers, time.time() + ttl)

    def replay(self, request, entry) -> HttpResponse:
        content, headers, expires = entry
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = "hit"
        self.set_cache_control(response, expires - time.time())
        return self.conditional(request, response)

    def prepare(self, response: HttpResponse) -> HttpResponse:
        """A reader's page gets an ETag, ``Vary: Cookie`` and public caching headers."""
        if self.storable(response):
            response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324 - a fingerprint, not security
            patch_vary_headers(response, ["Cookie"])
            self.set_cache_control(response, BROWSER_MAX_AGE)
        return response

    @staticmethod
    def conditional(request, response: HttpResponse) -> HttpResponse:
        """304 Not Modified when the reader already holds this version."""
        if response.has_header("ETag") and response.status_code == 200:
            return get_conditional_response(
                request, etag=response["ETag"], response=response
            )
        return response

    @staticmethod
    def set_cache_control(response: HttpResponse, ttl: float) -> None:
        max_age = max(0, min(BROWSER_MAX_AGE, math.floor(ttl)))
        response["Cache-Control"] = f"public, max-age={max_age}"


# What pages show, registered by the apps (see the module docstring).

_shown_on_pages: set[type[Model]] = set()
_clock_rules: list[Callable[[], datetime | None]] = []


def shown_on_pages(*models: type[Model]) -> None:
    """Pages show rows of these models: saving or deleting one, or changing its
    many-to-many relations, makes every cached page stale.

    Each app calls it from its ``AppConfig.ready()`` for its own models, so
    this module never imports one. Saves that bypass signals (``update()``,
    ``bulk_update()``) call :func:`invalidate_pages` from the service that
    makes them.
    """
    for model in models:
        _shown_on_pages.add(model)
        label = model._meta.label
        post_save.connect(
            _forget_pages, sender=model, dispatch_uid=f"pagecache-{label}"
        )
        post_delete.connect(
            _forget_pages, sender=model, dispatch_uid=f"pagecache-d-{label}"
        )
    m2m_changed.connect(_forget_pages_on_relation_change, dispatch_uid="pagecache-m2m")


def changes_by_the_clock(next_change_at: Callable[[], datetime | None]) -> None:
    """``next_change_at()`` tells when pages next change with no save at all (a
    scheduled story going live), or None: no cached page outlives that moment."""
    _clock_rules.append(next_change_at)


def next_change_at() -> datetime | None:
    moments = (rule() for rule in _clock_rules)
    return min((moment for moment in moments if moment is not None), default=None)


def _forget_pages(**kwargs) -> None:
    invalidate_pages()
    # Again after commit, so a page read between the write and the commit
    # (and stored under the new generation) does not survive.
    transaction.on_commit(invalidate_pages)


def _forget_pages_on_relation_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, tuple(_shown_on_pages)):
        _forget_pages()
