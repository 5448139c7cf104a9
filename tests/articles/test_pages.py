"""The reader's pages: what each shows, what it hides, and what it costs in queries."""

import json
import re

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor, RelatedArticle
from tests.articles.stories import news_sections, seawall_story
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache(settings):
    """These tests measure the views themselves, not the page cache in front of them."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def news():
    return news_sections()


@pytest.fixture
def story(news):
    return seawall_story(news[1])


def html_of(response) -> str:
    return response.content.decode()


def test_the_byline_follows_the_editors_order_and_the_tags_theirs(client):
    story = ArticleFactory(slug="regatta")
    later, first = AuthorFactory(name="Zoe Brandt"), AuthorFactory(name="Al Vidal")
    ArticleAuthor.objects.create(article=story, author=later, position=1)
    ArticleAuthor.objects.create(article=story, author=first, position=0)
    story.tags.add("Wind")
    story.tags.add("Harbour")

    html = html_of(client.get(story.get_absolute_url()))

    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group()
    assert re.findall(r'rel="author">([^<]+)<', byline) == ["Al Vidal", "Zoe Brandt"]
    assert re.findall(r'rel="tag">([^<]+)<', html) == ["Wind", "Harbour"]


def test_article_page_shows_the_story_with_its_furniture(client, story):
    html = html_of(client.get("/news/headlines/seawall/"))

    assert "<h1>Miami Beach approves a seawall</h1>" in html
    assert "The city votes for higher walls." in html
    assert '<a href="/author/elena/" rel="author">Elena Marquez</a> and' in html
    assert html.count("<time datetime=") >= 2  # published and updated
    assert "MIAMI BEACH, Fla. —" in html
    assert "Jill Lawless contributed to this report." in html
    assert 'The bay at dusk <span class="credit">Ana Ruiz</span>' in html
    assert re.search(r'<img src="[^"]+" width="\d+" height="\d+" alt="', html)
    assert '<a href="/tag/climate/" rel="tag">Climate</a>' in html
    assert 'id="comments"' in html
    assert 'id="footer-signup"' in html  # the newsletter signup
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    assert re.findall(r">([^<>]+)</(?:a|span)>", nav) == [
        "Home",
        "News",
        "Headlines",
        "Miami Beach approves a seawall",
    ]


def test_article_page_offers_share_links_without_third_party_script(
    client, story, settings
):
    settings.SITE_URL = "http://testserver"
    html = html_of(client.get(story.get_absolute_url()))
    url = "http%3A%2F%2Ftestserver%2Fnews%2Fheadlines%2Fseawall%2F"

    for prefix in (
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://x.com/intent/post?url=",
        "https://www.linkedin.com/sharing/share-offsite/?url=",
        "mailto:?subject=Miami%20Beach%20approves%20a%20seawall&amp;body=",
    ):
        assert f'href="{prefix}{url}' in html, prefix
    assert f"https://wa.me/?text=Miami%20Beach%20approves%20a%20seawall%20{url}" in html
    assert (
        '<a href="http://testserver/news/headlines/seawall/" class="copy-link"' in html
    )
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts == ["/static/js/share.js"]


def test_article_page_speaks_to_search_engines_and_social_cards(
    client, story, settings
):
    # Every absolute URL is on SITE_URL, whatever host the request named.
    settings.SITE_URL = "https://miamicurrent.example"
    html = html_of(client.get(story.get_absolute_url()))

    assert "<title>Miami Beach approves a seawall — Miami Current</title>" in html
    assert (
        '<meta name="description" content="The city votes for higher walls.">' in html
    )
    assert (
        '<link rel="canonical" href="https://miamicurrent.example/news/headlines/seawall/">'
        in html
    )
    assert '<meta property="og:type" content="article">' in html
    assert re.search(
        r'<meta property="og:image" content="https://miamicurrent.example/media/images/',
        html,
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    blocks = [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html
        )
    ]
    article, breadcrumbs = blocks
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Miami Beach approves a seawall"
    assert article["image"][0].startswith("https://miamicurrent.example/media/images/")
    assert [a["name"] for a in article["author"]] == ["Elena Marquez", "Sam Ortiz"]
    assert article["datePublished"] == story.publish_at.isoformat()
    assert article["publisher"]["logo"]["url"].startswith(
        "https://miamicurrent.example/static/"
    )
    assert [i["name"] for i in breadcrumbs["itemListElement"]] == [
        "Home",
        "News",
        "Headlines",
        "Miami Beach approves a seawall",
    ]


def test_syndicated_story_points_its_canonical_link_at_the_source(client, news):
    wire = ArticleFactory(
        category=news[1],
        source_name="The Associated Press",
        source_url="https://apnews.com/article/seawall",
    )
    html = html_of(client.get(wire.get_absolute_url()))

    assert '<link rel="canonical" href="https://apnews.com/article/seawall">' in html
    assert (
        'Originally published by <a href="https://apnews.com/article/seawall">The Associated Press</a>'
        in html
    )


def test_sponsored_story_is_labelled(client, news):
    advert = ArticleFactory(
        category=news[1], is_sponsored=True, sponsor_name="Bay Marine"
    )

    assert "Sponsored by Bay Marine" in html_of(client.get(advert.get_absolute_url()))
    assert '<span class="sponsored">Sponsored</span>' in html_of(client.get("/news/"))


def latest_news(html: str) -> dict[str, str]:
    """The items of the page's "Latest news" list, by headline."""
    (items,) = re.findall(r'<ol class="headline-list">(.*?)</ol>', html, re.S)
    return {
        re.search(r"<a [^>]*>(.*?)</a>", item)[1]: item
        for item in re.findall(r"<li>(.*?)</li>", items, re.S)
    }


