"""The site's chrome in a real browser: phones first, keyboard users included."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server):
    call_command("load_demo", articles=56)
    return live_server.url


def test_home_page_reads_well_on_a_320px_phone(page, demo, screenshot):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo + "/")

    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator("nav.main-nav a").first.is_visible()
    assert page.locator("footer form.signup-form input[type=email]").is_visible()
    screenshot(page, "home-320")


def test_skip_link_is_the_first_stop_for_keyboard_users(page, demo):
    page.goto(demo + "/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_reader_goes_from_home_to_a_section_and_a_story(page, demo, screenshot):
    page.goto(demo + "/")
    screenshot(page, "home-1280")
    page.locator("nav.main-nav").get_by_role("link", name="Boats").click()

    assert page.locator("h1").inner_text() == "Boats"
    page.locator(".card__headline a").first.click()

    assert (
        page.locator("nav.breadcrumbs").get_by_role("link", name="Boats").is_visible()
    )
    assert page.locator("article.article h1").is_visible()
    screenshot(page, "article-1280")


def test_a_spanish_reader_goes_from_the_spanish_home_to_a_story(page, demo, screenshot):
    page.goto(demo + "/es/")
    page.locator("nav.main-nav").get_by_role("link", name="Estilo de vida").click()

    assert page.locator("h1").inner_text() == "Estilo de vida"
    page.get_by_role(
        "link", name="Doce ventanitas donde la Pequeña Habana todavía empieza el día"
    ).first.click()

    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.locator("article.article h1").inner_text().startswith("Doce ventanitas")
    assert page.get_by_text("Mirta Álvarez").first.is_visible()
    screenshot(page, "article-es-1280")
