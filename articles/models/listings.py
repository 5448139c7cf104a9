"""The reader pages' hot queries, each compiled once per process.

Every reader page runs a few of these; building and compiling them through the
ORM cost more than PostgreSQL took to answer (see :mod:`magazine.queries`).
Each is still written as a queryset on ``published()`` and its friends, and
tests/magazine/test_compiled_queries.py checks that every compiled query here
answers row for row as its queryset does. This module is the only user of the
mechanism: measured at 100,000 stories (in-process CPU per page, the same
queries either way), plain querysets made the home page take 1.8 to 1.9 times
as long, the article page 2.3 times (its story, credits, related stories and
comment thread), a section page 1.2 to 1.3 times (wall time 1.36); search,
which saved 15 %, went back to plain querysets.

Cards come back as rows of :data:`CARD_COLUMNS` (the story and its lead
image) and are turned into ``Article`` objects by :func:`cards_from_rows`,
with their section taken from the category tree every page already holds.
"""

import json
import weakref
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.base import ModelState
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models.articles import Article, ArticleAuthor, RelatedArticle
from articles.models.authors import Author
from articles.models.categories import Category, active_language, category_tree
from articles.models.comments import THREAD_FIELDS, Comment
from articles.models.images import Image
from articles.models.publication import (
    NEWEST_FIRST,
    ArticleQuerySet,
    Status,
    more_than_a_few,
    newest_filed_under,
)
from magazine import cache as page_cache
from magazine.memos import process_memo
from magazine.queries import CompiledQuery

ARTICLE_FIELDS = [field.attname for field in Article._meta.concrete_fields]
IMAGE_FIELDS = [field.attname for field in Image._meta.concrete_fields]
# What a card and a list of headlines show (``{% article_card %}``, the latest
# list); the story's own page reads every field. Reading all 34 columns (its
# rendered body, SEO fields, six dates) for each of a home page's 33 cards was
# most of the cost of turning its rows into stories. A card shows no other
# field: the reader pages' fetch mode (FETCH_RAISE in the tests) would tell.
CARD_ARTICLE_FIELDS = [
    "id",
    "headline",
    "slug",
    "standfirst",
    "body",
    "lead_image_id",
    "category_id",
    "byline",
    "comment_count",
    "status",
    "publish_at",
    "is_sponsored",
    "language",
]
CARD_IMAGE_FIELDS = [
    "id",
    "file",
    "width",
    "height",
    "alt_text",
    "alt_text_es",
    "focal_x",
    "focal_y",
    "sources",
]


def lead_image_columns(fields: list[str]) -> tuple:
    """The lead picture's columns; its renditions as JSON text (see
    :func:`decoded_sources`)."""
    return tuple(
        Cast("lead_image__sources", models.TextField())
        if name == "sources"
        else f"lead_image__{name}"
        for name in fields
    )


CARD_COLUMNS = (*CARD_ARTICLE_FIELDS, *lead_image_columns(CARD_IMAGE_FIELDS))
# Pages of sections readers open; each compilation is a few kilobytes.
LIST_SHAPES_KEPT = 256


_decoded_sources: dict[str, dict] = {}
process_memo(_decoded_sources.clear)
SOURCES_KEPT = 4096


def decoded_sources(text: str) -> dict:
    """A picture's ``sources``, decoded once per process for every card that
    shows it (a few dozen pictures serve a whole page of cards). Decoding
    them for each card was a tenth of the home page's time at 100,000 stories
    (issue 18, profile_cold). Cards' pictures are read, never changed: they
    share the decoded value."""
    if (sources := _decoded_sources.get(text)) is None:
        sources = json.loads(text)
        if len(_decoded_sources) >= SOURCES_KEPT:
            _decoded_sources.clear()
        _decoded_sources[text] = sources
    return sources