@pytest.mark.parametrize("page", ["home", "article"])
def test_latest_news_labels_sponsored_stories(client, news, page):
    advert = ArticleFactory(
        category=news[1],
        headline="For sale: a Sea Ray 350",
        is_sponsored=True,
        sponsor_name="Bay Marine",
    )
    plain = ArticleFactory(category=news[1], headline="Seawall vote passes")
    reading = ArticleFactory(category=news[1], headline="The story being read")
    url = "/" if page == "home" else reading.get_absolute_url()

    latest = latest_news(html_of(client.get(url)))

    label = '<span class="sponsored">Sponsored</span>'
    assert latest[advert.headline].count(label) == 1
    assert 'class="sponsored"' not in latest[plain.headline]


@pytest.mark.parametrize(
    ("status", "publish_in"),
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.IN_REVIEW, -1),
        (Article.Status.PUBLISHED, 1),  # published, but not due yet
        (Article.Status.ARCHIVED, -1),
    ],
)
def test_unpublished_story_is_not_found_anywhere(client, news, status, publish_in):
    hidden = ArticleFactory(
        category=news[1],
        status=status,
        headline="The secret story",
        publish_at=timezone.now() + timezone.timedelta(hours=publish_in),
    )
    hidden.tags.add("Secrets")

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in ("/", "/news/", "/news/headlines/", "/tag/secrets/", "/feed/"):
        assert "The secret story" not in html_of(client.get(url)), url


def test_story_whose_licence_expired_is_gone(client, news):
    wire = ArticleFactory(
        category=news[1],
        headline="A wire story",
        licence_expires_at=timezone.now() - timezone.timedelta(minutes=1),
    )

    response = client.get(wire.get_absolute_url())

    assert response.status_code == 410
    assert "no longer available" in html_of(response)
    assert "A wire story" not in html_of(client.get("/news/"))


def test_category_lists_its_own_and_its_descendants_stories(client, news, story):
    section, _ = news
    ArticleFactory(category=section, headline="A story filed under News itself")
    other = ArticleFactory(headline="A story from elsewhere")

    html = html_of(client.get("/news/"))

    assert "Miami Beach approves a seawall" in html
    assert "A story filed under News itself" in html
    assert other.headline not in html
    assert '<a href="/news/headlines/">Headlines</a>' in html  # the child section


def test_a_story_filed_under_a_secondary_section_is_listed_there_too(
    client, news, story
):
    sports = CategoryFactory(name="Sports", slug="sports", in_navigation=True)
    boating = CategoryFactory(name="Boating", slug="boating", parent=sports)
    ArticleFactory(category=sports, headline="A story filed under Sports")
    story.secondary_categories.add(boating)

    for url in ("/sports/", "/sports/boating/", "/feed/sports/", "/"):
        assert "Miami Beach approves a seawall" in html_of(client.get(url)), url
    # Its address and breadcrumbs stay those of its primary section.
    assert story.get_absolute_url() == "/news/headlines/seawall/"
    assert 'href="/sports/boating/seawall/"' not in html_of(client.get("/sports/"))

    story.secondary_categories.remove(boating)
    assert "Miami Beach approves a seawall" not in html_of(client.get("/sports/"))


@pytest.mark.parametrize(
    "page", ["2", "0", "x", "-1", "99999999999", "01", "\u00b2", "\u0661", "10001"]
)
def test_category_page_past_the_end_or_not_a_number_is_404(client, story, page):
    assert client.get(f"/news/?page={page}").status_code == 404


