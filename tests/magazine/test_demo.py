import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from reversion.models import Revision, Version

from articles.models import Article, Author, Category, Comment, Image
from magazine.models import SiteSettings
from magazine.site.demo import content
from magazine.site.demo.loader import generated_articles
from magazine.site.models import Page

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Article,
            Article.secondary_categories.through,
            Author,
            Category,
            Comment,
            Image,
            Page,
            Redirect,
            Revision,
            Version,
            User,
            User.groups.through,
        )
    }


def test_demo_is_idempotent():
    call_command("load_demo", articles=70, stdout=None)
    first = counts()

    call_command("load_demo", articles=70)

    assert counts() == first
    assert first["Article"] == 70


def test_demo_builds_a_realistic_magazine():
    call_command("load_demo")

    assert Article.objects.published().count() >= 60
    paths = set(Category.objects.values_list("path", flat=True))
    assert {
        "news/headlines",
        "news/politics",
        "news/world",
        "boats",
        "yachts",
        "real-estate",
        "health",
        "sports",
        "lifestyle/dining",
        "lifestyle/travel",
    } <= paths
    assert Category.objects.get(path="news/headlines").full_name == "News › Headlines"
    wire = Article.objects.get(slug="uk-heat-record-london")
    assert wire.contributors == (
        "Lawless reported from London. Danica Kirka contributed to this report."
    )
    assert wire.source_name
    assert Article.objects.filter(
        is_sponsored=True, headline__startswith="For Sale!"
    ).exists()
    assert Article.objects.exclude(lead_image=None).count() == Article.objects.count()
    seawall = Article.objects.get(slug="miami-beach-approves-seawall-plan")
    assert '<figure class="figure"><img src="/media/' in seawall.body
    assert 'width="1600" height="1000"' in seawall.rendered_body  # a library picture
    assert Author.objects.exclude(bio="").count() == Author.objects.count()
    assert Comment.objects.exclude(parent=None).exists()
    assert set(Page.objects.values_list("slug", flat=True)) >= {"about", "legal"}
    assert SiteSettings.load().about_blurb
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    scheduled = Article.objects.get(slug="coconut-grove-marina-redevelopment")
    assert scheduled not in Article.objects.published()


def test_demo_stories_read_as_if_a_newsroom_wrote_them():
    call_command("load_demo", articles=120)

    wire = Article.objects.get(slug="uk-heat-record-london")
    assert "reservoir" in wire.body.lower()
    assert "seawall" not in wire.body.lower()
    # Each discussion is about its own story.
    boat_show = Article.objects.get(slug="fort-lauderdale-boat-show-record")
    seawall = Article.objects.get(slug="miami-beach-approves-seawall-plan")
    assert "dock layout" in " ".join(
        boat_show.comment_set.values_list("body", flat=True)
    )
    assert "dock layout" not in " ".join(
        seawall.comment_set.values_list("body", flat=True)
    )
    # Composed stories carry their section's tags, and "An" where English wants it.
    composed = Article.objects.filter(slug__regex=r"-n[0-9]+$")
    assert composed.count() == 120 - len(content.STORIES) - len(content.STORIES_ES)
    for story in composed.select_related("category"):
        section = story.category.path.split("/")[0]
        assert set(story.tags.names()) <= set(content.SECTION_TAGS[section]), story
    wrong_article = re.compile(r"\b[Aa] (?:[AEIOU]|8|1[18]-)")
    assert not [
        story["headline"]
        for _, story in generated_articles(3000)
        if wrong_article.search(story["headline"])
    ]
    assert not Image.objects.filter(alt_text__regex=r"\d$").exists()


def test_demo_images_are_real_pictures():
    call_command("load_demo", articles=30)

    image = Image.objects.first()
    assert (image.width, image.height) == (1600, 1000)
    with image.file.open("rb") as f:
        assert f.read(3) == b"\xff\xd8\xff"


def test_demo_builds_a_large_set_with_bulk_inserts(django_assert_max_num_queries):
    # 3,000 articles in a bounded number of queries: the composed ones in bulk
    # inserts (13 queries for all 2,960), not one per row. The rest is the 24
    # written out in English and the 16 in Spanish (about 26 queries each, 12
    # of them their first revision and its tags, ``VersionTags``), the library
    # and the Spanish copies of the pictures the Spanish stories show, the
    # Spanish tags, authors, comments (each recounts its story), staff,
    # newsletter readers and a Spanish edition: about 1,532 (a cache or two may
    # start cold), far below one per composed story.
    # Browser tests flush the database, roles included: put those back first,
    # as the loader would, so only the loading is counted.
    importlib.import_module("articles.migrations.0003_roles").grant_roles(apps)
    importlib.import_module(
        "newsletter.migrations.0003_editors_run_the_whole_desk"
    ).grant(apps)
    with django_assert_max_num_queries(1542):
        call_command("load_demo", articles=3000)

    assert Article.objects.count() == 3000
    assert Article.objects.filter(tags__isnull=False).distinct().count() == 3000
