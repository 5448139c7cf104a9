"""The tags sitemap lists each tag's page in each edition that has live
stories with it, with hreflang alternates where both editions have (issue 15)."""

import re

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def entries(body: str) -> dict[str, list[str]]:
    """Each <url>'s location, and the hreflang links under it."""
    return {
        re.search(r"<loc>https?://[^/]+([^<]+)</loc>", url).group(1): re.findall(
            r'hreflang="([^"]+)" href="https?://[^/]+([^"]+)"', url
        )
        for url in re.findall(r"<url>(.*?)</url>", body, re.S)
    }


def test_each_tag_page_is_listed_in_the_editions_that_have_stories_with_it(client):
    ArticleFactory(language="en").tags.add("boats", "wynwood")
    ArticleFactory(language="es").tags.add("boats", "ventanitas")
    ArticleFactory(language="es", status="draft").tags.add("borrador")
    ArticleFactory(language="en").tags.add("wynwood")

    response = client.get("/sitemap-tags.xml")

    assert response.status_code == 200
    listed = entries(response.content.decode())
    assert set(listed) == {
        "/tag/boats/",
        "/es/tag/boats/",
        "/tag/wynwood/",
        "/es/tag/ventanitas/",
    }
    both = [
        ("en", "/tag/boats/"),
        ("es", "/es/tag/boats/"),
        ("x-default", "/tag/boats/"),
    ]
    assert sorted(listed["/tag/boats/"]) == sorted(both)
    assert sorted(listed["/es/tag/boats/"]) == sorted(both)
    assert listed["/tag/wynwood/"] == []
    assert listed["/es/tag/ventanitas/"] == []


def test_every_listed_tag_page_shows_stories_of_its_edition(client):
    ArticleFactory(language="es", headline="Ventanitas de Miami").tags.add("ventanitas")
    ArticleFactory(language="en", headline="Wynwood walls").tags.add("wynwood")

    listed = entries(client.get("/sitemap-tags.xml").content.decode())

    assert set(listed) == {"/es/tag/ventanitas/", "/tag/wynwood/"}
    assert "Ventanitas de Miami" in client.get("/es/tag/ventanitas/").text
    assert "Wynwood walls" in client.get("/tag/wynwood/").text
