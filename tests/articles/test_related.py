"""Related stories: the editor's picks first, then shared tags, then the section."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from articles.models import Article, RelatedArticle
from articles.models.listings import related_cards
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db


def hours_ago(hours: int):
    return timezone.now() - timedelta(hours=hours)


def test_picks_in_order_then_shared_tags_then_section_newest_first():
    boats = CategoryFactory()
    story = ArticleFactory(category=boats)
    story.tags.add("Sailing", "Key Biscayne")
    first_pick = ArticleFactory(publish_at=hours_ago(50))
    second_pick = ArticleFactory(publish_at=hours_ago(1))
    RelatedArticle.objects.create(article=story, related=second_pick, position=1)
    RelatedArticle.objects.create(article=story, related=first_pick, position=0)
    older_tagged = ArticleFactory(publish_at=hours_ago(30))
    older_tagged.tags.add("Sailing")
    newer_tagged = ArticleFactory(publish_at=hours_ago(20))
    newer_tagged.tags.add("Key Biscayne", "Sailing")
    same_section = ArticleFactory(category=boats, publish_at=hours_ago(40))
    ArticleFactory(publish_at=hours_ago(2))  # unrelated: never chosen

    assert related_cards(story, 5) == [
        first_pick,
        second_pick,
        newer_tagged,
        older_tagged,
        same_section,
    ]
    assert related_cards(story, 3) == [first_pick, second_pick, newer_tagged]


def test_never_itself_never_unpublished():
    story = ArticleFactory()
    story.tags.add("Heat")
    hidden = [
        ArticleFactory(category=story.category, status=Article.Status.DRAFT),
        ArticleFactory(
            category=story.category, publish_at=timezone.now() + timedelta(days=1)
        ),
        ArticleFactory(
            category=story.category, licence_expires_at=timezone.now() - timedelta(1)
        ),
    ]
    for position, other in enumerate(hidden):
        other.tags.add("Heat")
        RelatedArticle.objects.create(article=story, related=other, position=position)

    assert related_cards(story, 4) == []


def test_query_count_does_not_grow_with_tags_or_picks(django_assert_num_queries):
    picture = ImageFactory()
    story = ArticleFactory()
    story.tags.add(*[f"tag {n}" for n in range(30)])
    for n in range(6):
        other = ArticleFactory(lead_image=picture)
        other.tags.add(f"tag {n}")
        RelatedArticle.objects.create(article=story, related=other, position=n)
    for _ in range(5):
        ArticleFactory(category=story.category)

    # Picks, shared tags and same section, each read with its cards (bylines on
    # their own rows, sections from the category tree): one UNION on PostgreSQL,
    # one query each elsewhere (the content type is cached after the first call).
    related_cards(story, 2)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 3):
        cards = related_cards(story, 12)
    assert len(cards) == 11
    with django_assert_num_queries(0):
        assert all(card.category and card.byline == "" for card in cards)
        assert {card.lead_image.pk for card in cards[:6]} == {picture.pk}
        assert all(card.lead_image.picture_sources() is None for card in cards[:6])


def test_the_sections_newest_follow_the_clock_and_every_edit():
    story = ArticleFactory(publish_at=hours_ago(10))
    older = ArticleFactory(category=story.category, publish_at=hours_ago(5))
    coming = ArticleFactory(
        category=story.category, publish_at=timezone.now() + timedelta(hours=1)
    )
    assert related_cards(story, 1) == [older]

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert related_cards(story, 1) == [coming]

    newest = ArticleFactory(category=story.category, publish_at=hours_ago(1))
    assert related_cards(story, 1) == [newest]
    newest.status = Article.Status.ARCHIVED
    newest.save()
    assert related_cards(story, 1) == [older]


def test_picks_come_first_whatever_numbers_their_positions_carry():
    story = ArticleFactory()
    story.tags.add("Sailing")
    pick = ArticleFactory(publish_at=hours_ago(50))
    RelatedArticle.objects.create(article=story, related=pick, position=9)
    tagged = ArticleFactory()
    tagged.tags.add("Sailing")

    assert related_cards(story, 2) == [pick, tagged]