def loaded(model, using: str, names, values, fetch_mode=None):
    """What ``model.from_db(using, names, values)`` returns (a row read from
    the database, its other fields deferred), made without
    ``Model.__init__``: that walks every field of the model (a story has 34, a
    card reads 13) and sends the init signals, whose only receiver here fills
    in a picture's size when it was not read. A home page makes 66 of these:
    8 % of its time at 100,000 stories (issue 18, py-spy).
    tests/articles/test_cards.py compares them with ``from_db()``'s."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=False))
    state = instance._state = ModelState()
    state.adding = False
    state.db = using
    if fetch_mode is not None:
        state.fetch_mode = fetch_mode
    return instance


def cards_from_rows(
    rows,
    using: str = "default",
    *,
    article_fields: list[str] = CARD_ARTICLE_FIELDS,
    image_fields: list[str] = CARD_IMAGE_FIELDS,
) -> list[Article]:
    """Stories with their lead image and section, from rows that start with
    :data:`CARD_COLUMNS` (any further columns are the caller's), or with the
    ``article_fields`` and the lead image's ``image_fields`` given."""
    sections = category_tree().by_pk
    image_starts = len(article_fields)
    image_ends = image_starts + len(image_fields)
    sources_at = image_starts + image_fields.index("sources")
    fetch_mode = ArticleQuerySet.reader_fetch_mode
    peers = []
    cards = []
    for row in rows:
        card = loaded(Article, using, article_fields, row, fetch_mode)
        if fetch_mode.track_peers:
            peers.append(weakref.ref(card))
            card._state.peers = peers
        if card.lead_image_id is not None:
            picture = loaded(
                Image,
                using,
                image_fields,
                (
                    *row[image_starts:sources_at],
                    decoded_sources(row[sources_at]),
                    *row[sources_at + 1 : image_ends],
                ),
            )
            picture._rendered_source = picture.rendition_source
            card._state.fields_cache["lead_image"] = picture
        card._state.fields_cache["category"] = sections[card.category_id]
        cards.append(card)
    return cards


def story_from_row(row, using: str = "default") -> Article:
    """A story for its own page, from a row of :data:`STORY_COLUMNS`."""
    (story,) = cards_from_rows(
        [row], using, article_fields=ARTICLE_FIELDS, image_fields=IMAGE_FIELDS
    )
    if story.social_image_id is not None:
        story.social_image = Image.from_db(
            using, IMAGE_FIELDS, row[len(STORY_LEAD_COLUMNS) : -len(VISIBILITY)]
        )
    story.is_live, story.is_licence_expired = row[-len(VISIBILITY) :]
    return story


def union_all(parts: list[models.QuerySet]) -> models.QuerySet:
    first, *others = parts
    return first.union(*others, all=True)


def rows_of_parts(
    union: CompiledQuery, each: CompiledQuery, count: int, *shape, **values
) -> list[tuple]:
    """The rows of ``count`` parts, one after the other: ``union`` (their UNION
    ALL, compiled) where each part may have its own ORDER BY and LIMIT
    (PostgreSQL); elsewhere (SQLite) part by part, ``each`` being the part at
    an index, compiled once too: building and compiling the home page's seven
    parts on every request took 46 to 86 ms on this machine (loaded)."""
    if connections[DEFAULT_DB_ALIAS].features.supports_slicing_ordering_in_compound:
        return union.rows(shape=shape, **values)
    return [
        row
        for index in range(count)
        for row in each.rows(shape=(index, *shape), **values)
    ]


def part_at(parts, **kinds) -> CompiledQuery:
    """The compiled part at an index of the querysets ``parts(*shape, **values)``."""
    return CompiledQuery(
        lambda index, *shape, **values: parts(*shape, **values)[index],
        shapes_kept=LIST_SHAPES_KEPT,
        every_value_used=False,
        **kinds,
    )


# A story's own page.

VISIBILITY = ("is_live", "is_licence_expired")
STORY_LEAD_COLUMNS = (*ARTICLE_FIELDS, *lead_image_columns(IMAGE_FIELDS))
STORY_COLUMNS = (
    *STORY_LEAD_COLUMNS,
    *(f"social_image__{name}" for name in IMAGE_FIELDS),
    *VISIBILITY,
)


def story_in_section(section: int, slug: str, *, now, language):
    """Whatever its state: the view answers a story that is not live (404) and
    one whose licence ran out (410) differently. Only in its own edition."""
    return (
        Article.objects.with_visibility(now)
        .in_language(language)
        .filter(category_id=section, slug=slug)
        .values_list(*STORY_COLUMNS)
    )


STORY = CompiledQuery(
    story_in_section, section=int, slug=str, now=datetime, language=str
)


def story_at(section: Category, slug: str) -> Article | None:
    """The story filed at ``slug`` in ``section`` (its primary section), with
    its pictures and whether readers may see it."""
    rows = STORY.rows(
        section=section.pk, slug=slug, now=timezone.now(), language=active_language()
    )
    return story_from_row(rows[0]) if rows else None


# A story's other editions, for its language links.

# In the model's order, as ``from_db()`` reads them.
EDITION_FIELDS = tuple(
    name for name in ARTICLE_FIELDS if name in {"id", "language", "slug", "category_id"}
)


def other_editions_of(*, story, original, now):
    """Live stories that are ``original`` or its translations, but not ``story``.
    Unordered, so SQLite looks the few rows up by their ids; no walk of the
    newest-first index to the first story."""
    return (
        Article.objects.published(now)
        .filter(models.Q(pk=original) | models.Q(translation_of_id=original))
        .exclude(pk=story)
        .order_by()
        .values_list(*EDITION_FIELDS)
    )


OTHER_EDITIONS = CompiledQuery(other_editions_of, story=int, original=int, now=datetime)


def other_editions(article: Article) -> list[Article]:
    """The live other editions of ``article`` (its original, the original's
    translations), oldest first, each with its section: enough for an address."""
    sections = category_tree().by_pk
    rows = OTHER_EDITIONS.rows(
        story=article.pk,
        original=article.translation_of_id or article.pk,
        now=timezone.now(),
    )
    editions = []
    for row in sorted(rows):
        edition = Article.from_db(DEFAULT_DB_ALIAS, EDITION_FIELDS, row)
        edition.category = sections[edition.category_id]
        editions.append(edition)
    return editions


# A section's page of cards.


def section_page(start, stop, *section_ids, now, language):
    live = Article.objects.published(now).in_language(language)
    return newest_filed_under(live, section_ids, stop).values_list(*CARD_COLUMNS)[
        start:stop
    ]


def section_page_after(size, *section_ids, now, language, story_at, story_id):
    live = Article.objects.published_before(now, story_at, story_id).in_language(
        language
    )
    return newest_filed_under(live, section_ids, size).values_list(*CARD_COLUMNS)[:size]


SECTION_PAGE = CompiledQuery(
    section_page, now=datetime, language=str, shapes_kept=LIST_SHAPES_KEPT
)
SECTION_PAGE_AFTER = CompiledQuery(
    section_page_after,
    now=datetime,
    language=str,
    story_at=datetime,
    story_id=int,
    shapes_kept=LIST_SHAPES_KEPT,
)

# How long a list's page ends are kept at most (they go with any change).
PAGE_ENDS_SECONDS = 3600
PUBLISH_AT = CARD_ARTICLE_FIELDS.index("publish_at")


def window_rows(list_name: str, window: slice, from_offset, after_story) -> list:
    """The rows of ``window`` (``[start:stop]``) of a newest-first list: when
    the page before ended at a known story, the rows after it
    (``after_story(size, story_at, story_id)``, an index walk that starts
    there), else by offset (``from_offset(start, stop)``, a walk past every
    story before ``start``: a section's page 450 took 372 ms on PostgreSQL at
    100,000 stories). Each page keeps where the next one starts, in the shared
    cache, for the site as it is now (``magazine.cache.shared_for_now``), so a
    reader or crawler paging on costs the same at page 450 as at page 2. The
    first page, the one most read, neither looks nor keeps."""
    start, stop = window.start or 0, window.stop
    if start == 0:
        return from_offset(0, stop)
    ends = page_cache.shared_for_now(at_most=PAGE_ENDS_SECONDS)
    ended = ends.get(f"page-end:{list_name}:{start}") if ends else None
    if isinstance(ended, tuple) and len(ended) == 2:
        rows = after_story(stop - start, *ended)
    else:
        rows = from_offset(start, stop)
    # ``window`` holds one row past the page (is there a next one?).
    if ends is not None and len(rows) == stop - start:
        last = rows[-2]
        ends.keep(f"page-end:{list_name}:{stop - 1}", (last[PUBLISH_AT], last[0]))
    return rows


class SectionCards:
    """A section's published stories, newest first, sliced like a queryset
    (``[start:stop]``, as :func:`articles.views.pages.paginate` does)."""

    def __init__(self, category: Category, language: str | None = None):
        self.shape = tuple(category_tree().section_ids(category))
        self.language = language or active_language()

    def __getitem__(self, window: slice) -> list[Article]:
        now = timezone.now()

        def from_offset(start, stop):
            shape = (start, stop, *self.shape)
            return SECTION_PAGE.rows(shape=shape, now=now, language=self.language)

        def after_story(size, story_at, story_id):
            return SECTION_PAGE_AFTER.rows(
                shape=(size, *self.shape),
                now=now,
                language=self.language,
                story_at=story_at,
                story_id=story_id,
            )

        name = "section:" + ",".join(map(str, self.shape))
        return cards_from_rows(window_rows(name, window, from_offset, after_story))


# A tag's or an author's page of cards.


# A common tag's or author's first page is looked for among this many of its
# edition's newest stories before its own rows are sorted (``newest_or_own``).
NEWEST_LOOKED_AT = 1000
# The bound of an edition of fewer stories: before any story.
BEFORE_ANY_STORY = datetime(1, 1, 2, tzinfo=UTC)


def walk_bound() -> models.Subquery:
    """An annotation: the publish time of the active edition's
    ``NEWEST_LOOKED_AT``-th newest story, read from the edition's index alone,
    where a common tag's or author's walk stops (``newest_or_own``). Read with
    the tag, it reaches the page's query as a value: PostgreSQL plans the walk
    for the 1,000 stories it is, not for a range it cannot see (the bound
    costs 0.08 ms in the tag's query on PostgreSQL, 0.19 at 2,000)."""
    edition = Article.objects.filter(
        language=active_language(),
        status=Status.PUBLISHED,
        publish_at__lte=timezone.now(),
    ).order_by("-publish_at")
    return models.Subquery(
        edition.values("publish_at")[NEWEST_LOOKED_AT - 1 : NEWEST_LOOKED_AT]
    )


def tags_by_slug(slug: str) -> models.QuerySet:
    """The tag at ``slug``, its ``crowded`` telling whether it is on more than
    a few stories (see ``more_than_a_few``): its page and its feeds read a rare
    tag's stories by its own rows, a common one's by the newest-first walk
    that stops at ``walked_since`` (see ``newest_or_own``)."""
    return Tag.objects.filter(slug=slug).annotate(
        crowded=more_than_a_few(
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                tag__slug=slug,
            ),
            "tag_id",
        ),
        walked_since=walk_bound(),
    )


