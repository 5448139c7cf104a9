"""Any version of a story as readers would have seen it: the reader's page,
marked as a preview of version N, for staff who may see the story only, never
cached or indexed."""

import re

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article, ArticleAuthor, RelatedArticle, VersionTags
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def edit(client, article, **changes):
    story = Article.objects.get(pk=article.pk)
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(story, **changes),
    )
    assert response.status_code == 302


def preview_url(article, version):
    return f"/admin/articles/article/{article.pk}/history/{version.pk}/preview/"


def test_a_chosen_version_is_shown_on_the_readers_page_marked_as_such(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    edit(client, article, headline="Seawall vote passes", body="<p>Came late.</p>")
    edit(client, article, headline="Seawall vote fails", body="<p>Came early.</p>")
    newer, first = Version.objects.get_for_object(article)

    response = client.get(preview_url(article, first))

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert re.search(r"<h1[^>]*>\s*Seawall vote passes\s*</h1>", response.text)
    assert "<p>Came late.</p>" in response.text
    assert "Seawall vote fails" not in response.text
    assert "Preview of <strong>version 1</strong> of this story" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    article.refresh_from_db()
    assert article.headline == "Seawall vote fails"  # nothing saved

    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert f'href="{preview_url(article, newer)}"' in history.text
    compare = client.get(f"/admin/articles/article/{article.pk}/history/compare/")
    assert f'href="{preview_url(article, first)}"' in compare.text


def test_only_staff_who_may_see_the_story_preview_its_versions(client, editor):
    article = ArticleFactory(headline="Desk draft", status=Article.Status.DRAFT)
    edit(client, article, headline="Desk draft, edited")
    version = Version.objects.get_for_object(article).first()
    other = ArticleFactory(status=Article.Status.DRAFT)
    edit(client, other, headline="Another story")
    others_version = Version.objects.get_for_object(other).first()

    assert client.get(preview_url(article, others_version)).status_code == 404
    contributor = Client()
    sign_in(contributor, staff("casey", "Contributors"))
    assert contributor.get(preview_url(article, version)).status_code == 403
    stranger = Client().get(preview_url(article, version))
    assert stranger.status_code == 302
    assert "/admin/login/" in stranger["Location"]


def related_section(page: str) -> str:
    found = re.search(r'<section class="related".*?</section>', page, re.S)
    return found[0] if found else ""


def byline(page: str) -> list[str]:
    return re.findall(r'rel="author">([^<]+)<', page)


def tag_names(page: str) -> list[str]:
    return re.findall(r'rel="tag">([^<]+)<', page)


@pytest.fixture
def two_versions(client, editor):
    """A draft saved twice from the form, its byline, tags, secondary section
    and related pick changed between the saves: (story, first, second)."""
    parts = {
        "ana": AuthorFactory(name="Ana Ruiz"),
        "ben": AuthorFactory(name="Ben Okafor"),
        "arts": CategoryFactory(name="Arts"),
        "bay": CategoryFactory(name="Biscayne Bay"),
        # picks in a section of their own, so that no other part fills them in
        "pick_one": ArticleFactory(
            headline="Manatees return", category=CategoryFactory()
        ),
        "pick_two": ArticleFactory(
            headline="Kings tide floods Brickell", category=CategoryFactory()
        ),
    }
    story = ArticleFactory(headline="Seawall vote", status=Article.Status.DRAFT)
    ArticleAuthor.objects.create(article=story, author=parts["ana"])
    RelatedArticle.objects.create(article=story, related=parts["pick_one"])
    edit(client, story, tags=["Seawall"], secondary_categories=[parts["arts"].pk])
    ArticleAuthor.objects.filter(article=story).delete()
    ArticleAuthor.objects.create(article=story, author=parts["ben"])
    RelatedArticle.objects.filter(article=story).update(related=parts["pick_two"])
    edit(client, story, tags=["Flooding"], secondary_categories=[parts["bay"].pk])
    second, first = Version.objects.get_for_object(story)
    return story, first, second


def test_a_version_is_previewed_with_its_own_byline_tags_sections_and_picks(
    client, two_versions
):
    story, first, second = two_versions

    old = client.get(preview_url(story, first)).text
    new = client.get(preview_url(story, second)).text

    assert byline(old) == ["Ana Ruiz"]
    assert tag_names(old) == ["Seawall"]
    assert "Manatees return" in related_section(old)
    assert "Kings tide floods Brickell" not in related_section(old)
    assert "also under Arts." in old
    assert byline(new) == ["Ben Okafor"]
    assert tag_names(new) == ["Flooding"]
    assert "Kings tide floods Brickell" in related_section(new)
    assert "Manatees return" not in related_section(new)
    assert "also under Biscayne Bay." in new
    assert "were not recorded" not in old + new
    # the story itself is as the second save left it
    assert list(Article.objects.get(pk=story.pk).tags.names()) == ["Flooding"]


def test_a_version_that_kept_no_tags_says_so_and_shows_none_of_todays(
    client, two_versions
):
    story, first, _second = two_versions
    VersionTags.objects.filter(version=first).delete()  # as before they were kept

    page = client.get(preview_url(story, first)).text

    assert tag_names(page) == []
    assert "Its tags were not recorded" in page
    assert byline(page) == ["Ana Ruiz"]  # the byline rows were always kept


def test_each_save_keeps_the_storys_tags_with_its_version(client, two_versions):
    _story, first, second = two_versions

    assert first.article_tags.tags == [{"name": "Seawall", "slug": "seawall"}]
    assert second.article_tags.tags == [{"name": "Flooding", "slug": "flooding"}]


def test_compare_lists_the_byline_and_tags_changes(client, two_versions):
    story, first, second = two_versions
    url = f"/admin/articles/article/{story.pk}/history/compare/"

    response = client.get(url, {"older": first.pk, "newer": second.pk})

    rows = {
        str(label): (pieces, note)
        for label, pieces, note in response.context["credit_diffs"]
    }
    assert rows["Byline"] == ([("del", "Ana Ruiz"), ("ins", "Ben Okafor")], None)
    assert rows["Tags"] == ([("del", "Seawall"), ("ins", "Flooding")], None)
    assert "<del>Ana Ruiz</del><ins>Ben Okafor</ins>" in response.text

    VersionTags.objects.filter(version=first).delete()
    response = client.get(url, {"older": first.pk, "newer": second.pk})
    rows = {
        str(label): (pieces, note)
        for label, pieces, note in response.context["credit_diffs"]
    }
    assert rows["Tags"][0] is None
    assert rows["Tags"][1].startswith("The “From” version did not record them")
    assert "The “From” version did not record them" in response.text


def test_restoring_a_version_restores_its_tags(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    edit(client, article, tags=["Seawall", "Flooding"])
    edit(client, article, tags=["Hurricanes"])
    _newer, first = Version.objects.get_for_object(article)
    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"

    form = client.get(url).context["adminform"].form
    assert form.initial["tags"] == ["Seawall", "Flooding"]
    story = Article.objects.get(pk=article.pk)
    response = client.post(
        url,
        article_form_data(
            story,
            tags=form.initial["tags"],
            seen_version=form.initial["seen_version"],
        ),
    )

    assert response.status_code == 302
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == [
        "Flooding",
        "Seawall",
    ]


def test_restoring_a_version_that_kept_no_tags_says_so(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    edit(client, article, headline="Seawall vote passes", tags=["Seawall"])
    (first,) = Version.objects.get_for_object(article)
    VersionTags.objects.filter(version=first).delete()  # saved before they were kept
    article.tags.set(["Hurricanes"])

    response = client.get(f"/admin/articles/article/{article.pk}/history/{first.pk}/")

    assert "did not record its tags" in response.text
    assert list(response.context["adminform"].form.initial["tags"]) != ["Seawall"]
