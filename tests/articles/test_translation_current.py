"""An editor marks a translation current on its own form (issue 15): a box
beside the out-of-date marker, not only the list action."""

import pytest
from django.test import Client

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
BOX = 'name="translation_current"'


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def editor():
    return sign_in(Client(), staff("eddie", "Editors"))


@pytest.fixture
def out_of_date():
    """A Spanish translation whose English original was corrected since."""
    original = ArticleFactory(slug="seawall-vote", headline="Seawall vote")
    spanish = ArticleFactory(
        slug="votacion-malecon",
        headline="Votación del malecón",
        language="es",
        translation_of=original,
        translated_version=original.version,
    )
    original.headline = "Seawall vote passes"
    original.save()
    spanish.refresh_from_db()
    assert spanish.is_out_of_date
    return original, spanish


def post_translation(client, spanish, **overrides):
    data = article_form_data(spanish, translation_of=spanish.translation_of_id)
    return client.post(change_url(spanish), data | overrides)


def test_the_box_sits_beside_the_marker_and_ticking_it_clears_the_marker(
    editor, out_of_date
):
    original, spanish = out_of_date
    form = editor.get(change_url(spanish)).text
    assert "out-of-date" in form
    assert BOX in form
    assert f'name="original_version_seen" value="{original.version}"' in form

    response = post_translation(
        editor,
        spanish,
        translation_current="on",
        original_version_seen=original.version,
    )

    assert response.status_code == 302
    spanish.refresh_from_db()
    assert not spanish.is_out_of_date
    after = editor.get(change_url(spanish)).text
    assert "out-of-date" not in after
    assert BOX not in after


def test_saving_without_the_tick_keeps_the_marker(editor, out_of_date):
    original, spanish = out_of_date

    response = post_translation(editor, spanish, original_version_seen=original.version)

    assert response.status_code == 302
    spanish.refresh_from_db()
    assert spanish.is_out_of_date


def test_an_original_saved_again_while_the_form_was_open_stays_unchecked(
    editor, out_of_date
):
    original, spanish = out_of_date
    seen = original.version
    original.headline = "Seawall vote passes, six to one"
    original.save()

    post_translation(
        editor, spanish, translation_current="on", original_version_seen=seen
    )

    spanish.refresh_from_db()
    assert spanish.translated_version == seen
    assert spanish.is_out_of_date


def test_no_box_on_originals_current_translations_or_for_contributors(out_of_date):
    original, spanish = out_of_date
    editor = sign_in(Client(), staff("eddie", "Editors"))
    other = ArticleFactory()
    current = ArticleFactory(
        language="es", translation_of=other, translated_version=other.version
    )
    assert not current.is_out_of_date
    assert BOX not in editor.get(change_url(original)).text
    assert BOX not in editor.get(change_url(current)).text

    writer = staff("casey", "Contributors")
    Article.objects.filter(pk=spanish.pk).update(
        created_by=writer, status=Article.Status.DRAFT
    )
    spanish.refresh_from_db()
    contributor = sign_in(Client(), writer)
    form = contributor.get(change_url(spanish))
    assert form.status_code == 200
    assert BOX not in form.text

    response = post_translation(
        contributor,
        spanish,
        translation_current="on",
        original_version_seen=original.version,
    )
    assert response.status_code == 302  # saved, but the box was not theirs
    spanish.refresh_from_db()
    assert spanish.is_out_of_date
