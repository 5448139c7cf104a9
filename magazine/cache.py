"""The page cache: whole pages for anonymous readers, never a wrong one.

* **Who.** Only GET/HEAD requests with none of ``PAGE_CACHE_BYPASS_COOKIES``
  (staff sessions, flash messages, a commenter's pending comment) and no
  ``Authorization`` header are served from or stored in the cache; responses
  that set a cookie are never stored. Pages carry no CSRF token (public forms
  are guarded by :mod:`magazine.bots`), so a cached page is the same for all.
* **What.** Only responses of views marked :func:`cached_for_readers`, status
  200, at their canonical address: a query string holds only the parameters
  the page declares it takes, each once and in its canonical form (a stranger's
  ``?junk=1`` is answered, never stored, so it cannot crowd out other entries).
* **Until when.** Every save or delete of anything a page shows bumps a
  generation number that is part of every key, so the whole site turns over at
  once (edits are rare, reads are many). A registration may narrow that: a
  change it names *scopes* for (a comment: its story's thread and its count)
  makes stale only the pages that showed those scopes while they were drawn
  (:func:`depends_on`), and a change it names none for (a comment waiting for
  moderation) nothing. And no entry outlives the next moment the published set
  changes by the clock alone (a scheduled story, an expiring licence), itself
  cached per generation.
* **Where.** :class:`PageCacheMiddleware` sits first in ``MIDDLEWARE``: a hit is
  answered with two cache reads before sessions, CSRF, auth or messages run.
  The stored headers are the finished response's, security headers included.
* **When the cache fails**, pages are drawn from the database and not stored
  (:mod:`magazine.cache_guard`); the generation moves on when it is back.

Browsers and a CDN get ``ETag`` (answered with 304) and a short public
``max-age``, capped by the same next-change time.

This module is kernel: it imports no app. What pages show is registered by the
apps, from their own ``AppConfig.ready()``::

    class ArticlesConfig(AppConfig):
        name = "articles"

        def ready(self):
            from articles.models import Article, Author, Comment

            # Any save or delete of a story or an author: every page is stale.
            page_cache.shown_on_pages(Article, Author)
            # A comment: only the pages that showed its thread or count.
            page_cache.shown_on_pages(Comment, changes=pages_showing_comment)
            # A scheduled story goes live with no save: no page outlives that.
            page_cache.changes_by_the_clock(Article.objects.next_change_at)

A view opts in with :func:`cached_for_readers`; a write that sends no signals
(``QuerySet.update()``) calls :func:`invalidate_pages` from its service.

Scoped changes, and why no page is left stale by a race: ``EPOCH_KEY`` counts
scoped changes; a scope's key holds the epoch of its last change, bumped after
the change commits. A page notes the epoch when its request starts, before it
reads anything, and is stored only if none of the scopes it showed changed
after that; a stored page is served while its scopes hold the values it was
drawn with (checked only when the epoch has moved since it was stored).
"""

import functools
import hashlib
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language

from magazine import cache_guard
from magazine.languages import language_of_path
from magazine.memos import process_memo

GENERATION_KEY = "pagecache:generation"
EPOCH_KEY = "pagecache:epoch"
SCOPE_KEY = "pagecache:scope:{}"
NEXT_CHANGE_TIMEOUT = 60 * 60
# Parameters that shared links carry for the sender's analytics, never for the
# page: dropped from every key, so a viral link with a new ``fbclid`` on every
# click is one page. The kit's nginx drops the same list (a test compares).
TRACKING_PARAMETERS = frozenset(
    {
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "utm_id",
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "yclid",
        "_ga",
        "_gl",
    }
)
# Browsers and CDNs may reuse a page this long without asking; the server-side
# cache, which we can invalidate, holds it for PAGE_CACHE_SECONDS.
BROWSER_MAX_AGE = 60


