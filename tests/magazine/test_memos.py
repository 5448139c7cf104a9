"""Every test starts with the per-process memos empty (tests/conftest.py)."""

import pytest

from articles.models import Category
from magazine import cache
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("turn", ["one", "another"])
def test_no_test_sees_the_category_tree_an_earlier_one_built(turn):
    # Whichever of the two runs later, the other one left its tree behind.
    assert cache._per_generation == {}
    CategoryFactory(slug=turn)

    tree = Category.objects.tree()

    assert "category-tree:en" in cache._per_generation
    assert Category.objects.tree() is tree  # kept for the rest of this test
    assert list(tree.by_path) == [turn]  # built from this test's rows
