import email
import email.policy
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.tasks import make_renditions
from magazine.models import SiteSettings
from newsletter.emails import EditionEmail, personal_links
from newsletter.models import EditionArticle
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory, jpeg_bytes
from tests.newsletter.factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_an_edition_holds_the_chosen_published_stories_in_the_editors_order():
    edition = EditionFactory()
    first, second = ArticleFactory(), ArticleFactory()
    draft = ArticleFactory(status="draft")
    for position, article in enumerate([second, draft, first]):
        EditionArticle.objects.create(
            edition=edition, article=article, position=position
        )

    assert edition.stories() == [second, first]


def test_stories_left_at_the_same_position_keep_the_order_they_were_added():
    edition = EditionFactory()
    stories = ArticleFactory.create_batch(4)
    for article in stories:
        EditionArticle.objects.create(edition=edition, article=article)  # position 0

    assert edition.stories() == stories


def test_the_best_of_the_week_is_this_weeks_published_stories():
    recent = ArticleFactory()
    ArticleFactory(publish_at=timezone.now() - timedelta(days=9))
    ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    edition = EditionFactory(best_of_week=True)

    assert edition.stories() == [recent]


def test_every_edition_email_is_multipart_with_absolute_links_and_a_footer(
    settings,
):
    settings.SITE_URL = "https://miamicurrent.example"
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "about_blurb": "About",
            "postal_address": "100 Biscayne Blvd, Miami, FL 33132",
        },
    )
    article = ArticleFactory(
        headline="Boats at dawn", lead_image=ImageFactory(alt_text="Yachts at rest")
    )
    edition = EditionFactory(preheader="Sunrise on the bay")
    EditionArticle.objects.create(edition=edition, article=article, position=0)
    subscriber = SubscriberFactory(name="<Ana>")
    links = personal_links(subscriber.pk)

    message = EditionEmail(edition).message(
        to=subscriber.email, name=subscriber.name, links=links
    )

    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<table role="presentation"' in html
    assert 'name="color-scheme" content="light dark"' in html
    assert 'alt="Yachts at rest"' in html
    assert "Sunrise on the bay" in html
    assert f'href="https://miamicurrent.example{article.get_absolute_url()}"' in html
    assert 'src="https://miamicurrent.example/media/' in html
    assert "Hello &lt;Ana&gt;," in html
    assert links["unsubscribe_url"] in html
    assert "100 Biscayne Blvd" in html
    assert "because you subscribed" in html
    assert "Boats at dawn" in message.body
    assert "Hello <Ana>," in message.body
    assert f"https://miamicurrent.example{article.get_absolute_url()}" in message.body
    assert links["unsubscribe_url"] in message.body
    assert links["my_data_url"] in message.body
    assert "100 Biscayne Blvd" in message.body
    assert "<table" not in message.body


def test_sponsored_stories_are_labelled_beside_their_section_in_both_parts():
    advert = ArticleFactory(
        headline="A Sea Ray 350 for sale",
        category=CategoryFactory(name="Boats"),
        is_sponsored=True,
        sponsor_name="Bay Marine",
    )
    story = ArticleFactory(
        headline="Seawall vote passes", category=CategoryFactory(name="News")
    )
    edition = EditionFactory()
    for position, article in enumerate([advert, story]):
        EditionArticle.objects.create(
            edition=edition, article=article, position=position
        )

    message = EditionEmail(edition).message(
        to="ana@example.com", links=personal_links(SubscriberFactory().pk)
    )
    ((html, _),) = message.alternatives
    # Each story's label line (tags stripped), by the headline under it.
    labels = {
        headline: re.sub(r"<[^>]+>", "", label)
        for label, headline in re.findall(
            r"<p [^>]*>(.*?)</p>\s*<h2 [^>]*><a [^>]*>(.*?)</a>", html
        )
    }

    assert labels == {advert.headline: "Boats · Sponsored", story.headline: "News"}
    assert f"BOATS · SPONSORED\n{advert.headline}\n" in message.body
    assert f"NEWS\n{story.headline}\n" in message.body


def test_the_admin_previews_the_email_in_the_browser(admin_client):
    edition = EditionFactory()
    EditionArticle.objects.create(
        edition=edition, article=ArticleFactory(headline="Boats at dawn"), position=0
    )

    response = admin_client.get(f"/admin/newsletter/edition/{edition.pk}/preview/")

    assert response.status_code == 200
    assert "Boats at dawn" in response.content.decode()
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    change = admin_client.get(f"/admin/newsletter/edition/{edition.pk}/change/")
    assert f"/admin/newsletter/edition/{edition.pk}/preview/" in change.content.decode()


def test_the_senders_prebuilt_bytes_say_what_django_would_have_built():
    subscriber = SubscriberFactory(name="Zoë")
    edition = EditionFactory(subject="Café society: " + "a long subject " * 6)
    EditionArticle.objects.create(
        edition=edition, article=ArticleFactory(headline="Boats at dawn"), position=0
    )
    rendered = EditionEmail(edition)
    arguments = {
        "to": subscriber.email,
        "name": subscriber.name,
        "links": personal_links(subscriber.pk),
        "message_id": rendered.delivery_message_id(1),
    }
    prebuilt = rendered.message(**arguments)
    built = rendered.build(**arguments, subject_prefix="")
    assert prebuilt.wire is not None
    assert built.wire is None

    fast, slow = (
        email.message_from_bytes(
            message.message(policy=email.policy.SMTP).as_bytes(),
            policy=email.policy.default,
        )
        for message in (prebuilt, built)
    )

    for header in [
        "MIME-Version",
        "Subject",
        "From",
        "To",
        "Message-ID",
        "List-Id",
        "Precedence",
    ]:
        assert fast[header] == slow[header], header
    assert fast["List-Unsubscribe"] == slow["List-Unsubscribe"]
    assert fast.get_content_type() == "multipart/alternative"
    for subtype in ["plain", "html"]:
        assert (
            fast.get_body((subtype,)).get_content()
            == slow.get_body((subtype,)).get_content()
        )
    assert "Hello Zoë," in fast.get_body(("plain",)).get_content()


def test_edition_pictures_are_resized_copies_not_the_uploads(settings):
    settings.SITE_URL = "https://miamicurrent.example"
    picture = ImageFactory(file=ContentFile(jpeg_bytes(3000, 2000), name="bay.jpg"))
    make_renditions.call(picture.pk)
    picture.refresh_from_db()
    edition = EditionFactory()
    EditionArticle.objects.create(
        edition=edition, article=ArticleFactory(lead_image=picture)
    )

    message = EditionEmail(edition).message(
        to="ana@example.com", name="Ana", links=personal_links(1)
    )
    html, _ = message.alternatives[0]

    (sent,) = re.findall(r'<img src="([^"]+)"', html)
    assert sent.startswith("https://miamicurrent.example/media/renditions/")
    assert re.search(
        r"-1200-[0-9a-f]{16}\.jpeg$", sent
    )  # two pixels per pixel at 544 wide