def cached_for_readers(view=None, /, *, query: Mapping[str, re.Pattern] | None = None):
    """Marks a view's pages as the same for every anonymous reader.

    ``query`` names the query parameters the view takes, each with the pattern
    of its canonical values (``{"page": PAGE_NUMBER}``); a request carrying any
    other parameter, one twice or a value in another form is answered but not
    stored. A view whose branches differ says so on the response with
    :func:`takes_query`.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.cacheable_for_readers = True
            if not hasattr(response, "page_cache_query"):
                response.page_cache_query = query or {}
            return response

        return wrapped

    return decorate if view is None else decorate(view)


def takes_query(response: HttpResponse, **patterns: re.Pattern) -> HttpResponse:
    """Declares the query parameters this page takes (see :func:`cached_for_readers`)."""
    response.page_cache_query = patterns
    return response


@dataclass
class _RequestState:
    """What a request read from the cache once and what its page showed."""

    generation: int | None = None
    epoch: int | None = None
    scopes: set[str] = field(default_factory=set)
    # While the cache fails: the shared data of this request, built once.
    uncached: dict[str, object] = field(default_factory=dict)


_request_state: ContextVar[_RequestState | None] = ContextVar(
    "page_cache_request", default=None
)


@contextmanager
def one_generation_per_request():
    """Reads the generation once per request, not once per shared fragment.

    A page asks for it many times (its cache key, the category tree, the
    header, the footer, the latest headlines...): a single round trip to Redis
    instead of one each, and a page drawn from one consistent generation.
    """
    token = _request_state.set(_RequestState())
    try:
        yield
    finally:
        _request_state.reset(token)


def _start_value() -> int:
    # From the clock, so an evicted counter never repeats an old number.
    return time.time_ns()


def _read_counters() -> tuple[int | None, int | None]:
    """The generation and the scope epoch, in one round trip; (None, None)
    while the cache fails."""
    values = cache_guard.read_many([GENERATION_KEY, EPOCH_KEY])
    if values is None:
        return None, None
    for key in (GENERATION_KEY, EPOCH_KEY):
        if not isinstance(values.get(key), int):
            cache_guard.write("add", key, _start_value(), timeout=None)
            values[key] = cache_guard.read(key)
    generation, epoch = values[GENERATION_KEY], values[EPOCH_KEY]
    if not (isinstance(generation, int) and isinstance(epoch, int)):
        return None, None
    return generation, epoch


def _counters() -> tuple[int | None, int | None]:
    state = _request_state.get()
    if state is not None and state.generation is not None:
        return state.generation, state.epoch
    generation, epoch = _read_counters()
    if state is not None:
        state.generation, state.epoch = generation, epoch
    return generation, epoch


@functools.cache
def release() -> str:
    """The release being served: ``RELEASE``, else a digest of the static
    files' manifest, else of nothing (development: files are not hashed).

    Part of every page key, so after a deploy no reader gets a page that names
    the previous release's hashed stylesheet or carries its headers.
    """
    if settings.RELEASE:
        return settings.RELEASE
    manifest = getattr(staticfiles_storage, "manifest_storage", None)
    name = getattr(staticfiles_storage, "manifest_name", None)
    digest = hashlib.sha256()
    if manifest is not None and name and manifest.exists(name):
        with manifest.open(name) as contents:
            digest.update(contents.read())
    return digest.hexdigest()[:16]


process_memo(release.cache_clear)


def generation() -> int | None:
    """The site's generation (part of every page key), or None while the cache fails."""
    return _counters()[0]


def counters() -> tuple[int | None, int | None]:
    """The generation and the scope epoch this request reads pages under
    (None, None while the cache fails): together they name the state of the
    site a page drawn now must show."""
    return _counters()


_page_changes: list[Callable[[frozenset[str] | None], None]] = []


def when_pages_change(action: Callable[[frozenset[str] | None], None]) -> None:
    """``action(scopes)`` runs after every change of the generation or the
    epoch, in the order registered, with the scopes that changed, or None when
    every page did (:mod:`magazine.replicas` records the primary's WAL
    position there; :mod:`magazine.frontcache` purges the caches outside this
    process that keep pages too)."""
    _page_changes.append(action)


def _invalidated(scopes: frozenset[str] | None = None) -> None:
    _forget_request_counters()
    for action in _page_changes:
        action(scopes)


_per_generation: dict[str, tuple[int, float, object]] = {}
process_memo(_per_generation.clear)


def per_generation(name: str, build, *, follows_the_clock: bool = False):
    """``build()``'s result, kept in this process until anything shown on pages changes.

    Kept per active language: a Spanish page never gets the English header.

    For the small data many pages share (sections, site settings, the latest
    headlines): one cache read of the generation instead of a query or an
    unpickled copy. ``follows_the_clock``: the result depends on which stories
    are live, so it is also rebuilt when a scheduled story goes live or a
    licence runs out. While the cache fails nothing tells this process of
    changes: the result is built once per request.
    """
    name = f"{name}:{get_language()}"
    current_generation = generation()
    if current_generation is None:
        state = _request_state.get()
        if state is None:
            return build()
        if name not in state.uncached:
            state.uncached[name] = build()
        return state.uncached[name]
    kept = _per_generation.get(name)
    if kept is None or kept[0] != current_generation or time.time() >= kept[1]:
        until = math.inf
        if follows_the_clock:
            remaining = seconds_until_next_change(current_generation)
            until = time.time() + remaining if remaining is not None else math.inf
        kept = _per_generation[name] = (current_generation, until, build())
    return kept[2]


