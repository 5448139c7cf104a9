"""Shareable preview links: signed, expiring, revocable, never cached or
indexed; previews alone may be framed, by our own pages only."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing

from articles.models import Article, PreviewLink
from articles.models.sharing import LIFETIME, SALT
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def never_kept(response) -> bool:
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives and "X-Page-Cache" not in response


def share(client, story) -> str:
    """Presses "Make a shareable preview link"; returns the link's path."""
    response = client.post(
        f"/admin/articles/article/{story.pk}/share/", article_form_data(story)
    )
    assert response.status_code == 302
    page = client.get(change_url(story)).text
    (url,) = re.findall(r'value="https?://[^/"]+(/preview/shared/[^"]+/)"', page)
    return url


def test_a_shared_link_shows_the_draft_to_someone_without_an_account(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Not out yet")
    url = share(client, story)
    client.logout()

    response = client.get(url)

    assert response.status_code == 200
    assert "Not out yet" in response.text
    assert never_kept(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert never_kept(client.get(url))


def test_a_shared_link_expires(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT)
    url = share(client, story)
    client.logout()

    with time_machine.travel(
        PreviewLink.objects.get().expires_at + timedelta(seconds=1)
    ):
        assert client.get(url).status_code == 404


def test_a_revoked_link_stops_working(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT)
    url = share(client, story)
    link = PreviewLink.objects.get()

    response = client.post(
        f"/admin/articles/article/{story.pk}/share/{link.pk}/revoke/",
        article_form_data(story),
    )

    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404


def test_a_tampered_or_counted_token_is_not_found(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT)
    share(client, story)
    client.logout()
    link = PreviewLink.objects.get()

    forged = signing.dumps(link.pk, salt="another purpose")
    assert client.get(f"/preview/shared/{forged}/").status_code == 404
    assert client.get(f"/preview/shared/{link.pk}/").status_code == 404
    assert client.get(f"/preview/shared/{link.token}x/").status_code == 404
    assert signing.loads(link.token, salt=SALT, max_age=LIFETIME) == link.pk


def test_sharing_is_a_post_for_people_on_the_story(client):
    writer = staff("casey", "Contributors")
    sign_in(client, writer)
    someone_elses = ArticleFactory(status=Article.Status.DRAFT)
    live = ArticleFactory(created_by=writer)  # contributors cannot change it

    assert (
        client.get(f"/admin/articles/article/{someone_elses.pk}/share/").status_code
        == 405
    )
    for story in (someone_elses, live):
        response = client.post(
            f"/admin/articles/article/{story.pk}/share/", article_form_data(story)
        )
        assert response.status_code == 403
    assert not PreviewLink.objects.exists()


def test_other_pages_stay_unframeable(client, editor):
    story = ArticleFactory()
    for url in ("/", story.get_absolute_url(), change_url(story)):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    staff_preview = client.get(f"/preview/{story.pk}/")
    assert staff_preview["X-Frame-Options"] == "SAMEORIGIN"
    assert never_kept(staff_preview)


def test_the_admin_previews_at_three_screen_widths_in_a_frame(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT)

    page = client.get(f"/admin/articles/article/{story.pk}/screen-sizes/")

    assert page.status_code == 200
    assert (
        f'<iframe class="device-preview__frame device-preview__frame--1280" src="/preview/{story.pk}/"'
        in page.text
    )
    for width in ("390", "820", "1280"):
        assert f'data-width="{width}"' in page.text
    assert page["X-Frame-Options"] == "DENY"  # the admin page itself is not framed
    assert client.get(f"/preview/{story.pk}/")["X-Frame-Options"] == "SAMEORIGIN"
