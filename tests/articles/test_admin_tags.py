"""The article form's tag box: existing tags by autocomplete, new tags typed in."""

import pytest
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory, CategoryFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
AUTOCOMPLETE_URL = "/admin/articles/article/tags/autocomplete/"
TAGS_FIELD = {"app_label": "articles", "model_name": "article", "field_name": "tags"}


@pytest.fixture
def contributor(client):
    user = staff("casey", "Contributors")
    sign_in(client, user)
    return user


def test_the_autocomplete_offers_existing_tags_by_name(client, contributor):
    for name in ("Miami Beach", "Miami River", "Heat"):
        Tag.objects.create(name=name)

    response = client.get(AUTOCOMPLETE_URL, TAGS_FIELD | {"term": "miami"})

    assert response.json()["results"] == [
        {"id": "Miami Beach", "text": "Miami Beach"},
        {"id": "Miami River", "text": "Miami River"},
    ]


def test_the_autocomplete_answers_only_for_article_tags(client, contributor):
    response = client.get(
        AUTOCOMPLETE_URL,
        {"app_label": "articles", "model_name": "article", "field_name": "category"},
    )
    assert response.status_code == 403


def test_the_autocomplete_is_for_staff_who_write(client):
    sign_in(client, staff("reader", "Contributors"))
    assert client.get(AUTOCOMPLETE_URL, TAGS_FIELD).status_code == 200
    client.logout()
    assert client.get(AUTOCOMPLETE_URL, TAGS_FIELD).status_code == 302  # to login


def test_a_story_keeps_picked_and_new_tags_with_spaces_and_commas(client, contributor):
    Tag.objects.create(name="Miami Beach")
    data = article_form_data(category=CategoryFactory().pk)
    data["tags"] = ["Miami Beach", "King tides, 2026", "  Sea   level "]

    assert client.post(ADD_URL, data).status_code == 302

    story = Article.objects.get()
    assert sorted(story.tags.names()) == [
        "King tides, 2026",
        "Miami Beach",
        "Sea level",
    ]
    assert Tag.objects.filter(name="Miami Beach").count() == 1


def test_a_form_error_keeps_the_picked_and_new_tags(client, contributor):
    Tag.objects.create(name="Miami Beach")
    data = article_form_data(category=CategoryFactory().pk, headline="")
    data["tags"] = ["Miami Beach", "Brand new tag"]

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["headline"]
    assert '<option value="Miami Beach" selected>Miami Beach</option>' in response.text
    assert '<option value="Brand new tag" selected>' in response.text
    assert not Tag.objects.filter(name="Brand new tag").exists()


def test_the_tag_box_is_the_admins_select2_with_new_tags_allowed(client, contributor):
    story = ArticleFactory(created_by=contributor, status=Article.Status.DRAFT)
    story.tags.add("Heat")
    response = client.get(f"/admin/articles/article/{story.pk}/change/")

    assert 'data-tags="true"' in response.text
    assert f'data-ajax--url="{AUTOCOMPLETE_URL}"' in response.text
    assert '<option value="Heat" selected>Heat</option>' in response.text
    assert "admin/js/autocomplete.js" in response.text


def test_an_unchanged_tag_list_is_not_reported_as_a_change(client, contributor):
    story = ArticleFactory(created_by=contributor, status=Article.Status.DRAFT)
    story.tags.add("Heat", "Climate")
    data = article_form_data(story, headline="New headline")
    data["tags"] = ["Climate", "Heat"]

    client.post(f"/admin/articles/article/{story.pk}/change/", data)

    comment = Version.objects.get_for_object(story)[0].revision.get_comment()
    assert "Headline" in comment
    assert "Tags" not in comment