def _shared_key(name: str, current_generation: int) -> str:
    """Where the shared cache keeps ``name`` for this release, language and generation."""
    return f"pagecache:shared:{release()}:{name}:{get_language()}:{current_generation}"


def shared_per_generation(name: str, build):
    """``build()``'s result, kept in the shared cache until anything shown on
    pages changes (or the next scheduled change): for a figure every process
    would otherwise work out again, like the sitemaps' counts (per language)."""
    current_generation = generation()
    if current_generation is None:
        return build()
    key = _shared_key(name, current_generation)
    value = cache_guard.read(key)
    if value is None:
        # A second at least: a figure like the sitemaps' counts is worth
        # keeping even with the page cache off.
        seconds_left = lifetime_from_now(current_generation, at_least=1)
        value = build()
        if (timeout := seconds_left()) > 0:
            cache_guard.write("set", key, value, timeout=timeout)
    return value


@dataclass
class SharedForNow:
    """Values kept in the shared cache for the site as it is now: under the
    generation read when this was made, for at most ``at_most`` seconds and
    never past the next scheduled change (per language). See
    :func:`shared_for_now`."""

    generation: int
    at_most: int
    started: float = field(default_factory=time.time)

    def key(self, name: str) -> str:
        return _shared_key(name, self.generation)

    def get(self, name: str):
        return cache_guard.read(self.key(name))

    def keep(self, name: str, value) -> None:
        now = time.time()
        ends_at = self.started + self.at_most
        if (remaining := seconds_until_next_change(self.generation)) is not None:
            ends_at = min(ends_at, now + remaining)
        if (timeout := math.floor(ends_at - now)) > 0:
            cache_guard.write("set", self.key(name), value, timeout=timeout)


def shared_for_now(*, at_most: int) -> SharedForNow | None:
    """For what makes pages cheaper to draw and holds only while nothing shown
    on pages changes (where a list's pages end): kept with the page cache off
    too, since it is not a page. None while the cache fails."""
    current_generation = generation()
    if current_generation is None:
        return None
    return SharedForNow(current_generation, at_most)


def _forget_request_counters() -> None:
    if (state := _request_state.get()) is not None:
        state.generation = state.epoch = None