def authors_by_slug(slug: str) -> models.QuerySet:
    """The author at ``slug``, with ``crowded`` and ``walked_since`` as for a
    tag (``tags_by_slug``)."""
    return Author.objects.filter(slug=slug).annotate(
        crowded=more_than_a_few(
            ArticleAuthor.objects.filter(author__slug=slug), "author_id"
        ),
        walked_since=walk_bound(),
    )


def newest_cards(stories: models.QuerySet, language: str) -> models.QuerySet:
    return (
        stories.in_language(language).order_by(*NEWEST_FIRST).values_list(*CARD_COLUMNS)
    )


# Newest first, in an order no index keeps (publish_at is never null on a
# published story): PostgreSQL then sorts the tag's own rows instead of
# walking the newest-first index for a tag it takes for spread evenly. A tag
# on 741 stories, all older than 80,000 others: 171 -> 12 ms (EXPLAIN ANALYZE).
SORTED_NEWEST_FIRST = (
    models.F("publish_at").desc(nulls_last=True),
    models.F("pk").desc(),
)


def listed_newest(stories: models.QuerySet, own: bool, since) -> models.QuerySet:
    """A tag's or author's stories (``tagged``, ``by_author``) for
    ``newest_or_own``: its own rows sorted, or the walk that stops at
    ``since``. Only the walk names ``since``: in the sort, a range of two
    parameters made PostgreSQL's generic plan of the prepared statement take it
    for 250 stories and walk all 100,000 (212 ms)."""
    if own:
        return stories.order_by(*SORTED_NEWEST_FIRST)
    return stories.filter(publish_at__gte=since)


