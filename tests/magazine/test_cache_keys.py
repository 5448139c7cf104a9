"""The page cache stores canonical addresses only: a stranger's query strings
are answered but never stored, so they cannot crowd out what the cache holds."""

import pytest
from django.core.cache import cache

from magazine.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_cache(settings, tmp_path):
    """The default cache as deployed: a folder, with Django's default cull
    (past 300 entries, each new one deletes a third of them)."""
    folder = tmp_path / "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        }
    }
    return folder


@pytest.fixture
def story():
    SiteSettings.load()
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    return ArticleFactory(
        category=boats,
        slug="record-show",
        headline="Record crowds at the boat show",
        authors=[AuthorFactory(slug="elena")],
    )


def test_a_thousand_junk_query_strings_store_nothing_and_evict_nothing(
    client, story, file_cache
):
    for url in ("/", "/boats/", "/boats/record-show/", "/robots.txt"):
        client.get(url)
    cache.set("limit:some-reader", 3, timeout=3600)  # what a cull would take too
    before = sorted(path.name for path in file_cache.iterdir())

    answers = {client.get(f"/robots.txt?junk={n}").status_code for n in range(1000)}

    assert answers == {200}
    assert sorted(path.name for path in file_cache.iterdir()) == before
    assert cache.get("limit:some-reader") == 3
    assert client.get("/robots.txt")["X-Page-Cache"] == "hit"


def stored(client, url: str) -> bool:
    """Whether ``url``'s answer was kept: asked twice, the second is a hit."""
    client.get(url)
    return client.get(url).get("X-Page-Cache") == "hit"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/search/?q=record", True),
        ("/search/?q=record+crowds", True),
        ("/search/?q=record&junk=1", False),
        ("/search/?q=record&q=crowds", False),  # a parameter twice
        ("/search/?q=record%21%21", False),  # "record!!": not the cleaned query
        ("/search/?q=record++crowds", False),
        ("/boats/?page=1", True),
        ("/boats/?utm_source=newsletter", True),  # tracking: the page /boats/ itself
        ("/boats/?utm_source=newsletter&junk=1", False),
        ("/boats/record-show/?page=2", False),  # a story takes no page number
        ("/tag/nothing/?page=1", False),  # a 404
        ("/author/elena/?page=1", True),
        ("/author/elena/?page=1.0", False),
        ("/sitemap-articles.xml?p=1", True),
        ("/sitemap-articles.xml?p=1.0", False),  # the same page, another spelling
        ("/sitemap-sections.xml?p=1", True),
        ("/sitemap-sections.xml?p=01", False),
        ("/feed/?format=atom", False),
    ],
)
def test_only_parameters_a_page_takes_in_their_canonical_form_are_stored(
    client, story, url, kept
):
    assert stored(client, url) is kept


def test_one_entry_however_the_address_orders_or_spells_its_parameters(client, story):
    client.get("/search/?q=record+crowds&page=1")

    assert client.get("/search/?page=1&q=record%20crowds")["X-Page-Cache"] == "hit"
