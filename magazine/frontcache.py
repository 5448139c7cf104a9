"""The front cache: pages kept outside the app (the kit's nginx, a CDN), purged exactly.

The app's own page cache (:mod:`magazine.cache`) decides which responses any
cache may keep and for how long: a response it would store itself carries
``X-Accel-Expires`` (nginx) and ``CDN-Cache-Control`` with the same lifetime,
never past the next scheduled change, and surrogate keys naming what it shows
(``Surrogate-Key``, ``Cache-Tag``); every other response says ``X-Accel-Expires:
0``. When pages change, every purger named in ``FRONT_CACHE_PURGERS`` hears of
it before the change's request (or task) returns:

* a change of every page (a story, a section, the settings, a deploy):
  :meth:`Purger.purge_everything`;
* a change of some *scopes* (a comment: its story's thread and its count):
  :meth:`Purger.purge_scopes`, with the scopes and the addresses of the pages
  that showed them, as remembered when the front cache was allowed to keep
  them (per generation: a purge of everything forgets them all).

A purger is a class with those two methods; :class:`NginxPurger` talks to the
kit's nginx (``magazine/deploy/nginx-magazine.conf``), and a CDN's purger
(README "Caches") purges by the same surrogate keys. A purge that fails is
logged and tried once more; pages then live at most their lifetime
(``PAGE_CACHE_SECONDS``).
"""

import functools
import hashlib
import http.client
import logging
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils.encoding import escape_uri_path
from django.utils.module_loading import import_string

from magazine import cache as page_cache
from magazine import cache_guard
from magazine.memos import process_memo

logger = logging.getLogger(__name__)

SEEN_KEY = "frontcache:{generation}:seen:{digest}"
COUNT_KEY = "frontcache:{generation}:{scope}:count"
ADDRESS_KEY = "frontcache:{generation}:{scope}:{number}"


@dataclass(frozen=True)
class Address:
    """A page as the front cache keys it: scheme, host (no port), path and
    query string exactly as the front server passed them on."""

    scheme: str
    host: str
    path: str
    query: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> "Address":
        host, _port = split_domain_port(request.get_host())
        return cls(
            scheme=request.scheme,
            host=host.lower(),
            path=escape_uri_path(request.path),
            query=request.META.get("QUERY_STRING", ""),
        )

    def __str__(self) -> str:
        query = f"?{self.query}" if self.query else ""
        return f"{self.scheme}://{self.host}{self.path}{query}"


class Purger:
    """What a front cache or a CDN must do when pages change."""

    def purge_everything(self) -> None:
        raise NotImplementedError

    def purge_scopes(self, scopes: frozenset[str], addresses: set[Address]) -> None:
        """The pages that showed ``scopes``: ``addresses`` for a cache keyed by
        address, the scopes themselves for one that purges by surrogate key."""
        raise NotImplementedError


class NginxPurger(Purger):
    """The kit's nginx, one or more servers (``FRONT_CACHE_PURGE_URLS``).

    Everything: ``POST /purge-everything`` moves the front server's generation
    on (part of every key), one request whatever the number of pages kept.
    An address: ``GET /purge/ENCODING/SCHEME/HOST/PATH?QUERY`` removes that
    page's entries, one per copy kept (``br``, ``gzip`` and ``plain``), with
    ngx_cache_purge; 404 means it was not kept, which is fine.
    """

    ENCODINGS = ("br", "gzip", "plain")

    def __init__(self, urls: list[str] | None = None):
        self.urls = urls if urls is not None else settings.FRONT_CACHE_PURGE_URLS

    def purge_everything(self) -> None:
        for url in self.urls:
            self._ask(url, [("POST", "/purge-everything")])

    def purge_scopes(self, scopes: frozenset[str], addresses: set[Address]) -> None:
        requests = [
            (
                "GET",
                f"/purge/{encoding}/{a.scheme}/{quote(a.host)}{a.path}"
                + (f"?{a.query}" if a.query else ""),
            )
            for a in sorted(addresses, key=str)
            for encoding in self.ENCODINGS
        ]
        if requests:
            for url in self.urls:
                self._ask(url, requests)

    @staticmethod
    def _ask(url: str, requests: list[tuple[str, str]]) -> None:
        """The requests on one kept-alive connection; one retry on a failure."""
        parts = urlsplit(url)
        for attempt in (1, 2):
            connection = http.client.HTTPConnection(
                parts.hostname,
                parts.port or 80,
                timeout=settings.FRONT_CACHE_PURGE_TIMEOUT,
            )
            try:
                for method, path in requests:
                    connection.request(method, parts.path.rstrip("/") + path)
                    response = connection.getresponse()
                    response.read()
                    if response.status not in (200, 404):
                        raise OSError(f"{method} {path}: {response.status}")
                return
            except OSError as error:
                if attempt == 2:
                    logger.error("front cache purge at %s failed: %s", url, error)
            finally:
                connection.close()


@functools.cache
def purgers() -> list[Purger]:
    return [import_string(path)() for path in settings.FRONT_CACHE_PURGERS]


process_memo(purgers.cache_clear)


def remember(request: HttpRequest, scopes: frozenset[str], generation: int) -> None:
    """Notes that the page at ``request``'s address, which the front cache may
    keep, showed ``scopes``: a counter and one key per address (no set to
    rewrite, so two pages drawn at once cannot lose each other).

    Once per address and scopes per generation: the app's copy of a page is
    replayed to the front server after each purge, and a home page shows some
    twenty scopes (one cache read instead of sixty writes). Within a generation
    a page's scopes change only with what it shows, which moves the generation.
    """
    if not scopes:
        return
    address = Address.of(request)
    timeout = settings.PAGE_CACHE_SECONDS
    digest = hashlib.sha256(f"{address} {sorted(scopes)}".encode()).hexdigest()
    seen = SEEN_KEY.format(generation=generation, digest=digest)
    if not cache_guard.write("add", seen, True, timeout=timeout):
        return  # noted already (or the cache fails: the purge is of everything)
    for scope in scopes:
        count_key = COUNT_KEY.format(generation=generation, scope=scope)
        cache_guard.write("add", count_key, 0, timeout=timeout)
        number = cache_guard.increment(count_key, lambda: 1)
        if number is not None:
            key = ADDRESS_KEY.format(generation=generation, scope=scope, number=number)
            cache_guard.write("set", key, address, timeout=timeout)


def addresses_showing(scopes: frozenset[str], generation: int) -> set[Address]:
    count_keys = {
        scope: COUNT_KEY.format(generation=generation, scope=scope) for scope in scopes
    }
    counts = cache_guard.read_many(count_keys.values())
    if not counts:
        return set()
    keys = [
        ADDRESS_KEY.format(generation=generation, scope=scope, number=number)
        for scope, count_key in count_keys.items()
        if isinstance(count := counts.get(count_key), int)
        for number in range(1, count + 1)
    ]
    found = cache_guard.read_many(keys) or {}
    return {address for address in found.values() if isinstance(address, Address)}


def purge(scopes: frozenset[str] | None) -> None:
    """Every purger hears of a change of every page (None) or of ``scopes``;
    while the cache fails there is no index of addresses: everything."""
    if not purgers():
        return
    generation = None if scopes is None else page_cache.generation()
    if generation is None:
        for purger in purgers():
            purger.purge_everything()
        return
    addresses = addresses_showing(scopes, generation)
    for purger in purgers():
        purger.purge_scopes(scopes, addresses)


def connect() -> None:
    """Called from the kernel's ``AppConfig.ready()``."""
    page_cache.when_pages_change(purge)
    page_cache.when_page_shared(remember)
