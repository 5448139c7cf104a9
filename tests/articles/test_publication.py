"""The one publication rule: published, due, and still licensed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_lets_in_only_due_published_licensed_stories():
    now = timezone.now()
    live = ArticleFactory(publish_at=now - timedelta(minutes=1))
    ArticleFactory(status=Article.Status.DRAFT, publish_at=now - timedelta(days=1))
    ArticleFactory(status=Article.Status.IN_REVIEW)
    ArticleFactory(status=Article.Status.ARCHIVED)
    ArticleFactory(publish_at=now + timedelta(hours=1))
    ArticleFactory(licence_expires_at=now - timedelta(seconds=1))
    licensed = ArticleFactory(licence_expires_at=now + timedelta(days=3))

    assert set(Article.objects.published()) == {live, licensed}


def test_a_scheduled_story_goes_live_by_itself_at_its_time():
    publish_at = timezone.now() + timedelta(hours=5)
    story = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=publish_at)

    assert story.status == Article.Status.PUBLISHED
    assert story.desk_state == "scheduled"
    assert list(Article.objects.scheduled()) == [story]
    assert not Article.objects.published().exists()
    with time_machine.travel(publish_at + timedelta(seconds=1)):
        assert list(Article.objects.published()) == [story]
        story.refresh_from_db()
        assert story.desk_state == "published"
        assert Article.objects.with_visibility().get(pk=story.pk).is_live


def test_the_desk_sees_a_wire_story_past_its_licence_as_expired_not_published():
    expires_at = timezone.now() + timedelta(hours=1)
    story = ArticleFactory(licence_expires_at=expires_at)

    assert story.desk_state == "published"
    with time_machine.travel(expires_at):
        assert story.desk_state == "licence-expired"
        assert not Article.objects.published().exists()


def test_a_scheduled_story_whose_licence_has_run_out_is_expired_not_scheduled():
    now = timezone.now()
    story = ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=now + timedelta(hours=2),
        licence_expires_at=now + timedelta(hours=3),
    )
    with time_machine.travel(now + timedelta(hours=1)):
        assert story.desk_state == "scheduled"
        assert list(Article.objects.scheduled()) == [story]
    Article.objects.filter(pk=story.pk).update(licence_expires_at=now)

    story.refresh_from_db()
    assert story.desk_state == "licence-expired"  # it will never go live
    assert not Article.objects.scheduled().exists()
    assert list(Article.objects.licence_expired()) == [story]


def test_a_licence_ending_before_publication_is_a_form_error():
    publish_at = timezone.now() + timedelta(days=1)
    story = ArticleFactory.build(
        status=Article.Status.PUBLISHED,
        publish_at=publish_at,
        licence_expires_at=publish_at - timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as error:
        story.clean()
    assert (
        "readers would never see it"
        in error.value.message_dict["licence_expires_at"][0]
    )


def test_an_expired_wire_licence_takes_the_story_out_and_marks_it_gone():
    expires = timezone.now() + timedelta(days=1)
    wire = ArticleFactory(
        source_name="The Associated Press", licence_expires_at=expires
    )
    assert list(Article.objects.licence_expired()) == []

    with time_machine.travel(expires + timedelta(minutes=1)):
        assert not Article.objects.published().exists()
        assert list(Article.objects.licence_expired()) == [wire]
        assert not Article.objects.with_visibility().get(pk=wire.pk).is_live
        assert Article.objects.with_visibility().get(pk=wire.pk).is_licence_expired


def test_reader_pages_follow_the_rule(client):
    live = ArticleFactory(headline="Seawall vote passes")
    hidden = ArticleFactory(
        category=live.category,
        headline="Tomorrow's story",
        publish_at=timezone.now() + timedelta(hours=2),
    )
    draft = ArticleFactory(category=live.category, status=Article.Status.DRAFT)

    section = client.get(live.category.get_absolute_url())
    assert "Seawall vote passes" in section.text
    assert "Tomorrow's story" not in section.text
    assert client.get(live.get_absolute_url()).status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_story_leaves_the_site_by_itself_at_its_unpublish_time():
    leaves = timezone.now() + timedelta(hours=2)
    story = ArticleFactory(unpublish_at=leaves)
    assert list(Article.objects.published()) == [story]
    assert story.desk_state == "published"

    with time_machine.travel(leaves + timedelta(seconds=1)):
        assert not Article.objects.published().exists()
        assert not Article.objects.with_visibility().get(pk=story.pk).is_live
        assert list(Article.objects.taken_down()) == [story]
        assert story.desk_state == "taken-down"


def test_the_clock_names_the_next_unpublish_time_as_a_change():
    leaves = timezone.now() + timedelta(minutes=7)
    ArticleFactory(unpublish_at=leaves)
    ArticleFactory(publish_at=timezone.now() + timedelta(hours=1))

    assert Article.objects.next_change_at() == leaves


def test_leaving_before_being_published_is_a_form_error():
    publish_at = timezone.now() + timedelta(days=1)
    story = ArticleFactory.build(
        publish_at=publish_at, unpublish_at=publish_at - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as error:
        story.clean()
    assert "unpublish_at" in error.value.message_dict
