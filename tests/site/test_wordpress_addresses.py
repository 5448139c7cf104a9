"""Old WordPress addresses after an import: 301s to ours, never over our pages."""

import pytest
from PIL import Image as PILImage

from articles.models import Article, Category
from magazine.site.wordpress.importer import WordPressImport
from tests.site import wxr_builder as w

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    folder = tmp_path / "uploads" / "2024" / "03"
    folder.mkdir(parents=True)
    PILImage.new("RGB", (200, 100)).save(folder / "boat.jpg", "JPEG")
    export = w.export(
        tmp_path / "export.xml",
        w.category(10, "news", "News"),
        w.category(11, "headlines", "Headlines", parent="news"),
        w.item(
            1,
            "Story",
            categories=[("headlines", "Headlines")],
            metas=[w.meta("_thumbnail_id", "50")],
        ),
        w.item(2, "Hidden", status="draft", categories=[("news", "News")]),
        w.item(20, "About us", post_type="page", name="about-us"),
        w.item(
            50,
            "Boat",
            post_type="attachment",
            status="inherit",
            attachment_url="https://old.example.com/wp-content/uploads/2024/03/boat.jpg",
        ),
    )
    WordPressImport(export, tmp_path / "uploads").run()
    return Article.objects.get(headline="Story")


def location(client, url):
    response = client.get(url)
    assert response.status_code == 301, url
    return response["Location"]


def test_home_query_forms_redirect_before_the_cached_home(client, imported):
    assert client.get("/").status_code == 200  # the home page is now cached
    assert location(client, "/?p=1") == imported.get_absolute_url()
    assert location(client, "/?page_id=20") == "/about-us/"
    assert location(client, "/?cat=11") == "/news/headlines/"
    assert location(client, "/?p=2") == "/"  # not public: no address given away
    assert location(client, "/?tag=boats") == "/tag/boats/"
    assert location(client, "/?s=sea+view") == "/search/?q=sea+view"
    assert location(client, "/?feed=rss2") == "/feed/"
    assert location(client, "/?attachment_id=50").startswith("/media/images/")
    assert client.get("/?utm_source=x").status_code == 200  # not WordPress's


def test_wordpress_paths_redirect_to_ours(client, imported):
    assert location(client, "/2024/03/post-1/") == imported.get_absolute_url()
    assert location(client, "/category/news/headlines/") == "/news/headlines/"
    assert location(client, "/category/news/feed/") == "/feed/news/"
    assert location(client, "/2024/03/") == "/"
    assert location(client, "/news/page/2/") == "/news/?page=2"
    assert location(client, "/category/news/page/3/") == "/news/?page=3"
    assert location(client, "/wp-content/uploads/2024/03/boat-1024x683.jpg").startswith(
        "/media/images/"
    )
    assert location(client, "/tag/boats/feed/") == "/feed/tag/boats/"


def test_our_own_pages_are_never_shadowed(client, imported):
    Category.objects.create(name="Category", slug="category")
    assert client.get("/category/").status_code == 200
    assert client.get("/category/nothing-here/").status_code == 404
    assert client.get("/2024/").status_code == 301
