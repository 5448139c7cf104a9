"""The chrome every page shares: header navigation, skip link, footer and signup."""

import re

import pytest
from django.utils import timezone

from magazine.models import SiteSettings
from magazine.site.models import Page
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def magazine():
    news = CategoryFactory(name="News", slug="news", in_navigation=True, position=1)
    CategoryFactory(name="Boats", slug="boats", in_navigation=True, position=2)
    CategoryFactory(name="Hidden", slug="hidden", in_navigation=False)
    headlines = CategoryFactory(name="Headlines", slug="headlines", parent=news)
    site = SiteSettings.load()
    site.about_blurb = "An independent magazine about life in South Florida."
    site.legal_notice = "Published by Miami Current Media LLC."
    site.save()
    return ArticleFactory(category=headlines, slug="seawall")


def pages(article):
    return ["/", "/news/", "/news/headlines/", article.get_absolute_url()]


def test_every_page_has_the_same_chrome(client, magazine, settings):
    settings.SITE_FOUNDED_YEAR = 2009
    for url in pages(magazine):
        html = client.get(url).content.decode()

        assert '<a class="skip-link" href="#main">Skip to content</a>' in html, url
        assert '<main id="main"' in html, url
        nav = re.search(
            r'<nav class="main-nav" aria-label="Sections">(.*?)</nav>', html, re.S
        )
        assert re.findall(r">(\w+)</a>", nav.group(1)) == ["News", "Boats"], url
        assert "An independent magazine about life in South Florida." in html, url
        assert "Published by Miami Current Media LLC." in html, url
        assert f"© 2009–{timezone.now().year} Miami Current" in html, url
        assert 'action="/newsletter/"' in html, url
        assert 'name="issued"' in html, (
            url
        )  # the signed stamp stands in for a CSRF token
        assert 'name="csrfmiddlewaretoken"' not in html, (
            url
        )  # a per-reader token would spoil caching
        assert 'type="email" name="email"' in html, url


def test_pages_declare_language_viewport_and_canonical(client, magazine, settings):
    settings.SITE_URL = "https://miamicurrent.example"
    html = client.get("/news/", {"page": "1", "utm_source": "newsletter"}).text

    assert '<html lang="en">' in html
    assert (
        '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    )
    # On SITE_URL whatever host the request named; no tracking, no first page number.
    assert '<link rel="canonical" href="https://miamicurrent.example/news/">' in html


def test_the_chrome_costs_no_query_once_cached(
    client, magazine, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the page cache would hide the chrome's cost
    Page.objects.create(slug="about", title="About us", body="<p>Who we are.</p>")
    client.get("/about/")  # warms the navigation and site settings caches

    with django_assert_num_queries(1):  # the page itself
        response = client.get("/about/")

    assert "Who we are." in response.content.decode()
    assert '<nav class="main-nav"' in response.content.decode()


def test_drawn_once_the_chrome_still_fits_each_page_and_reader(
    client, magazine, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # a cached page is the same for every reader

    def chrome(url):
        html = client.get(url).content.decode()
        current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
        back_to = re.search(r'name="next" value="([^"]*)"', html)[1]
        stamp = re.search(r'name="issued" value="([^"]+)"', html)[1]
        return current, back_to, stamp

    assert chrome("/news/")[:2] == (["/news/"], "/news/")
    assert chrome("/boats/")[:2] == (["/boats/"], "/boats/")
    # A story is not its section's page; the signup form returns to the story.
    assert chrome(magazine.get_absolute_url())[:2] == ([], "/news/headlines/seawall/")
    assert chrome("/search/?q=x")[1] == "/search/"
    first, second = chrome("/news/")[2], chrome("/news/")[2]
    assert first != second  # each reader's form is stamped when drawn


def test_the_footer_signup_asks_only_for_an_address_and_consent(client, magazine):
    html = client.get("/news/").content.decode()
    form = re.search(r'<form[^>]+id="footer-signup".*?</form>', html, re.S)[0]

    assert re.findall(r'<input type="(?:email|checkbox)" name="(\w+)"', form) == [
        "email",
        "consent",
    ]
    assert '<label for="footer-signup-email">E-mail address</label>' in form
    assert 'name="leave_empty"' in form  # the honeypot, hidden from people


def test_the_chrome_follows_a_change_of_the_site(client, magazine):
    client.get("/news/")
    site = SiteSettings.load()
    site.about_blurb = "Now with more boats."
    site.save()
    CategoryFactory(name="Yachts", slug="yachts", in_navigation=True, position=3)

    html = client.get("/news/").content.decode()

    assert "Now with more boats." in html
    assert '<a href="/yachts/">Yachts</a>' in html
