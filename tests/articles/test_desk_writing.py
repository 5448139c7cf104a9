"""Writing on the desk: who the story is credited to, how a contributor reads
what they cannot change, finding a story by its writer, datelines."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from articles.models import Article, Image
from tests.articles.admin_helpers import staff
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    ImageFactory,
    jpeg_bytes,
)
from tests.helpers import sign_in

LIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def news_article_of(client, story) -> dict:
    html = client.get(story.get_absolute_url()).content.decode()
    blocks = [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html
        )
    ]
    return next(block for block in blocks if block["@type"] == "NewsArticle")


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
class TestEveryNewsArticleNamesAnAuthor:
    def test_the_byline_when_there_is_one(self, client):
        story = ArticleFactory(authors=[AuthorFactory(name="Elena Marquez")])
        author = news_article_of(client, story)["author"]
        assert author[0]["@type"] == "Person"
        assert author[0]["name"] == "Elena Marquez"

    def test_a_listing_without_a_byline_names_its_sponsor(self, client):
        story = ArticleFactory(
            authors=[], is_sponsored=True, sponsor_name="Biscayne Yacht Brokers"
        )
        assert news_article_of(client, story)["author"] == [
            {"@type": "Organization", "name": "Biscayne Yacht Brokers"}
        ]

    def test_a_wire_story_without_a_byline_names_its_agency(self, client):
        story = ArticleFactory(
            authors=[],
            source_name="The Associated Press",
            source_url="https://apnews.example/heat",
        )
        assert news_article_of(client, story)["author"] == [
            {
                "@type": "Organization",
                "name": "The Associated Press",
                "url": "https://apnews.example/heat",
            }
        ]

    def test_anything_else_is_the_desks(self, client, settings):
        settings.SITE_URL = "https://miamicurrent.example"
        story = ArticleFactory(authors=[])
        assert news_article_of(client, story)["author"] == [
            {
                "@type": "Organization",
                "name": settings.SITE_NAME,
                "url": "https://miamicurrent.example/",
            }
        ]


@pytest.fixture
def contributor(client):
    user = staff("casey", "Contributors")
    sign_in(client, user)
    return user


@pytest.mark.django_db
def test_a_contributor_reads_their_published_story_as_readers_do(client, contributor):
    story = ArticleFactory(
        authors=[AuthorFactory(user=contributor)],
        body="<p>The vote came <strong>late</strong>.</p>",
    )
    response = client.get(change_url(story))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>The vote came <strong>late</strong>.</p>" in html
    assert "&lt;p&gt;" not in html  # not the HTML behind it
    assert 'name="body"' not in html


@pytest.mark.django_db
def test_someone_elses_story_is_said_to_be_theirs_not_missing(client, contributor):
    others = ArticleFactory(status=Article.Status.DRAFT, headline="Not yours")
    response = client.get(change_url(others))
    assert response.status_code == 403
    html = response.content.decode()
    assert "another writer" in html
    assert "Not yours" in html
    assert "doesn’t exist" not in html


@pytest.mark.django_db
def test_a_story_that_does_not_exist_is_still_said_to_be_missing(client, contributor):
    assert client.get("/admin/articles/article/987654/change/").status_code == 302
    assert client.get("/admin/articles/article/nonsense/change/").status_code == 302


@pytest.mark.django_db
def test_the_desk_finds_stories_by_their_writers_name(client):
    sign_in(client, staff("eddie", "Editors"))
    section = CategoryFactory()
    hers = ArticleFactory(
        category=section,
        headline="Seawall vote passes",
        authors=[AuthorFactory(name="Sophie Laurent")],
    )
    ArticleFactory(
        category=section,
        headline="Boat show opens",
        authors=[AuthorFactory(name="Daniel Cho")],
    )
    listing = client.get(LIST_URL, {"q": "Laurent"})
    assert list(listing.context["cl"].result_list) == [hers]
    # Text search still works alongside, on both databases.
    listing = client.get(LIST_URL, {"q": "boat"})
    assert [a.headline for a in listing.context["cl"].result_list] == [
        "Boat show opens"
    ]
    if connection.vendor == "postgresql":
        # Word prefixes as typed, over text or writers.
        listing = client.get(LIST_URL, {"q": "Laur"})
        assert list(listing.context["cl"].result_list) == [hers]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "opening",
    ["<h2>How the vote went</h2><p>Late at night.</p>", "<figure><p>x</p></figure>"],
)
def test_a_dateline_stands_on_its_own_line_before_a_heading_or_a_figure(
    page, live_server, settings, opening
):
    settings.PAGE_CACHE_SECONDS = 0
    story = ArticleFactory(dateline="MIAMI BEACH, Fla.", body=opening)
    page.goto(live_server.url + story.get_absolute_url())
    dateline = page.locator(".article__body .dateline").bounding_box()
    following = page.locator(".article__body .dateline + *").bounding_box()
    assert dateline["y"] + dateline["height"] <= following["y"] + 1


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_dateline_runs_into_a_first_paragraph(page, live_server, settings):
    settings.PAGE_CACHE_SECONDS = 0
    story = ArticleFactory(
        dateline="MIAMI BEACH, Fla.", body="<p>The vote came late.</p>"
    )
    page.goto(live_server.url + story.get_absolute_url())
    dateline = page.locator(".article__body .dateline").bounding_box()
    paragraph = page.locator(".article__body .dateline + p").bounding_box()
    assert abs(dateline["y"] - paragraph["y"]) < 2
    assert dateline["x"] <= paragraph["x"]


UPLOAD_URL = "/admin/articles/image/upload/"


def picture_file(name="boat-at-dawn.jpg", data=None):
    return SimpleUploadedFile(name, data or jpeg_bytes(400, 300), "image/jpeg")


@pytest.mark.django_db
def test_a_contributor_uploads_a_picture_with_its_alt_text(client, contributor):
    response = client.post(
        UPLOAD_URL,
        {"file": picture_file(), "alt_text": "A boat at dawn", "credit": "Ana Ruiz"},
    )
    assert response.status_code == 201
    picture = Image.objects.get()
    assert response.json() == {
        "id": picture.pk,
        "url": picture.file.url,
        "title": "Boat at dawn",
        "alt": "A boat at dawn",
        "caption": "",
        "credit": "Ana Ruiz",
        "change_url": f"/admin/articles/image/{picture.pk}/change/",
    }
    assert picture.uploaded_by == contributor
    assert (picture.focal_x, picture.focal_y) == (0.5, 0.5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"alt_text": ""}, "alt_text"),
        ({"alt_text": "Text", "file": "not-a-picture"}, "file"),
        ({"alt_text": "Text", "title": "x" * 201}, "title"),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    client, contributor, fields, field
):
    data = {"file": picture_file()} | fields
    if data["file"] == "not-a-picture":
        data["file"] = SimpleUploadedFile("boat.jpg", b"plain text", "image/jpeg")
    response = client.post(UPLOAD_URL, data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_uploads_are_for_signed_in_staff_with_a_csrf_token(client):
    response = client.post(UPLOAD_URL, {"file": picture_file(), "alt_text": "x"})
    assert response.status_code == 302  # to the sign-in page
    user = staff("eddie", "Editors")
    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, user)
    response = strict.post(UPLOAD_URL, {"file": picture_file(), "alt_text": "x"})
    assert response.status_code == 403
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_the_upload_page_and_the_picker_find_pictures_by_credit(client, contributor):
    page = client.get(UPLOAD_URL)
    assert page.status_code == 200
    assert 'id="library-upload-messages"' in page.content.decode()
    ImageFactory(title="Marina", credit="Ana Ruiz")
    ImageFactory(title="Causeway", credit="Wire")
    picker = client.get("/admin/articles/image/picker/", {"q": "ruiz"})
    assert [image.title for image, _ in picker.context["choices"]] == ["Marina"]


@pytest.mark.django_db
def test_the_form_previews_the_search_result_and_warns(client, settings):
    settings.SITE_URL = "https://miamicurrent.example"
    sign_in(client, staff("eddie", "Editors"))
    ArticleFactory(headline="Boat show opens")
    story = ArticleFactory(
        headline="Boat show opens",
        standfirst="Short.",
        seo_title="",
        lead_image=None,
    )
    html = client.get(change_url(story)).content.decode()
    assert "Boat show opens — " in html
    assert "miamicurrent.example/" in html
    assert "The description is short (6 characters): 50 to 160 read best." in html
    assert "No picture: a shared link will show none." in html


@pytest.mark.django_db
def test_the_title_check_names_other_stories_with_the_same_title(client, contributor):
    other = ArticleFactory(headline="Seawall vote passes")
    mine = ArticleFactory(headline="Seawall vote passes", created_by=contributor)
    ArticleFactory(headline="Something else", seo_title="SEAWALL VOTE PASSES")
    found = client.get(
        "/admin/articles/article/title-check/",
        {"title": " seawall vote passes ", "story": mine.pk},
    ).json()["duplicates"]
    assert len(found) == 2
    assert found[0]["url"].startswith("/admin/articles/article/")
    assert {"headline": other.headline, "url": change_url(other)} in found
    nothing = client.get(
        "/admin/articles/article/title-check/", {"title": "", "story": "junk"}
    )
    assert nothing.json() == {"duplicates": []}


@pytest.mark.django_db
def test_a_contributor_never_learns_of_another_writers_draft(client, contributor):
    ArticleFactory(headline="Embargoed: mayor resigns", status=Article.Status.DRAFT)
    found = client.get(
        "/admin/articles/article/title-check/", {"title": "Embargoed: mayor resigns"}
    ).json()["duplicates"]
    assert found == []


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_a_table_reaches_readers(client):
    story = ArticleFactory(
        body="<table><tbody><tr><th><p>Day</p></th><th><p>Hours</p></th></tr>"
        '<tr><td><p>Friday</p></td><td style="width:9px"><p>10–7</p></td></tr>'
        "</tbody></table>"
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<th><p>Day</p></th>" in html
    assert "<td><p>10–7</p></td>" in html  # no inline style survives
