"""An imported magazine in Chromium: its reader pages and its old addresses."""

import pytest
from PIL import Image as PILImage

from magazine.site.wordpress.importer import WordPressImport
from tests.site import wxr_builder as w

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.SITE_URL = live_server.url
    folder = tmp_path / "uploads" / "2024" / "03"
    folder.mkdir(parents=True)
    PILImage.new("RGB", (600, 400), (20, 80, 120)).save(folder / "boat.jpg", "JPEG")
    uploads = "https://old.example.com/wp-content/uploads/2024/03/"
    export = w.export(
        tmp_path / "export.xml",
        w.author("jdoe", "Jane Doe"),
        w.category(10, "news", "News"),
        w.item(
            1,
            "Harbour reopens שלום 🚤",
            name="harbour-reopens",
            categories=[("news", "News")],
            tags=[("boats", "Boats")],
            body=(
                "The harbour reopened today.\n\nSecond paragraph.\n\n"
                f'[caption id="attachment_50"]<img src="{uploads}boat-1024x683.jpg" '
                'alt="The harbour" /> Boats are back[/caption]'
            ),
            comments=[
                w.comment(100, "Great news"),
                w.comment(101, "Agreed", parent=100),
            ],
        ),
        w.item(20, "About us", post_type="page", name="about-us", body="We are."),
        w.item(
            50,
            "Boat",
            post_type="attachment",
            status="inherit",
            attachment_url=f"{uploads}boat.jpg",
        ),
    )
    WordPressImport(export, tmp_path / "uploads").run()
    return live_server.url


def test_imported_pages_read_well_and_old_addresses_arrive(page, site):
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.goto(site + "/2024/03/harbour-reopens/")
    assert page.url == site + "/news/harbour-reopens/"
    assert page.locator("article.article h1").inner_text() == "Harbour reopens שלום 🚤"
    assert page.locator("figure figcaption").inner_text() == "Boats are back"
    assert page.locator("figure img").evaluate("img => img.naturalWidth") == 600
    assert "Great news" in page.content()
    assert "Agreed" in page.content()

    page.goto(site + "/?p=1")
    assert page.url == site + "/news/harbour-reopens/"
    page.goto(site + "/?page_id=20")
    assert page.url == site + "/about-us/"
    assert "We are." in page.content()
    page.goto(site + "/category/news/")
    assert page.url == site + "/news/"
    assert page.locator("h1").inner_text() == "News"
    page.goto(site + "/tag/boats/")
    assert "Harbour reopens" in page.content()
    assert errors == []
