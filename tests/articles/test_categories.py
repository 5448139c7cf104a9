"""The section tree: a materialised path kept on save."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    news = CategoryFactory(slug="news", name="News")
    headlines = CategoryFactory(parent=news, slug="headlines", name="Headlines")
    local = CategoryFactory(parent=headlines, slug="local", name="Local")
    sports = CategoryFactory(slug="sports", name="Sports")
    return news, headlines, local, sports


def test_path_and_breadcrumb_name_follow_the_tree(tree):
    local = tree[2]
    assert local.path == "news/headlines/local"
    assert local.depth == 2
    assert str(local) == "News › Headlines › Local"
    assert local.get_absolute_url() == "/news/headlines/local/"


def test_ancestors_and_descendants_take_one_query_each(tree, django_assert_num_queries):
    news, headlines, local, _ = tree
    with django_assert_num_queries(1):
        assert local.ancestors_and_self() == [news, headlines, local]
    with django_assert_num_queries(1):
        assert list(news.descendants()) == [headlines, local]
    with django_assert_num_queries(1):
        assert set(headlines.with_descendants()) == {headlines, local}


def test_moving_a_section_carries_its_subtree(tree):
    news, headlines, local, sports = tree
    headlines.parent = sports
    headlines.name = "Top stories"
    headlines.save()

    local.refresh_from_db()
    assert local.path == "sports/headlines/local"
    assert str(local) == "Sports › Top stories › Local"
    assert list(news.descendants()) == []


def test_slugs_are_unique_among_siblings_only(tree):
    news, _, _, sports = tree
    CategoryFactory(parent=sports, slug="headlines", name="Sports headlines")
    duplicate = CategoryFactory.build(parent=news, slug="headlines", name="Again")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_a_section_cannot_move_inside_itself(tree):
    news, _, local, _ = tree
    news.parent = local
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "itself" in str(error.value)


def test_a_top_level_section_cannot_take_a_site_url():
    with pytest.raises(ValidationError):
        CategoryFactory.build(slug="admin", name="Admin").full_clean()
