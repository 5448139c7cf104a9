"""A reader's path through the site in headless Chromium, at phone and desktop widths."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def site(live_server, settings):
    call_command("load_demo", articles=56)
    settings.SITE_URL = live_server.url  # canonical and copy links point there
    return live_server.url


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_home_to_section_to_story_and_back_by_the_breadcrumbs(page, site, screenshot):
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.goto(site + "/")
    page.locator("nav.main-nav").get_by_role("link", name="News").click()
    assert page.locator("h1").inner_text() == "News"

    page.locator(".card__headline a").first.click()
    assert page.locator("article.article h1").count() == 1
    assert page.locator("script[type='application/ld+json']").count() == 2
    assert errors == []  # no CSP violation: JSON-LD is data, share.js is ours
    crumbs = page.locator("nav.breadcrumbs a").all_inner_texts()
    assert crumbs[0] == "Home"
    assert crumbs[1] == "News"
    screenshot(page, "article-1280")

    page.locator("nav.breadcrumbs").get_by_role("link", name=crumbs[-1]).click()
    assert page.locator("h1").inner_text() == crumbs[-1]


def test_searching_from_the_header(page, site):
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Search stories").fill("boat show")
    page.get_by_role("searchbox", name="Search stories").press("Enter")

    assert "/search/?q=boat+show" in page.url
    assert page.locator(".search-results .card").count() >= 1


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320", "1280"])
def test_pages_fit_every_width_and_images_keep_their_space(
    page, site, screenshot, viewport
):
    page.set_viewport_size(viewport)
    page.goto(site + "/")
    story = page.locator(".card__headline a").first.get_attribute("href")
    for name, url in [
        ("home", "/"),
        ("section", "/boats/"),
        ("article", story),
        ("search", "/search/?q=miami"),
    ]:
        page.goto(site + url)
        assert fits_the_screen(page), url
        assert page.locator("h1").count() == 1, url
        assert page.evaluate(
            "[...document.images].every(i => i.getAttribute('width') && i.getAttribute('height') && i.alt !== undefined)"
        ), url
        screenshot(page, f"{name}-{viewport['width']}")


def test_pages_in_the_dark_scheme(browser, site, screenshot):
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    tab = context.new_page()
    tab.goto(site + "/")
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    screenshot(tab, "home-320-dark")
    context.close()

    assert background == "rgb(18, 20, 22)"


def test_copy_link_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site + "/")
    story = tab.locator(".card__headline a").first.get_attribute("href")
    tab.goto(site + story)

    tab.get_by_role("link", name="Copy link").click()

    assert tab.url == site + story
    context.close()