def tag_page(start, stop, own, *, tag, now, language, since):
    stories = Article.objects.published(now).tagged(tag, few=own)
    cards = newest_cards(stories, language)
    return listed_newest(cards, own, since)[start:stop]


def tag_page_after(size, few, *, tag, now, language, story_at, story_id):
    stories = Article.objects.published_before(now, story_at, story_id)
    return newest_cards(stories.tagged(tag, few=few), language)[:size]


def author_page(start, stop, own, *, author, now, language, since):
    stories = Article.objects.published(now).by_author(author, few=own)
    cards = newest_cards(stories, language)
    return listed_newest(cards, own, since)[start:stop]


def author_page_after(size, few, *, author, now, language, story_at, story_id):
    stories = Article.objects.published_before(now, story_at, story_id)
    return newest_cards(stories.by_author(author, few=few), language)[:size]


def newest_or_own(rows_of, size: int, *, few: bool) -> list:
    """The first ``size`` stories of a tag or author, newest first: a rare
    one's by its own rows, sorted (``rows_of(True)``); a common one's by a
    walk of its edition's newest stories, stopped at the
    ``NEWEST_LOOKED_AT``-th (``rows_of(False)``), and by its own rows when that
    walk found fewer (its stories are old, or it has fewer left). A tag whose
    741 stories are all older than 80,000 others had its first page walk the
    whole edition: 81 ms on SQLite, 125 ms on PostgreSQL at 100,000 stories
    (the page, in process), now 5.9 and 13.2 ms, the same bytes; a common,
    current tag's page is one query as before."""
    if few:
        return rows_of(True)
    rows = rows_of(False)
    return rows if len(rows) == size else rows_of(True)