def test_category_pages_through_its_stories(client, news, settings):
    settings.SITE_URL = "https://miamicurrent.example"
    ArticleFactory.create_batch(21, category=news[0])

    first = html_of(client.get("/news/"))
    second = html_of(client.get("/news/?page=2"))

    assert first.count('class="card__headline"') == 20
    assert '<a rel="next" href="/news/?page=2">Older stories</a>' in first
    assert second.count('class="card__headline"') == 1
    assert '<a rel="prev" href="/news/">Newer stories</a>' in second
    assert "<title>News — Page 2 — " in second
    canonical = '<link rel="canonical" href="https://miamicurrent.example/news/{}">'
    assert canonical.format("?page=2") in second
    assert 'rel="next"' not in second
    # Only what the view reads: no ?q= on a section, no tracking, no first page.
    junk = html_of(client.get("/news/?q=junk&utm_source=x&page=1"))
    assert canonical.format("") in junk
    assert '<a rel="next" href="/news/?page=2">' in junk


def test_tag_page_lists_the_tagged_stories(client, story):
    ArticleFactory(headline="Untagged story")

    response = client.get("/tag/climate/")

    assert response.status_code == 200
    assert "<h1>Climate</h1>" in html_of(response)
    assert "Miami Beach approves a seawall" in html_of(response)
    assert "Untagged story" not in html_of(response)
    assert client.get("/tag/no-such-tag/").status_code == 404


def test_author_page_shows_bio_and_stories(client, story):
    html = html_of(client.get("/author/elena/"))

    assert "<h1>Elena Marquez</h1>" in html
    assert "Writes about Miami." in html
    assert "Miami Beach approves a seawall" in html
    assert client.get("/author/nobody/").status_code == 404


def test_related_stories_are_the_editors_published_picks_in_order(client, story):
    second, first, hidden = (
        ArticleFactory(headline="Second pick"),
        ArticleFactory(headline="First pick"),
        ArticleFactory(headline="Draft pick", status=Article.Status.DRAFT),
    )
    for position, pick in enumerate([first, second, hidden]):
        RelatedArticle.objects.create(article=story, related=pick, position=position)

    html = html_of(client.get(story.get_absolute_url()))
    related = re.search(r'<section class="related".*?</section>', html, re.S).group()

    assert re.findall(r'card__headline"><a [^>]+>([^<]+)<', related) == [
        "First pick",
        "Second pick",
    ]
    assert 'class="label"' in related  # each with its section
    assert 'class="card__excerpt"' in related


def test_about_and_legal_pages_share_the_first_url_segment(client):
    from magazine.site.models import Page

    Page.objects.create(slug="about", title="About us", body="<p>Who we are.</p>")

    assert "Who we are." in html_of(client.get("/about/"))
    assert client.get("/legal/").status_code == 404


def test_not_found_page_is_styled_and_touches_no_database(
    rf, django_assert_num_queries
):
    from django.http import Http404
    from django.views.defaults import page_not_found

    with django_assert_num_queries(0):
        response = page_not_found(rf.get("/nowhere/"), Http404())

    assert response.status_code == 404
    html = html_of(response)
    assert "We could not find that page" in html
    assert "<title>Page not found — Miami Current</title>" in html
    assert '<a class="site-name" href="/">Miami Current</a>' in html
    assert 'role="search"' in html  # a way on without a menu from the database


def test_server_error_page_touches_no_database(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "<title>Something went wrong — Miami Current</title>" in html_of(response)


def test_browsers_asking_for_a_favicon_get_the_site_icon(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith("img/icon.svg")


def hours_ago(hours: int):
    return timezone.now() - timezone.timedelta(hours=hours)


def test_home_sections_show_their_newest_stories_below_the_featured(client):
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    sailing = CategoryFactory(name="Sailing", slug="sailing", parent=boats)
    elsewhere = CategoryFactory(in_navigation=False)
    featured = ArticleFactory(category=boats, is_featured=True, headline="Featured")
    ArticleFactory(category=boats, headline="Oldest", publish_at=hours_ago(90))
    for hours, headline in [(1, "Sub-section"), (3, "Own"), (4, "Third")]:
        ArticleFactory(category=sailing, headline=headline, publish_at=hours_ago(hours))
    filed_too = ArticleFactory(
        category=elsewhere, headline="Filed here too", publish_at=hours_ago(2)
    )
    filed_too.secondary_categories.add(boats)
    ArticleFactory(category=boats, headline="Draft", status=Article.Status.DRAFT)

    html = html_of(client.get("/"))

    section = re.search(
        r'<section[^>]*"section-boats".*?</section>', html, re.S
    ).group()
    assert re.findall(r'<h3 class="card__headline"><a[^>]*>([^<]+)<', section) == [
        "Sub-section",
        "Filed here too",
        "Own",
        "Third",
    ]
    assert featured.headline not in section
