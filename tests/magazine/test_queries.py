"""Queries compiled once per process answer exactly as their querysets do."""

from datetime import datetime, timedelta

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from articles.models import Article
from magazine.queries import CompiledQuery
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def live_in_section(section: int, now) -> QuerySet:
    return (
        Article.objects.published(now)
        .filter(category_id=section)
        .order_by("-publish_at")
        .values_list("pk", "publish_at")
    )


LIVE_IN_SECTION = CompiledQuery(live_in_section, section=int, now=datetime)


def test_each_run_takes_its_own_values_and_converts_columns():
    boats, homes = CategoryFactory(), CategoryFactory()
    now = timezone.now()
    older = ArticleFactory(category=boats, publish_at=now - timedelta(days=2))
    newer = ArticleFactory(category=boats, publish_at=now - timedelta(hours=1))
    later = ArticleFactory(category=boats, publish_at=now + timedelta(hours=1))
    house = ArticleFactory(category=homes)

    assert LIVE_IN_SECTION.rows(section=boats.pk, now=now) == [
        (newer.pk, newer.publish_at),
        (older.pk, older.publish_at),
    ]
    # The same SQL, new values: another section, a later time.
    assert LIVE_IN_SECTION.rows(section=homes.pk, now=now) == [
        (house.pk, house.publish_at)
    ]
    assert [
        pk
        for pk, _ in LIVE_IN_SECTION.rows(
            section=boats.pk, now=now + timedelta(hours=2)
        )
    ] == [later.pk, newer.pk, older.pk]
    assert LIVE_IN_SECTION.rows(section=boats.pk, now=now) == list(
        live_in_section(boats.pk, now)
    )


def test_a_value_the_query_never_uses_is_refused_at_once():
    careless = CompiledQuery(
        lambda section, now: Article.objects.filter(category_id=section).values_list(
            "pk"
        ),
        section=int,
        now=datetime,
    )

    with pytest.raises(ValueError, match="never uses now"):
        careless.rows(section=1, now=timezone.now())


def test_one_compilation_is_kept_per_shape_and_only_the_newest_few():
    by_headline = CompiledQuery(
        lambda *headlines, section: Article.objects.filter(
            category_id=section, headline__in=headlines
        ).values_list("headline"),
        section=int,
    )
    story = ArticleFactory(headline="Tide")

    for shape in [("Tide",), ("Tide", "Wind"), ("A", "B", "C"), ("D",), ("E",)]:
        assert by_headline.rows(shape=shape, section=story.category_id) == (
            [("Tide",)] if "Tide" in shape else []
        )
    assert len(by_headline.compiled) == 4  # the default


def test_words_are_markers_too():
    by_slug = CompiledQuery(
        lambda section, slug: Article.objects.filter(
            category_id=section, slug=slug
        ).values_list("headline"),
        section=int,
        slug=str,
    )
    story = ArticleFactory(slug="tide", headline="High tide")

    assert by_slug.rows(section=story.category_id, slug="tide") == [("High tide",)]
    assert by_slug.rows(section=story.category_id, slug="wind") == []
