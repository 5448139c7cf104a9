"""Pictures in a story's text: responsive like the lead image, made at save time."""

import pytest
import reversion
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.images.markup import BODY_IMAGE_SIZES
from articles.models import Article
from articles.tasks import make_renditions
from magazine.cache import generation
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def figure(image, alt="Boats at the start line") -> str:
    return (
        f'<figure class="figure"><img src="{image.file.url}" alt="{alt}">'
        "<figcaption>The start.</figcaption></figure>"
    )


def library_picture(name="regatta.jpg", width=1000, height=600):
    return ImageFactory(file=ContentFile(jpeg_bytes(width, height), name=name))


def test_a_body_picture_has_its_size_before_renditions_exist():
    picture = library_picture()
    story = ArticleFactory(body="<p>Intro.</p>" + figure(picture))

    assert story.body == "<p>Intro.</p>" + figure(picture)  # the editor's text
    assert (
        f'<figure class="figure"><img src="{picture.file.url}" width="1000" '
        'height="600" alt="Boats at the start line" loading="lazy" '
        'decoding="async"><figcaption>The start.</figcaption></figure>'
    ) in story.rendered_body


def test_renditions_landing_give_the_stories_showing_it_a_srcset(
    django_capture_on_commit_callbacks,
):
    picture = library_picture()
    story = ArticleFactory(body=figure(picture))
    elsewhere = ArticleFactory(body="<p>No pictures here.</p>")
    version, pages_before = story.version, generation()

    with django_capture_on_commit_callbacks(execute=True):
        make_renditions.call(picture.pk)

    story.refresh_from_db()
    jpeg = {
        r.width: r.file.url for r in picture.renditions.filter(format="jpeg", ratio="")
    }
    assert story.rendered_body.startswith(
        '<figure class="figure"><picture><source type="image/avif" srcset="'
    )
    assert (
        f'<img src="{jpeg[1000]}" srcset="{jpeg[400]} 400w, {jpeg[800]} 800w, '
        f'{jpeg[1000]} 1000w" sizes="{BODY_IMAGE_SIZES}" width="1000" height="600" '
        'alt="Boats at the start line"'
    ) in story.rendered_body
    assert story.version == version  # an editor's open form is still current
    assert generation() > pages_before  # readers get the new page
    elsewhere.refresh_from_db()
    assert elsewhere.rendered_body == "<p>No pictures here.</p>"


def test_a_story_pointing_at_an_older_rendition_address_gets_the_srcset_too():
    picture = library_picture()
    make_renditions.call(picture.pk)
    largest = picture.renditions.get(format="jpeg", ratio="", width=1000)

    story = ArticleFactory(body=f'<p><img src="{largest.file.url}" alt="Boats"></p>')

    assert '<source type="image/webp"' in story.rendered_body
    assert f'sizes="{BODY_IMAGE_SIZES}"' in story.rendered_body


def saving_queries(pictures: int) -> int:
    body = "".join(
        figure(library_picture(name=f"p{n}.jpg", width=500, height=300))
        for n in range(pictures)
    )
    story = ArticleFactory(body="<p>Draft.</p>")
    story.body = body
    with CaptureQueriesContext(connection) as queries:
        story.save()
    assert story.rendered_body.count('width="500" height="300"') == pictures
    return len(queries)


def test_saving_reads_the_library_in_the_same_queries_for_one_picture_or_six():
    # The lock and UPDATE, then the pictures by name and their renditions.
    assert saving_queries(1) == saving_queries(6)


def test_a_body_without_pictures_costs_no_library_query():
    story = ArticleFactory(body="<p>Draft.</p>")
    story.body = "<p>Still no pictures.</p>"
    with CaptureQueriesContext(connection) as with_text_only:
        story.save()
    assert not any(
        "articles_image" in query["sql"] for query in with_text_only.captured_queries
    )


def test_link_cards_are_drawn_once_at_save_time():
    story = ArticleFactory(
        body='<p><a href="https://www.youtube.com/watch?v=abc123">Boat show tour</a></p>'
    )
    assert story.rendered_body.startswith('<p class="link-card link-card--youtube">')


def test_restoring_a_revision_remakes_the_readers_body():
    picture = library_picture()
    with reversion.create_revision():
        story = ArticleFactory(body="<p>First.</p>" + figure(picture))
    story.body = "<p>Second.</p>"
    story.save()

    Version.objects.get_for_object(story).last().revision.revert()

    story = Article.objects.get(pk=story.pk)
    assert story.rendered_body.startswith("<p>First.</p><figure")
    assert 'width="1000" height="600"' in story.rendered_body


def test_saving_only_the_body_keeps_the_readers_body_in_step():
    story = ArticleFactory(body="<p>Draft.</p>")
    story.body = '<p><a href="https://x.com/miamicurrent/status/1">Our post</a></p>'
    story.save(update_fields=["body"])

    story.refresh_from_db()
    assert story.rendered_body.startswith('<p class="link-card link-card--x">')
