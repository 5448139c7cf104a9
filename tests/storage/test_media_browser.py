"""An article whose pictures live on the S3 server loads them under the CSP."""

import pytest
from django.core.files.base import ContentFile

from articles.tasks import make_renditions
from magazine.models import SiteSettings
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory, jpeg_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_an_articles_pictures_load_from_the_bucket_under_the_csp(
    page, live_server, settings, s3_media
):
    settings.SITE_URL = live_server.url
    SiteSettings.load()
    image = ImageFactory(file=ContentFile(jpeg_bytes(1200, 800), name="marina.jpg"))
    make_renditions.call(image.pk)
    image.refresh_from_db()
    story = ArticleFactory(
        category=CategoryFactory(slug="boats"),
        lead_image=image,
        body=f'<p><img src="{image.file.url}" alt="The marina"></p>',
    )
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(live_server.url + story.get_absolute_url())
    pictures = page.locator("article img")
    assert pictures.count() >= 2
    for index in range(pictures.count()):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
        )
        assert picture.evaluate("img => img.currentSrc").startswith(s3_media)
    assert refused == []