def list_queries(page, page_after, **kinds) -> tuple[CompiledQuery, CompiledQuery]:
    """A tag's or author's pages: by offset, and after a story."""
    return (
        CompiledQuery(
            page,
            now=datetime,
            language=str,
            since=datetime,
            shapes_kept=LIST_SHAPES_KEPT,
            every_value_used=False,  # the sort of own rows names no ``since``
            **kinds,
        ),
        CompiledQuery(
            page_after,
            now=datetime,
            language=str,
            story_at=datetime,
            story_id=int,
            shapes_kept=LIST_SHAPES_KEPT,
            **kinds,
        ),
    )


TAG_PAGE, TAG_PAGE_AFTER = list_queries(tag_page, tag_page_after, tag=int)
AUTHOR_PAGE, AUTHOR_PAGE_AFTER = list_queries(
    author_page, author_page_after, author=int
)


class ListedCards:
    """The published stories of a tag (``TAG_PAGE``, ``TAG_PAGE_AFTER``) or an
    author (``AUTHOR_PAGE``…), newest first, sliced like a queryset; given as
    ``tag=`` or ``author=``, found by ``tags_by_slug`` or ``authors_by_slug``
    (a rare one's stories are read through its own rows, see
    ``newest_or_own``). Built and compiled on every request, the tag page's
    query was a sixth of its time (issue 18, profile_cold)."""

    def __init__(self, query, query_after, **listed):
        ((kind, found),) = listed.items()
        self.query, self.query_after = query, query_after
        self.few = found.crowded is None
        self.since = found.walked_since or BEFORE_ANY_STORY
        self.values = {kind: found.pk}
        self.language = active_language()

    def __getitem__(self, window: slice) -> list[Article]:
        now = timezone.now()

        def from_offset(start, stop):
            def rows_of(own: bool, since=self.since) -> list:
                return self.query.rows(
                    shape=(start, stop, own),
                    now=now,
                    language=self.language,
                    since=since,
                    **self.values,
                )

            if start:
                # A deep page asked straight away: past the newest 1,000 a
                # common tag's walk would stop and sort every story it has.
                return rows_of(self.few, BEFORE_ANY_STORY)
            return newest_or_own(rows_of, stop, few=self.few)

        def after_story(size, story_at, story_id):
            return self.query_after.rows(
                shape=(size, self.few),
                now=now,
                language=self.language,
                story_at=story_at,
                story_id=story_id,
                **self.values,
            )

        ((kind, pk),) = self.values.items()
        return cards_from_rows(
            window_rows(f"{kind}:{pk}", window, from_offset, after_story)
        )


