"""Feeds, sitemaps and robots.txt: what feed readers and search engines read."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def magazine():
    boats = CategoryFactory(name="Boats", slug="boats")
    story = ArticleFactory(
        category=boats,
        slug="record-show",
        headline="Record crowds at the boat show",
        lead_image=ImageFactory(),
        authors=[AuthorFactory(name="Elena Marquez", slug="elena")],
    )
    story.tags.add("Boat show")
    ArticleFactory(
        headline="A draft nobody may see",
        category=boats,
        status=Article.Status.DRAFT,
    )
    ArticleFactory(
        headline="An old story",
        publish_at=timezone.now() - timezone.timedelta(days=5),
    )
    return story


def xml(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def article_sitemap_locations(client) -> list[str]:
    """Every URL in the articles sitemap's pages that could hold this test's stories
    (pages are id ranges)."""
    from magazine.site.sitemaps import ArticleSitemap

    pages = {
        -(-pk // ArticleSitemap.limit)
        for pk in Article.objects.values_list("pk", flat=True)
    }
    return [
        loc.text
        for page in pages
        for loc in xml(client.get(f"/sitemap-articles.xml?p={page}")).findall(
            "sm:url/sm:loc", NS
        )
    ]


@pytest.mark.parametrize(
    "url",
    ["/feed/", "/feed/boats/", "/feed/tag/boat-show/", "/feed/author/elena/"],
)
def test_rss_feeds_list_published_stories_with_full_urls_and_images(
    client, magazine, url
):
    channel = xml(client.get(url)).find("channel")
    items = channel.findall("item")
    titles = [item.findtext("title") for item in items]

    assert "Record crowds at the boat show" in titles
    assert "A draft nobody may see" not in titles
    story = items[titles.index("Record crowds at the boat show")]
    assert (
        story.findtext("link") == "http://127.0.0.1:8000/boats/record-show/"
    )  # the Site follows SITE_URL
    image = story.find("media:content", NS)
    assert image.get("url").startswith("http://127.0.0.1:8000/media/images/")
    assert image.get("medium") == "image"
    assert int(image.get("width")) > 0
    assert channel.findtext("link").startswith("http://127.0.0.1:8000/")


@pytest.mark.parametrize(
    "url",
    [
        "/feed/atom/",
        "/feed/boats/atom/",
        "/feed/tag/boat-show/atom/",
        "/feed/author/elena/atom/",
    ],
)
def test_atom_feeds_carry_the_same_stories(client, magazine, url):
    feed = xml(client.get(url))
    entries = feed.findall("atom:entry", NS)

    assert "Record crowds at the boat show" in [
        e.findtext("atom:title", namespaces=NS) for e in entries
    ]
    assert entries[0].find("media:content", NS) is not None
    assert entries[0].find("atom:author/atom:name", NS) is not None


@pytest.mark.parametrize(
    ("url", "titles"),
    [("/feed/", "channel/item/title"), ("/feed/atom/", "atom:entry/atom:title")],
)
def test_feeds_label_sponsored_stories_in_the_title(client, magazine, url, titles):
    ArticleFactory(headline="A Sea Ray 350 for sale", is_sponsored=True)

    shown = [title.text for title in xml(client.get(url)).findall(titles, NS)]

    assert "Sponsored: A Sea Ray 350 for sale" in shown
    assert "Record crowds at the boat show" in shown  # the newsroom's own: no label


@pytest.mark.parametrize(
    "url", ["/feed/nowhere/", "/feed/tag/nothing/", "/feed/author/nobody/"]
)
def test_feeds_of_things_that_do_not_exist_are_404(client, url):
    assert client.get(url).status_code == 404


def test_sitemap_index_points_at_paginated_sitemaps(client, magazine, monkeypatch):
    from magazine.site.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    index = xml(client.get("/sitemap.xml"))
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]

    assert "http://127.0.0.1:8000/sitemap-articles.xml" in locations
    assert "http://127.0.0.1:8000/sitemap-articles.xml?p=2" in locations
    assert "http://127.0.0.1:8000/sitemap-news.xml" in locations
    assert "http://127.0.0.1:8000/sitemap-sections.xml" in locations


def test_article_sitemap_lists_live_stories_only(client, magazine):
    locations = article_sitemap_locations(client)

    assert "http://127.0.0.1:8000/boats/record-show/" in locations
    assert len(locations) == 2  # the draft is left out
    assert client.get("/sitemap-articles.xml?p=9999").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


def test_news_sitemap_lists_the_last_two_days(client, magazine):
    urlset = xml(client.get("/sitemap-news.xml"))
    titles = [t.text for t in urlset.findall("sm:url/news:news/news:title", NS)]

    assert titles == ["Record crowds at the boat show"]
    assert urlset.find("sm:url/news:news/news:publication/news:name", NS).text == (
        "Miami Current"
    )


def test_news_sitemap_leaves_out_sponsored_stories(client, magazine):
    advert = ArticleFactory(
        headline="For sale: a Sea Ray 350",
        slug="for-sale",
        is_sponsored=True,
        sponsor_name="Bay Marine",
    )

    urlset = xml(client.get("/sitemap-news.xml"))
    titles = [t.text for t in urlset.findall("sm:url/news:news/news:title", NS)]

    assert titles == ["Record crowds at the boat show"]
    # Still a page of the site: the ordinary sitemap lists it.
    assert f"http://127.0.0.1:8000{advert.get_absolute_url()}" in (
        article_sitemap_locations(client)
    )


def test_sitemaps_leave_out_syndicated_stories_whose_canonical_is_elsewhere(
    client, magazine
):
    wire = ArticleFactory(
        headline="UK heat record", source_url="https://apnews.example/heat"
    )

    titles = [
        t.text
        for t in xml(client.get("/sitemap-news.xml")).findall(
            "sm:url/news:news/news:title", NS
        )
    ]
    assert titles == ["Record crowds at the boat show"]
    locations = article_sitemap_locations(client)
    assert f"http://127.0.0.1:8000{wire.get_absolute_url()}" not in locations
    assert "http://127.0.0.1:8000/boats/record-show/" in locations
    assert client.get(wire.get_absolute_url()).status_code == 200  # still readable


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"] == "text/plain"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
    assert "Sitemap: http://127.0.0.1:8000/sitemap-news.xml" in lines


def test_pages_advertise_their_feed(client, magazine):
    html = client.get("/boats/").content.decode()

    assert (
        '<link rel="alternate" type="application/rss+xml" title="Boats — Miami Current" href="/feed/boats/">'
        in html
    )
