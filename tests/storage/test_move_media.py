"""``manage.py move_media``: local media to the bucket and back, addresses rewritten."""

import io
import urllib.request

import pytest
import reversion
from django.contrib.redirects.models import Redirect
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article, Author
from articles.tasks import make_renditions
from magazine.models import SiteSettings
from magazine.site.models import Page
from newsletter.models import Edition
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, jpeg_bytes

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


def test_media_addresses_in_every_stored_text_move_once_with_a_dry_run_first(
    request, settings, tmp_path
):
    """Plain text and HTML of stories, pages (each language), site settings,
    authors, editions, revisions and redirects point at the bucket afterwards; other
    sites' /media/ and prose stay; a dry run changes nothing; a second run
    finds nothing left."""
    image = ImageFactory(file=ContentFile(jpeg_bytes(300, 200), name="dock.jpg"))
    local = f"/media/{image.file.name}"
    absolute = f"{settings.SITE_URL}{local}"
    elsewhere = "https://elsewhere.example/media/theirs.jpg"
    story = ArticleFactory(
        standfirst=f"Photographs: {absolute}, and {elsewhere}.",
        body=f'<p><a href="{local}">The dock</a> on social /media/ today.</p>',
    )
    with reversion.create_revision():
        story.save()
    page = Page.objects.create(
        slug_en="press",
        title_en="Press",
        body_en=f'<p><img src="{local}" alt=""></p>',
        body_es=f"<p><a href='{local}'>Fotos</a></p>",
    )
    site = SiteSettings.load()
    site.about_blurb_en = f"Our press kit:\n{local}"
    site.legal_notice_es = f"({local})"
    site.save()
    author = AuthorFactory(bio=f"Portrait at {absolute}")
    edition = Edition.objects.create(subject="The week", intro=f"See {local} first.")
    redirect = Redirect.objects.create(
        site_id=settings.SITE_ID, old_path=local, new_path=local
    )

    def texts() -> list[str]:
        return [
            *Article.objects.filter(pk=story.pk)
            .values_list("standfirst", "body")
            .get(),
            *Page.objects.filter(pk=page.pk).values_list("body_en", "body_es").get(),
            *SiteSettings.objects.values_list(
                "about_blurb_en", "legal_notice_es"
            ).get(),
            Author.objects.get(pk=author.pk).bio,
            Edition.objects.get(pk=edition.pk).intro,
            Redirect.objects.get(pk=redirect.pk).new_path,
            Version.objects.get_for_object(story).get().serialized_data,
        ]

    before = texts()
    bucket_url = request.getfixturevalue("s3_media")
    out = io.StringIO()
    call_command("move_media", to="s3", dry_run=True, stdout=out)
    assert out.getvalue().startswith("Dry run: 1 files to copy, 0 already there; ")
    assert "  articles.Article: 1\n" in out.getvalue()
    assert "  redirects.Redirect: 1\n" in out.getvalue()
    assert texts() == before
    assert not default_storage.exists(image.file.name)

    summary = move("s3")
    assert "7 stored texts rewritten" in summary.splitlines()[0], summary
    moved = bucket_url + image.file.name
    after = texts()
    for text in after:
        assert moved in text, text
        assert local not in text.replace(elsewhere, ""), text
    assert after[0] == f"Photographs: {moved}, and {elsewhere}."
    assert after[1] == f'<p><a href="{moved}">The dock</a> on social /media/ today.</p>'
    assert after[4] == f"Our press kit:\n{moved}"
    assert Redirect.objects.get(pk=redirect.pk).old_path == local
    assert "0 stored texts rewritten" in move("s3").splitlines()[0]  # idempotent

    assert "7 stored texts rewritten" in move("local").splitlines()[0]
    assert [text.replace(absolute, local) for text in texts()] == [
        text.replace(absolute, local) for text in before
    ]