# The home page: featured stories, and the newest of each main section.


def featured(size, *, now, language):
    return (
        Article.objects.published(now)
        .in_language(language)
        .filter(is_featured=True)
        .order_by(*NEWEST_FIRST)
        .values_list(*CARD_COLUMNS)[:size]
    )


FEATURED = CompiledQuery(featured, now=datetime, language=str)


def featured_cards(size: int) -> list[Article]:
    """The newest ``size`` featured stories of the active language's edition:
    the home page's lead and featured."""
    return cards_from_rows(
        FEATURED.rows(shape=(size,), now=timezone.now(), language=active_language())
    )


def newest_per_section_parts(
    size, excluding, *sections, now, language
) -> list[models.QuerySet]:
    """For each ``(section id, its section ids)``, its ``size`` newest live
    stories in ``language``: card rows ending in the section's id."""
    live = (
        Article.objects.published(now).in_language(language).exclude(pk__in=excluding)
    )
    return [
        newest_filed_under(live, section_ids, size)
        .annotate(section_id=models.Value(section))
        .values_list(*CARD_COLUMNS, "section_id")[:size]
        for section, section_ids in sections
    ]


NEWEST_PER_SECTION = CompiledQuery(
    lambda *shape, now, language: union_all(
        newest_per_section_parts(*shape, now=now, language=language)
    ),
    now=datetime,
    language=str,
)
NEWEST_IN_A_SECTION = part_at(newest_per_section_parts, now=datetime, language=str)


def newest_per_section(categories, size: int, excluding=()) -> dict[int, list[Article]]:
    """The ``size`` newest published stories under each category (descendants
    and secondary filings included), newest first, as cards, leaving out the
    stories ``excluding``: one UNION ALL on PostgreSQL, one query per category
    elsewhere."""
    tree = category_tree()
    sections = tuple(
        (category.pk, tuple(tree.section_ids(category))) for category in categories
    )
    by_category = {category.pk: [] for category in categories}
    if not sections:
        return by_category
    rows = rows_of_parts(
        NEWEST_PER_SECTION,
        NEWEST_IN_A_SECTION,
        len(sections),
        size,
        tuple(excluding),
        *sections,
        now=timezone.now(),
        language=active_language(),
    )
    # A UNION ALL promises no order of its own: newest first is restored here.
    cards = sorted(
        zip(cards_from_rows(rows), rows, strict=True),
        key=lambda pair: (pair[0].publish_at, pair[0].pk),
        reverse=True,
    )
    for card, row in cards:
        by_category[row[-1]].append(card)
    return by_category


