"""Every compiled query answers row for row as the queryset it was compiled from.

The mechanism (magazine.queries) reaches past Django's documented API: this is
what tells a Django upgrade that broke it, on the data of a small magazine.
"""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from psycopg import _queries as psycopg_queries

from articles.models import Article, Category, RelatedArticle, listings
from magazine.queries import (
    PSYCOPG_CACHED_LENGTH,
    PSYCOPG_CACHED_PARAMETERS,
    CompiledQuery,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db

UNIONS = {"NEWEST_PER_SECTION", "RELATED"}


@pytest.fixture
def magazine():
    now = timezone.now()
    news = CategoryFactory(name="News", slug="news")
    headlines = CategoryFactory(name="Headlines", slug="headlines", parent=news)
    boats = CategoryFactory(name="Boats", slug="boats")
    picture = ImageFactory()
    writers = [AuthorFactory(), AuthorFactory()]
    stories = [
        ArticleFactory(
            category=[news, headlines, boats][n % 3],
            publish_at=now - timedelta(hours=n),
            is_featured=n % 2 == 0,
            lead_image=picture if n % 2 else None,
            authors=writers[: 1 + n % 2],
        )
        for n in range(9)
    ]
    ArticleFactory(category=news, publish_at=now + timedelta(days=1))  # scheduled
    stories[0].tags.add("Seawall", "Miami Beach")
    stories[3].tags.add("Seawall")
    stories[0].secondary_categories.add(boats)
    RelatedArticle.objects.create(article=stories[0], related=stories[5], position=0)
    first = CommentFactory(article=stories[0])
    CommentFactory(article=stories[0], parent=first)
    return {"now": now, "news": news, "boats": boats, "stories": stories}


def cases(magazine) -> dict[str, tuple[tuple, dict]]:
    """For each compiled query: its shape and values on the magazine above."""
    now, news, story = magazine["now"], magazine["news"], magazine["stories"][0]
    tree = Category.objects.tree()
    content_type = ContentType.objects.get_for_model(Article).pk
    # A list's page after the one that ended at the newest story.
    after_newest = {"story_at": story.publish_at, "story_id": story.pk}
    return {
        "STORY": (
            (),
            {
                "section": story.category_id,
                "slug": story.slug,
                "now": now,
                "language": "en",
            },
        ),
        "SECTION_PAGE": (
            (0, 21, *tree.section_ids(news)),
            {"now": now, "language": "en"},
        ),
        "SECTION_PAGE_AFTER": (
            (21, *tree.section_ids(news)),
            {"now": now, "language": "en", **after_newest},
        ),
        "FEATURED": ((5,), {"now": now, "language": "en"}),
        "TAG_PAGE": (
            (0, 21, False),
            {
                "tag": story.tags.get(name="Seawall").pk,
                "now": now,
                "language": "en",
                "since": listings.BEFORE_ANY_STORY,
            },
        ),
        "TAG_PAGE_AFTER": (
            (21, True),
            {
                "tag": story.tags.get(name="Seawall").pk,
                "now": now,
                "language": "en",
                **after_newest,
            },
        ),
        "AUTHOR_PAGE": (
            (0, 21, True),
            {
                "author": story.authors.first().pk,
                "now": now,
                "language": "en",
                "since": listings.BEFORE_ANY_STORY,
            },
        ),
        "AUTHOR_PAGE_AFTER": (
            (21, False),
            {
                "author": story.authors.first().pk,
                "now": now,
                "language": "en",
                **after_newest,
            },
        ),
        "NEWEST_PER_SECTION": (
            (
                4,
                (story.pk,),
                *(
                    (c.pk, tuple(tree.section_ids(c)))
                    for c in (news, magazine["boats"])
                ),
            ),
            {"now": now, "language": "en"},
        ),
        "NEWEST_IN_A_SECTION": (
            (0, 4, (story.pk,), (news.pk, tuple(tree.section_ids(news)))),
            {"now": now, "language": "en"},
        ),
        "CREDITS": ((), {"story": story.pk, "content_type": content_type}),
        "RELATED": (
            (4,),
            {
                "story": story.pk,
                "section": story.category_id,
                "content_type": content_type,
                "now": now,
                "language": "en",
            },
        ),
        "RELATED_PART": (
            (2, 4),
            {
                "story": story.pk,
                "section": story.category_id,
                "content_type": content_type,
                "now": now,
                "language": "en",
            },
        ),
        "THREAD": ((), {"story": story.pk}),
        "OTHER_EDITIONS": (
            (),
            {"story": magazine["stories"][1].pk, "original": story.pk, "now": now},
        ),
    }


def compiled_queries() -> dict[str, CompiledQuery]:
    return {
        name: value
        for name, value in vars(listings).items()
        if isinstance(value, CompiledQuery)
    }


def test_every_compiled_query_is_checked_here(magazine):
    assert compiled_queries().keys() == cases(magazine).keys()


@pytest.mark.parametrize("name", sorted(compiled_queries()))
def test_a_compiled_query_returns_its_querysets_rows(magazine, name):
    if name in UNIONS and not connection.features.supports_slicing_ordering_in_compound:
        pytest.skip("a UNION of ordered, limited parts: run part by part here")
    query = compiled_queries()[name]
    shape, values = cases(magazine)[name]
    expected = list(query.build(*shape, **values))
    assert expected, "the magazine above gives each query rows to compare"
    assert query.rows(shape=shape, **values) == expected
    # Run again with the same compilation: the same rows.
    assert query.rows(shape=shape, **values) == expected


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="psycopg converts PostgreSQL's queries"
)
def test_psycopg_keeps_the_conversion_of_every_compiled_query(magazine):
    """magazine.queries raises psycopg's limits on the queries whose
    conversion it keeps; each compiled query must fit, the home page's with
    twelve main sections of four sub-sections each (the demo has seven)."""
    assert psycopg_queries.MAX_CACHED_STATEMENT_LENGTH >= PSYCOPG_CACHED_LENGTH
    assert psycopg_queries.MAX_CACHED_STATEMENT_PARAMS >= PSYCOPG_CACHED_PARAMETERS
    shapes = {name: shape for name, (shape, _) in cases(magazine).items()}
    shapes["NEWEST_PER_SECTION"] = (
        4,
        (1, 2, 3, 4, 5),
        *((n, (n, n + 100, n + 200, n + 300)) for n in range(1, 13)),
    )
    for name, query in compiled_queries().items():
        sql, slots, *_ = query.compile(connection, shapes[name])
        assert len(sql.encode()) <= PSYCOPG_CACHED_LENGTH, name
        assert len(slots) <= PSYCOPG_CACHED_PARAMETERS, name
