"""``manage.py move_media``: local media to the bucket and back, addresses rewritten."""

import io
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.models import Article
from articles.tasks import make_renditions
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def move(to: str) -> str:
    out = io.StringIO()
    call_command("move_media", to=to, stdout=out)
    return out.getvalue()


def test_media_move_to_the_bucket_and_back_with_their_addresses(
    request, client, settings, tmp_path
):
    image = ImageFactory(file=ContentFile(jpeg_bytes(900, 600), name="pier.jpg"))
    make_renditions.call(image.pk)
    image.refresh_from_db()
    story = ArticleFactory(
        body=f'<p><img src="/media/{image.file.name}" alt="Pier"></p>'
    )
    story.refresh_from_db()
    assert 'srcset="/media/renditions/' in story.rendered_body
    files = 1 + len(set(image.renditions.values_list("file", flat=True)))

    bucket_url = request.getfixturevalue("s3_media")
    assert move("s3").startswith(f"{files} files copied, 0 already there")
    assert move("s3").startswith(f"0 files copied, {files} already there")  # resumable

    story = Article.objects.get(pk=story.pk)
    for text in (story.body, story.rendered_body):
        assert "/media/" not in text
        assert (
            bucket_url + "renditions/" in text or bucket_url + image.file.name in text
        )
    with urllib.request.urlopen(bucket_url + image.file.name, timeout=10) as answer:  # noqa: S310
        assert answer.status == 200
    old = client.get(f"/media/{image.file.name}")
    assert old.status_code == 301
    assert old["Location"] == default_storage.url(image.file.name)

    for path in (tmp_path / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    assert move("local").startswith(f"{files} files copied")
    story = Article.objects.get(pk=story.pk)
    assert bucket_url not in story.body + story.rendered_body
    assert f'src="/media/{image.file.name}"' in story.body
    assert (tmp_path / "media" / image.file.name).is_file()
