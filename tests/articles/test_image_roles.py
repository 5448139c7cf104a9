"""The image library: contributors change only their own pictures that no
reader sees yet; the server refuses anything else, however the POST is made."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Image
from tests.articles.admin_helpers import staff
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, jpeg_bytes
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/image/add/"


def change_url(image):
    return f"/admin/articles/image/{image.pk}/change/"


def image_form(**changes) -> dict:
    return {
        "title": "Regatta start",
        "alt_text": "Forty boats cross the line",
        "caption": "",
        "credit": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **changes,
    }


def uploaded(client, title="Regatta start") -> Image:
    response = client.post(
        ADD_URL,
        image_form(
            title=title,
            file=SimpleUploadedFile("start.jpg", jpeg_bytes(), "image/jpeg"),
        ),
    )
    assert response.status_code == 302, response.text
    return Image.objects.get(title=title)


@pytest.fixture
def casey(client):
    user = staff("casey", "Contributors")
    sign_in(client, user)
    return user


def test_an_upload_records_who_made_it(client, casey):
    image = uploaded(client)

    assert image.uploaded_by == casey
    assert "casey" in client.get(change_url(image)).text


def test_a_contributor_changes_their_own_picture_while_no_reader_sees_it(client, casey):
    image = uploaded(client)
    ArticleFactory(status="draft", lead_image=image)  # a draft is not live

    response = client.post(change_url(image), image_form(credit="Casey / Current"))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit == "Casey / Current"


def test_a_contributors_crafted_post_to_someone_elses_picture_is_refused(client, casey):
    theirs = ImageFactory(uploaded_by=staff("dana", "Contributors"), credit="Dana")
    older = ImageFactory(credit="Archive")  # uploaded before uploads were recorded

    for image in (theirs, older):
        page = client.get(change_url(image))
        response = client.post(change_url(image), image_form(credit="Hijacked"))

        assert page.status_code == 200
        assert 'name="credit"' not in page.text  # shown read-only
        assert response.status_code == 403
    assert set(Image.objects.values_list("credit", flat=True)) == {"Dana", "Archive"}


@pytest.mark.parametrize("use", ["lead", "social", "body", "portrait"])
def test_a_contributor_cannot_change_their_own_picture_once_readers_see_it(
    client, casey, use
):
    image = uploaded(client)
    if use == "lead":
        ArticleFactory(lead_image=image)
    elif use == "social":
        ArticleFactory(social_image=image)
    elif use == "body":
        ArticleFactory(body=f'<p>Start.</p><img src="{image.file.url}" alt="">')
    else:
        AuthorFactory(photo=image)

    response = client.post(
        change_url(image),
        image_form(
            alt_text="Something else",
            file=SimpleUploadedFile("swap.jpg", jpeg_bytes(), "image/jpeg"),
        ),
    )

    assert response.status_code == 403
    image.refresh_from_db()
    assert image.alt_text == "Forty boats cross the line"


def test_an_editor_changes_any_picture_including_live_ones(client):
    sign_in(client, staff("eddie", "Editors"))
    image = ImageFactory(
        file=ContentFile(jpeg_bytes(), name="live.jpg"),
        uploaded_by=staff("dana", "Contributors"),
    )
    ArticleFactory(lead_image=image)

    response = client.post(change_url(image), image_form(credit="Desk"))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit == "Desk"