# The authors and tags of one story.


def credits_union(story: int, content_type: int) -> models.QuerySet:
    """``(kind, id, name, slug, …)`` rows: a story's authors in byline order,
    then its tags in the order they were given."""
    authors = ArticleAuthor.objects.filter(article_id=story).annotate(
        kind=models.Value("author"),
        credited_id=models.F("author_id"),
        name=models.F("author__name"),
        slug=models.F("author__slug"),
    )
    tags = Article.tags.through.objects.filter(
        content_type_id=content_type, object_id=story
    ).annotate(
        kind=models.Value("tag"),
        credited_id=models.F("tag_id"),
        name=models.F("tag__name"),
        slug=models.F("tag__slug"),
        position=models.Value(0),
    )
    columns = ("kind", "credited_id", "name", "slug", "position", "pk")
    return (
        authors.order_by()
        .values_list(*columns)
        .union(tags.order_by().values_list(*columns), all=True)
        .order_by("kind", "position", "pk")
    )


CREDITS = CompiledQuery(credits_union, story=int, content_type=int)


def story_credits(story: Article) -> tuple[list[Author], list[Tag]]:
    """The authors in byline order (the article page links each) and the tags,
    in one query. Lists show ``Article.byline``, kept on the story's row."""
    authors, tags = [], []
    for kind, pk, name, slug, *_ in CREDITS.rows(
        story=story.pk, content_type=ContentType.objects.get_for_model(Article).pk
    ):
        if kind == "author":
            authors.append(Author(pk=pk, name=name, slug=slug))
        else:
            tags.append(Tag(pk=pk, name=name, slug=slug))
    return authors, tags


# The stories shown beside one story.


# Stories sharing a tag are looked for among the edition's newest this many:
# the walk stops at the first few found, and never reads more than these.
RELATED_WINDOW = 1000
BEFORE_ANY_STORY = datetime(1, 1, 1, tzinfo=UTC)


def related_parts(
    limit: int, story: int, section: int, content_type: int, now, language
) -> list[models.QuerySet]:
    """Up to ``limit`` picks, then stories sharing a tag, then the section's
    newest, each part newest first and in the story's language: card rows
    ending in ``part, position``.

    Each part reads a bounded number of rows whatever the archive's size: the
    picks by their ids; the stories sharing a tag by walking the edition's
    newest-first index, each checked for a shared tag, no further back than
    the ``RELATED_WINDOW``-th newest story (a tag the archive holds a million
    times would otherwise be sorted whole, a rare one walked to the first
    story), ids first and the cards of the few found after (PostgreSQL's
    generic plan joined the pictures of every story in the window before
    sorting: 18.8 ms on a 1,000-story archive where a tag is on a quarter of
    them, 3.8 ms planned afresh); the section's by its own index.
    """
    live = Article.objects.published(now).in_language(language).exclude(pk=story)
    pick = RelatedArticle.objects.filter(
        article_id=story, related=models.OuterRef("pk")
    )
    tags_here = Article.tags.through.objects.filter(
        content_type_id=content_type, object_id=story
    ).values("tag_id")
    shares_a_tag = Article.tags.through.objects.filter(
        content_type_id=content_type,
        object_id=models.OuterRef("pk"),
        tag_id__in=tags_here,
    )
    window_starts = Coalesce(
        models.Subquery(
            Article.objects.filter(
                language=language, status=Status.PUBLISHED, publish_at__lte=now
            )
            .order_by(*NEWEST_FIRST)
            .values("publish_at")[RELATED_WINDOW - 1 : RELATED_WINDOW]
        ),
        models.Value(BEFORE_ANY_STORY),
    )
    parts = [
        live.filter(
            pk__in=RelatedArticle.objects.filter(article_id=story).values("related_id")
        ).annotate(
            part=models.Value(0), position=models.Subquery(pick.values("position")[:1])
        ),
        live.filter(
            pk__in=live.filter(
                models.Exists(shares_a_tag), publish_at__gte=window_starts
            )
            .order_by(*NEWEST_FIRST)
            .values("pk")[:limit]
        ).annotate(part=models.Value(1), position=models.Value(0)),
        live.filter(category_id=section).annotate(
            part=models.Value(2), position=models.Value(0)
        ),
    ]
    # Only the picks have an order of their own: sorting the others by a
    # constant position would make SQLite sort every candidate.
    orders = [("position", *NEWEST_FIRST), NEWEST_FIRST, NEWEST_FIRST]
    return [
        part.order_by(*order).values_list(*CARD_COLUMNS, "part", "position")[:limit]
        for part, order in zip(parts, orders, strict=True)
    ]


