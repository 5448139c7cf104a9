"""A refused save merged field by field: what only they changed is taken, what
both changed is asked (keep theirs / keep mine), and the merged story is saved
against the version the editor saw, never half-saved."""

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory, CategoryFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = staff("erin", "Editors")
    sign_in(client, user)
    return user


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def saved_by_someone_else(story, username="sophie", **changes):
    """Another editor opens the story as it is and saves ``changes``."""
    other = Client()
    sign_in(other, staff(username, "Editors"))
    response = other.post(change_url(story), article_form_data(story, **changes))
    assert response.status_code == 302
    story.refresh_from_db()


def sent_again(response, **answers) -> dict:
    """The refused form as the browser sends it back, with the editor's answers."""
    form = response.context["adminform"].form
    data = dict(form.data.lists())
    data["merge_version"] = str(form.merge_version)
    data |= {f"merge-{name}": answer for name, answer in answers.items()}
    return data


def test_a_field_only_they_changed_is_taken_without_asking(client, editor):
    story = ArticleFactory(
        status=Article.Status.DRAFT, headline="Seawall vote", standfirst="Six to one."
    )
    mine = article_form_data(story, body="<p>My long rewrite.</p>")
    saved_by_someone_else(story, headline="Seawall vote passes 6-1")

    refused = client.post(change_url(story), mine)

    assert refused.status_code == 200
    assert "sophie saved this story at" in refused.text
    form = refused.context["adminform"].form
    assert form.merge.conflicts == []
    assert form.merge.taken_labels == ["Headline"]
    assert 'value="Seawall vote passes 6-1"' in refused.text  # theirs, in the form
    assert "My long rewrite." in refused.text
    story.refresh_from_db()
    assert story.body == "<p>The first paragraph.</p>"

    assert client.post(change_url(story), sent_again(refused)).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Seawall vote passes 6-1"
    assert story.body == "<p>My long rewrite.</p>"


@pytest.mark.parametrize(
    ("headline_answer", "section_answer", "headline", "section"),
    [
        ("theirs", "mine", "Seawall vote passes 6-1", "Politics"),
        ("mine", "theirs", "Seawall vote: 6-1, late", "Climate"),
    ],
)
def test_a_field_both_changed_is_shown_as_a_diff_and_kept_as_chosen(
    client, editor, headline_answer, section_answer, headline, section
):
    news = CategoryFactory(name="News", slug="news")
    story = ArticleFactory(
        status=Article.Status.DRAFT, headline="Seawall vote", category=news
    )
    climate = CategoryFactory(name="Climate", slug="climate")
    politics = CategoryFactory(name="Politics", slug="politics")
    mine = article_form_data(
        story,
        headline="Seawall vote: 6-1, late",
        category=politics.pk,
        standfirst="Mine only.",
    )
    saved_by_someone_else(
        story, headline="Seawall vote passes 6-1", category=climate.pk
    )

    refused = client.post(change_url(story), mine)

    form = refused.context["adminform"].form
    assert [conflict.name for conflict in form.merge.conflicts] == [
        "headline",
        "category",
    ]
    assert form.merge.conflicts[0].pieces == [
        ("same", "Seawall "),
        ("del", "vote passes 6-1"),
        ("ins", "vote: 6-1, late"),
    ]
    assert "<del>vote passes 6-1</del><ins>vote: 6-1, late</ins>" in refused.text
    assert 'name="merge-headline" value="theirs"' in refused.text
    assert 'name="merge-category" value="mine"' in refused.text

    response = client.post(
        change_url(story),
        sent_again(refused, headline=headline_answer, category=section_answer),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.category.name) == (headline, section)
    assert story.standfirst == "Mine only."  # only I changed it


def test_saving_the_merge_without_choosing_asks_again_and_saves_nothing(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Seawall vote")
    mine = article_form_data(story, headline="Mine")
    saved_by_someone_else(story, headline="Theirs")
    version = story.version

    refused = client.post(change_url(story), mine)
    again = client.post(change_url(story), sent_again(refused))

    assert again.status_code == 200
    assert "Choose “Keep theirs” or “Keep mine” for: Headline." in again.text
    assert again.context["adminform"].form.merge.conflicts[0].name == "headline"
    story.refresh_from_db()
    assert (story.headline, story.version) == ("Theirs", version)


def test_a_third_save_meanwhile_refuses_the_merge_again_with_nothing_half_saved(
    client, editor
):
    story = ArticleFactory(
        status=Article.Status.DRAFT, headline="Seawall vote", standfirst="Six to one."
    )
    mine = article_form_data(story, headline="Mine", standfirst="My standfirst.")
    saved_by_someone_else(story, headline="Theirs")
    refused = client.post(change_url(story), mine)
    merged = sent_again(refused, headline="mine")
    saved_by_someone_else(story, username="samuel", headline="Third")
    revisions = Version.objects.get_for_object(story).count()

    again = client.post(change_url(story), merged)

    assert again.status_code == 200
    assert "samuel saved this story at" in again.text
    form = again.context["adminform"].form
    assert form.merge_version == story.version
    assert form.merge.conflicts[0].theirs == "Third"
    story.refresh_from_db()
    assert (story.headline, story.standfirst) == ("Third", "Six to one.")
    assert Version.objects.get_for_object(story).count() == revisions

    assert (
        client.post(change_url(story), sent_again(again, headline="theirs"))
    ).status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.standfirst) == ("Third", "My standfirst.")


def test_an_old_form_without_the_merge_is_still_refused(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Seawall vote")
    mine = article_form_data(story, headline="Mine")
    saved_by_someone_else(story, headline="Theirs")

    again = client.post(change_url(story), mine)
    assert again.status_code == 200
    again = client.post(change_url(story), mine)  # Save pressed, merge ignored

    assert again.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Theirs"


def test_a_contributor_merges_the_same_way(client):
    contributor = staff("casey", "Contributors")
    sign_in(client, contributor)
    story = ArticleFactory(
        headline="Seawall vote",
        status=Article.Status.DRAFT,
        created_by=contributor,
    )
    mine = article_form_data(story, headline="Casey's headline", body="<p>Casey.</p>")
    saved_by_someone_else(story, headline="Desk headline")

    refused = client.post(change_url(story), mine)
    assert [c.name for c in refused.context["adminform"].form.merge.conflicts] == [
        "headline"
    ]
    response = client.post(change_url(story), sent_again(refused, headline="theirs"))

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.body) == ("Desk headline", "<p>Casey.</p>")
