"""The reader's language comes from the address alone.

English pages are unprefixed, Spanish ones live under ``/es/``
(``i18n_patterns(..., prefix_default_language=False)``). Django's
``LocaleMiddleware`` would, for an address without a prefix, fall back to the
``django_language`` cookie and ``Accept-Language``, and mark every English page
``Vary: Accept-Language``: then a sitemap or robots.txt could be drawn in the
language of whoever asked first and kept in the page cache for everyone. Here
the path decides, and nothing else, so a page's cache key (its path) already
names its language.
"""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from magazine.memos import process_memo


def language_of_path(path: str) -> str:
    """The language an address is in: its prefix, else the default language."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class PathLanguageMiddleware:
    """Activates the language of the request's path for the whole request, and
    only for it: whatever runs next in this thread starts from the default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of_path(request.path_info)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Open Graph names a locale, not a language: the edition's readers are in the US.
OPEN_GRAPH_LOCALES = {"en": "en_US", "es": "es_US"}


def alternate_urls(path: str, given: dict[str, str | None] | None = None) -> dict:
    """This page's address in each language (None where it has no counterpart).

    A view that knows better (a story and its translation) puts its own
    ``alternates`` in the context; every other page's counterpart is the same
    address under the other prefix, when that address exists.
    """
    if given is not None:
        return {code: given.get(code) for code, _name in settings.LANGUAGES}
    if (urls := _translated.get(path)) is None:
        urls = {}
        with translation.override(language_of_path(path)):
            for code, _name in settings.LANGUAGES:
                url = translate_url(path, code)
                urls[code] = url if language_of_path(url) == code else None
        if len(_translated) >= TRANSLATED_KEPT:
            _translated.clear()
        _translated[path] = urls
    return dict(urls)


# An address's counterparts depend on the URLconf alone (``translate_url``
# resolves and reverses: a tenth of a section page's time, drawn twice a page).
_translated: dict[str, dict[str, str | None]] = {}
process_memo(_translated.clear)
TRANSLATED_KEPT = 4096


def home_url(language: str) -> str:
    """The home page of ``language``'s edition."""
    with translation.override(language):
        return reverse("home")