RELATED = CompiledQuery(
    lambda limit, **values: union_all(related_parts(limit, **values)).order_by(
        "part", "position", "-publish_at", "-id"
    ),
    story=int,
    section=int,
    content_type=int,
    now=datetime,
    language=str,
)
RELATED_PART = part_at(
    related_parts,
    story=int,
    section=int,
    content_type=int,
    now=datetime,
    language=str,
)


def related_cards(story: Article, limit: int) -> list[Article]:
    """The stories shown beside this one, as cards.

    The editor's picks in their order; when there are fewer than ``limit``,
    the rest are the newest published stories sharing a tag, then the newest
    in the same category. Never this story, never an unpublished one.
    One query on PostgreSQL (three short index walks in a UNION ALL that
    reads the cards too), three elsewhere, whatever the number of tags or picks.
    """
    rows = rows_of_parts(
        RELATED,
        RELATED_PART,
        3,
        limit,
        story=story.pk,
        section=story.category_id,
        content_type=ContentType.objects.get_for_model(Article).pk,
        now=timezone.now(),
        language=story.language,
    )
    # A story can be in several parts: its first place counts.
    cards = {card.pk: card for card in cards_from_rows(rows)}
    return list(cards.values())[:limit]


# A story's comment thread.


def shown_thread(story: int, *, using: str | None = None) -> list[Comment]:
    """The comments a story's thread shows (``for_thread()``), through a query
    compiled once per process: every article page with comments runs it."""
    return [
        Comment.from_db(using or DEFAULT_DB_ALIAS, THREAD_FIELDS, row)
        for row in THREAD.rows(using=using, story=story)
    ]


THREAD = CompiledQuery(
    lambda story: (
        Comment.objects.filter(article_id=story)
        .for_thread()
        .values_list(*THREAD_FIELDS)
    ),
    story=int,
)


def related_cards_given(
    story: Article, limit: int, *, picks: list[int], tag_slugs: list[str]
) -> list[Article]:
    """``related_cards`` for a story as given rather than as stored: the
    editor's ``picks`` in their order, then the newest live stories sharing
    one of ``tag_slugs``, then the newest of ``story.category_id``, as a past
    version of the story had them, or its pending changes will (the staff's
    previews of that version and of those changes).
    Plain querysets, three at most: it serves no reader page."""
    live = Article.objects.published().in_language(story.language).exclude(pk=story.pk)
    cards = {}
    if picks:
        place = {pk: position for position, pk in enumerate(picks)}
        rows = live.filter(pk__in=picks).values_list(*CARD_COLUMNS)
        for card in sorted(cards_from_rows(rows), key=lambda card: place[card.pk]):
            cards[card.pk] = card
    parts = [
        live.filter(tags__slug__in=tag_slugs).distinct() if tag_slugs else None,
        live.filter(category_id=story.category_id),
    ]
    for part in parts:
        if part is None or len(cards) >= limit:
            continue
        rows = part.order_by(*NEWEST_FIRST).values_list(*CARD_COLUMNS)[:limit]
        for card in cards_from_rows(rows):
            cards.setdefault(card.pk, card)
    return list(cards.values())[:limit]
