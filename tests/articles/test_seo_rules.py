"""The SEO lengths are stated once (articles.models.articles): the pre-publish
checklist, the form's search help and its script's limits agree."""

import pytest

from articles.admin import seo
from articles.models.articles import DESCRIPTION_LENGTHS, SEO_TITLE_MAX
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title_length", "flagged"), [(SEO_TITLE_MAX, False), (SEO_TITLE_MAX + 1, True)]
)
def test_the_checklist_and_the_search_help_flag_the_same_titles(title_length, flagged):
    story = ArticleFactory(
        seo_title="x" * title_length, meta_description="d" * DESCRIPTION_LENGTHS[0]
    )

    checklist = " ".join(str(item) for item in story.missing_before_publishing())
    help_text = " ".join(seo.warnings_for(story))

    assert ("search title" in checklist) is flagged
    assert ("search title" in help_text) is flagged


def test_the_script_is_given_the_same_limits():
    low, high = DESCRIPTION_LENGTHS
    drawn = seo.preview(ArticleFactory())

    assert f'data-title-limit="{SEO_TITLE_MAX}"' in drawn
    assert f'data-description-low="{low}" data-description-high="{high}"' in drawn
