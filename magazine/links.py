import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from magazine.memos import process_memo


def absolute_url(path_or_url: str) -> str:
    """A link that works outside the site (feeds, e-mails): on SITE_URL unless already absolute."""
    return path_or_url if "://" in path_or_url else settings.SITE_URL + path_or_url


@functools.cache
def _page_url_prefix(script_prefix: str, language: str) -> str:
    return reverse("page", kwargs={"path": "-"}).removesuffix("-/")


process_memo(_page_url_prefix.cache_clear)


def page_url(path: str) -> str:
    """The URL of whatever lives at ``path``: a section, a story in it, a standing page.

    Cards link to stories and sections several times each, on every list page:
    the pattern is reversed once per script prefix and language (``/es/``), then
    only joined.
    """
    return f"{_page_url_prefix(get_script_prefix(), get_language())}{path}/"
