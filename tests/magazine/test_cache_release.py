"""The page cache is per release: after a deploy no reader gets a page drawn by
the previous release (its hashed stylesheet may be gone, its headers old)."""

import json

import pytest

from magazine import cache as page_cache
from magazine.memos import reset_memos
from magazine.models import SiteSettings
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    SiteSettings.load()
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    return ArticleFactory(category=boats, slug="record-show")


def deploy(settings, release: str) -> None:
    settings.RELEASE = release
    reset_memos()


def test_pages_cached_under_one_release_are_not_served_under_the_next(
    client, settings, story
):
    deploy(settings, "release-a")
    url = story.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    deploy(settings, "release-b")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_without_a_release_variable_the_static_manifest_names_the_release(
    settings, tmp_path
):
    settings.RELEASE = ""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    manifest = tmp_path / "staticfiles.json"
    manifest.write_text(
        json.dumps({"version": "1.1", "paths": {"site.css": "site.1111.css"}})
    )
    reset_memos()
    first = page_cache.release()

    manifest.write_text(
        json.dumps({"version": "1.1", "paths": {"site.css": "site.2222.css"}})
    )
    assert page_cache.release() == first  # read once per process
    reset_memos()
    assert page_cache.release() != first