def _bump_generation() -> None:
    """Raises if the cache fails (see :func:`invalidate_pages`)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _start_value(), timeout=None)


@dataclass
class _Held:
    """Invalidations asked for while :func:`held_invalidations` holds them."""

    asked: int = 0


_held: ContextVar[_Held | None] = ContextVar("page_cache_held", default=None)


@contextmanager
def held_invalidations():
    """Holds every page-cache invalidation of the block and makes one at its end.

    For a long write of many rows (an import): each save would otherwise
    bump the generation twice (now and on commit), thousands of times, while
    nothing in between is worth caching. At the end every page is stale once,
    and again after the surrounding transaction commits. Yields the tally of
    what was held (``asked``).
    """
    if _held.get() is not None:
        yield _held.get()
        return
    held = _Held()
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)
        if held.asked:
            invalidate_pages()
            transaction.on_commit(invalidate_pages)


def _holding() -> bool:
    if (held := _held.get()) is None:
        return False
    held.asked += 1
    return True


def invalidate_pages() -> None:
    """Every cached page is stale from now on.

    If the cache cannot be written, the outage this records has the
    generation moved on before the cache is trusted again.
    """
    if _holding():
        return
    cache_guard.increment(GENERATION_KEY, _start_value)
    _invalidated()


cache_guard.when_recovered(_bump_generation)


def invalidate_scopes(scopes: Iterable[str]) -> None:
    """The pages that showed any of ``scopes`` are stale from now on."""
    scopes = set(scopes)
    if not scopes or _holding():
        return
    epoch = cache_guard.increment(EPOCH_KEY, _start_value)
    if epoch is not None:
        cache_guard.write(
            "set_many", {SCOPE_KEY.format(s): epoch for s in scopes}, timeout=None
        )
    _invalidated(frozenset(scopes))


def depends_on(*scopes: str) -> None:
    """The page being drawn shows these scopes: a change to one of them (see
    :func:`shown_on_pages`) makes it stale. Called while drawing (a template
    tag beside what it shows); outside a request it does nothing."""
    if (state := _request_state.get()) is not None:
        state.scopes.update(scopes)


_shared: list[Callable[[HttpRequest, frozenset[str], int], None]] = []


def when_page_shared(remember: Callable[[HttpRequest, frozenset[str], int], None]):
    """``remember(request, scopes, generation)`` runs for every page a front
    cache is told it may keep, with the scopes it showed (see
    :mod:`magazine.frontcache`, which must find it again to purge it)."""
    _shared.append(remember)


def front_cache_on() -> bool:
    return bool(settings.FRONT_CACHE_PURGERS)


def _scope_values(scopes: Iterable[str], epoch: int) -> dict[str, int] | None:
    """The scopes' last-change epochs; a scope never seen is noted as changed
    at ``epoch`` (so a later change moves it on). None while the cache fails."""
    keys = {SCOPE_KEY.format(s): s for s in scopes}
    found = cache_guard.read_many(keys)
    if found is None:
        return None
    missing = [key for key in keys if not isinstance(found.get(key), int)]
    for key in missing:
        cache_guard.write("add", key, epoch, timeout=None)
    if missing:
        again = cache_guard.read_many(missing)
        if again is None:
            return None
        found.update(again)
    if not all(isinstance(found.get(key), int) for key in keys):
        return None
    return {name: found[key] for key, name in keys.items()}


def seconds_until_next_change(current_generation: int | None) -> float | None:
    """Seconds until a scheduled story or licence changes the site, or None."""
    if current_generation is None:
        moment = next_change_at()
        return moment.timestamp() - time.time() if moment else None
    key = f"pagecache:next-change:{current_generation}"
    timestamp = cache_guard.read(key)
    if not isinstance(timestamp, int | float):
        moment = next_change_at()
        timestamp = moment.timestamp() if moment else 0
        timeout = NEXT_CHANGE_TIMEOUT
        if moment:
            timeout = max(1, min(timeout, math.ceil(timestamp - time.time())))
        cache_guard.write("set", key, timestamp, timeout=timeout)
    return timestamp - time.time() if timestamp else None


def page_ttl(current_generation: int | None) -> int:
    """How long a page may be kept: the setting, cut short by the next scheduled change."""
    ttl = settings.PAGE_CACHE_SECONDS
    remaining = seconds_until_next_change(current_generation)
    if remaining is not None:
        ttl = min(ttl, math.floor(remaining))
    return ttl


def lifetime_from_now(
    current_generation: int | None, *, at_least: int = 0
) -> Callable[[], int]:
    """A page's lifetime taken before it is drawn, read after: a story that
    goes live while the page is drawn may be missing from it, so the page
    ends then. The result gives the whole seconds left when called;
    ``at_least`` when no change is near (whatever PAGE_CACHE_SECONDS says)."""
    ttl = page_ttl(current_generation)
    if ttl >= settings.PAGE_CACHE_SECONDS:
        return lambda: max(at_least, ttl)
    change_at = time.time() + ttl
    return lambda: math.floor(change_at - time.time())


def is_personal(request: HttpRequest) -> bool:
    return "HTTP_AUTHORIZATION" in request.META or any(
        name in request.COOKIES for name in settings.PAGE_CACHE_BYPASS_COOKIES
    )


def canonical_query(request: HttpRequest, taken: Mapping[str, re.Pattern]) -> bool:
    """Whether the query string holds only parameters the page takes, each
    once, in the canonical form its pattern describes."""
    for name, values in request.GET.lists():
        if name in TRACKING_PARAMETERS:
            continue
        pattern = taken.get(name)
        if pattern is None or len(values) != 1 or not pattern.fullmatch(values[0]):
            return False
    return True


def page_query(request: HttpRequest) -> str:
    """The query string as part of a page's key: parsed, sorted, without the
    tracking parameters (one entry per page, however the address spells it)."""
    if not request.META.get("QUERY_STRING"):
        return ""
    pairs = [(k, v) for k, v in request.GET.lists() if k not in TRACKING_PARAMETERS]
    return urlencode(sorted(pairs), doseq=True)


@dataclass
class _Entry:
    """A stored page: what the reader gets, and what it was drawn from."""

    content: bytes
    headers: list[tuple[str, str]]
    expires: float
    epoch: int  # the scope epoch when it was drawn (or last found valid)
    scopes: dict[str, int]  # each scope it showed: that scope's last-change epoch


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers (see the module docstring)."""

    SKIPPED_PREFIXES = ("/admin/", "/newsletter/", "/healthz/")
    # Pages of these apps under each language's prefix (/es/newsletter/).
    SKIPPED_IN_EVERY_LANGUAGE = ("/newsletter/",)

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = (
            *self.SKIPPED_PREFIXES,
            *(
                f"/{code}{prefix}"
                for code, _name in settings.LANGUAGES
                if code != settings.LANGUAGE_CODE
                for prefix in self.SKIPPED_IN_EVERY_LANGUAGE
            ),
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
            response = self.prepare(self.get_response(request))
            return self.conditional(request, self.not_shared(response))
        if is_personal(request):
            response = self.get_response(request)
            if getattr(response, "cacheable_for_readers", False):
                response["Cache-Control"] = "private, no-cache"
                patch_vary_headers(response, ["Cookie"])
            return self.not_shared(response)
        current_generation, epoch = _counters()
        if current_generation is None:  # the cache fails: the page from the database
            response = self.prepare(self.get_response(request))
            return self.conditional(request, self.not_shared(response))
        try:
            key = self.key(request, current_generation)
        except DisallowedHost:
            return self.not_shared(self.get_response(request))
        entry = cache_guard.read(key)
        if isinstance(entry, _Entry) and self.still_valid(key, entry, epoch):
            response = self.replay(request, entry)
            ttl, scopes = entry.expires - time.time(), frozenset(entry.scopes)
            return self.shared(request, response, ttl, scopes, current_generation)
        seconds_left = lifetime_from_now(current_generation)
        response = self.prepare(self.get_response(request))
        if self.storable(response) and canonical_query(
            request, getattr(response, "page_cache_query", {})
        ):
            ttl = seconds_left()
            if ttl > 0 and self.store(key, response, ttl, epoch):
                scopes = frozenset(_request_state.get().scopes)
                self.shared(request, response, ttl, scopes, current_generation)
            else:
                self.not_shared(response)
            self.set_cache_control(response, ttl)
            response["X-Page-Cache"] = "miss"
        else:
            self.not_shared(response)
        return self.conditional(request, response)

    @staticmethod
    def shared(
        request, response, ttl: float, scopes: frozenset[str], current_generation: int
    ) -> HttpResponse:
        """Tells the front cache it may keep this page ``ttl`` seconds (never
        past the next scheduled change), and remembers where it showed what."""
        if not front_cache_on():
            return response
        ttl = math.floor(ttl)
        if ttl <= 0:
            return PageCacheMiddleware.not_shared(response)
        response["X-Accel-Expires"] = str(ttl)
        response["CDN-Cache-Control"] = f"public, max-age={ttl}"
        for remember in _shared:
            remember(request, scopes, current_generation)
        return response

    @staticmethod
    def not_shared(response: HttpResponse) -> HttpResponse:
        """The front cache keeps only what :meth:`shared` allows (the kit's
        nginx ignores Cache-Control and Expires, and caches by this header)."""
        if front_cache_on():
            response["X-Accel-Expires"] = "0"
        return response

    @staticmethod
    def key(request: HttpRequest, current_generation: int) -> str:
        url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
        if query := page_query(request):
            url += "?" + query
        digest = hashlib.sha256(url.encode()).hexdigest()
        # The release (a deploy never serves the previous one's pages) and the
        # language as the address says it (never a header or a cookie).
        language = language_of_path(request.path)
        return f"pagecache:{release()}:{current_generation}:{language}:{digest}"

    @staticmethod
    def still_valid(key: str, entry: _Entry, epoch: int) -> bool:
        """Whether none of the scopes the page showed changed since it was drawn
        (read only when some scope changed since it was stored)."""
        if not entry.scopes or entry.epoch == epoch:
            return True
        current = _scope_values(entry.scopes, epoch)
        if current != entry.scopes:
            return False
        entry.epoch = epoch  # spares the next reader this check
        cache_guard.write(
            "set", key, entry, timeout=max(1, math.floor(entry.expires - time.time()))
        )
        return True

    @staticmethod
    def store(key: str, response: HttpResponse, ttl: int, epoch: int) -> bool:
        """Stores the page, unless a scope it showed changed while it was drawn
        (it may hold what was there before) or the cache fails."""
        state = _request_state.get()
        scopes = {}
        if state.scopes:
            scopes = _scope_values(state.scopes, epoch)
            if scopes is None or any(value > epoch for value in scopes.values()):
                return False
        headers = [
            (k, v)
            for k, v in response.items()
            if k not in ("Cache-Control", "X-Accel-Expires", "CDN-Cache-Control")
        ]
        entry = _Entry(response.content, headers, time.time() + ttl, epoch, scopes)
        return cache_guard.write("set", key, entry, timeout=ttl)

    @staticmethod
    def storable(response: HttpResponse) -> bool:
        return (
            getattr(response, "cacheable_for_readers", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        )

    def replay(self, request, entry: _Entry) -> HttpResponse:
        response = HttpResponse(entry.content, headers=entry.headers)
        response["X-Page-Cache"] = "hit"
        self.set_cache_control(response, entry.expires - time.time())
        return self.conditional(request, response)

    def prepare(self, response: HttpResponse) -> HttpResponse:
        """A reader's page gets an ETag, ``Vary: Cookie`` and public caching headers."""
        if self.storable(response):
            response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324 - a fingerprint, not security
            patch_vary_headers(response, ["Cookie"])
            self.set_cache_control(response, BROWSER_MAX_AGE)
            if front_cache_on() and (state := _request_state.get()) is not None:
                tags = ["site", *sorted(state.scopes)]
                # Fastly's and Cloudflare's spellings of the same surrogate keys.
                response["Surrogate-Key"] = " ".join(tags)
                response["Cache-Tag"] = ",".join(tags)
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

# A registration's rule: the scopes a save (or a delete) of this row changes,
# None for every page, nothing for no page.
ChangeRule = Callable[..., Iterable[str] | None]

_shown_on_pages: dict[type[Model], ChangeRule | None] = {}
_clock_rules: list[Callable[[], datetime | None]] = []


def shown_on_pages(*models: type[Model], changes: ChangeRule | None = None) -> None:
    """Pages show rows of these models: saving or deleting one, or changing its
    many-to-many relations, makes every cached page stale.

    ``changes(instance, created=..., deleted=...)`` narrows that: it names the
    scopes the change touches (pages that showed them, see :func:`depends_on`,
    go stale; an empty answer: no page does), or answers None for every page.

    Each app calls it from its ``AppConfig.ready()`` for its own models, so
    this module never imports one. Saves that bypass signals (``update()``,
    ``bulk_update()``) call :func:`invalidate_pages` from the service that
    makes them.
    """
    for model in models:
        _shown_on_pages[model] = changes
        label = model._meta.label
        post_save.connect(
            _forget_saved, sender=model, dispatch_uid=f"pagecache-{label}"
        )
        post_delete.connect(
            _forget_deleted, sender=model, dispatch_uid=f"pagecache-d-{label}"
        )
    m2m_changed.connect(_forget_pages_on_relation_change, dispatch_uid="pagecache-m2m")


def changes_by_the_clock(next_change_at: Callable[[], datetime | None]) -> None:
    """``next_change_at()`` tells when pages next change with no save at all (a
    scheduled story going live), or None: no cached page outlives that moment."""
    _clock_rules.append(next_change_at)


def next_change_at() -> datetime | None:
    moments = (rule() for rule in _clock_rules)
    return min((moment for moment in moments if moment is not None), default=None)


def _forget(sender, instance, *, created: bool, deleted: bool) -> None:
    rule = _shown_on_pages.get(sender)
    scopes = None if rule is None else rule(instance, created=created, deleted=deleted)
    if scopes is None:
        forget = invalidate_pages
    else:
        scopes = frozenset(scopes)
        if not scopes:
            return
        forget = functools.partial(invalidate_scopes, scopes)
    if _holding():
        return
    forget()
    # Again after commit, so a page read between the write and the commit
    # (and stored under the new generation) does not survive.
    transaction.on_commit(forget)


def _forget_saved(sender, instance, created=False, **kwargs) -> None:
    _forget(sender, instance, created=created, deleted=False)


def _forget_deleted(sender, instance, **kwargs) -> None:
    _forget(sender, instance, created=False, deleted=True)


def _forget_pages() -> None:
    if _holding():
        return
    invalidate_pages()
    transaction.on_commit(invalidate_pages)


def _forget_pages_on_relation_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, tuple(_shown_on_pages)):
        _forget_pages()
