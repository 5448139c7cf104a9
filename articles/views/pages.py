import re
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from articles import search, structured_data
from articles.models import Article
from articles.models.categories import active_language, category_tree
from articles.models.listings import (
    AUTHOR_PAGE,
    AUTHOR_PAGE_AFTER,
    TAG_PAGE,
    TAG_PAGE_AFTER,
    ListedCards,
    SectionCards,
    authors_by_slug,
    other_editions,
    related_cards,
    related_cards_given,
    story_at,
    story_credits,
    tags_by_slug,
)
from magazine.cache import cached_for_readers, per_generation, takes_query

PAGE_SIZE = 20
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}|10000")  # ASCII digits, no leading 0
RELATED_COUNT = 4
LATEST_COUNT = 5
# Enough for any page's "Latest news" once it leaves out its own stories.
LATEST_KEPT = 16


@dataclass
class ListPage:
    """One page of a newest-first list, found without counting the whole list.

    ``COUNT(*)`` over a large section grows with the archive; fetching one row
    more than the page shows says whether there is a next page at a constant cost.
    """

    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate(request, queryset, size: int = PAGE_SIZE) -> ListPage:
    """One page of a list; a page past the end or not a number is a 404."""
    number = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(number):  # not "01", not "²", at most 10,000
        raise Http404("No such page.")
    number = int(number)
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    if number > 1 and not rows:
        raise Http404("No such page.")
    return ListPage(rows[:size], number, has_next=len(rows) > size)


def category_or_article(request, path):
    """Articles live under their category's path: ``/news/headlines/<slug>/``.

    A section's own path is never a story's (sections come first).
    """
    tree = category_tree()
    if category := tree.get(path):
        return category_detail(request, category)
    parent_path, _, slug = path.rpartition("/")
    if section := tree.get(parent_path):
        article = story_at(section, slug)
        if article is not None and article.is_live:
            return article_detail(request, article)
        if article is not None and article.is_licence_expired:
            return render(
                request, "articles/article_gone.html", {"article": article}, status=410
            )
    raise Http404("No such section or story.")


def category_detail(request, category):
    page_obj = paginate(request, SectionCards(category))
    return_to_default = None
    if not page_obj.object_list and active_language() != settings.LANGUAGE_CODE:
        # A section the Spanish desk has not written for yet offers the English one.
        with translation.override(settings.LANGUAGE_CODE):
            return_to_default = category.get_absolute_url()
    response = render(
        request,
        "articles/category_detail.html",
        {
            "category": category,
            "breadcrumbs": category.lineage()[:-1],
            "children": category_tree().children(category),
            "page_obj": page_obj,
            "default_language_section_url": return_to_default,
        },
    )
    return takes_query(response, page=PAGE_NUMBER)


def latest_headlines(language: str | None = None) -> list[Article]:
    """The ``LATEST_KEPT`` newest stories of an edition (default: the active
    language's), for the "Latest news" lists (each page leaves out what it
    already shows). The same on every page, so read once per change of the site."""
    language = language or active_language()
    return per_generation(
        f"latest-headlines-{language}",
        lambda: list(
            Article.objects.published()
            .in_language(language)
            .for_headlines()[:LATEST_KEPT]
        ),
        follows_the_clock=True,
    )


def alternates(article: Article) -> dict[str, str | None]:
    """Each language's address of this story: its own, and its live
    translation's (the original, or the original's translation), else None.
    The header's language switcher reads it, and the hreflang links, which
    make it absolute."""
    found = {code: None for code, _ in settings.LANGUAGES}
    found[article.language] = article.get_absolute_url()
    for counterpart in other_editions(article):
        if found.get(counterpart.language) is None:
            found[counterpart.language] = counterpart.get_absolute_url()
    return found


def article_detail(
    request, article, *, preview: bool = False, revision=None, pending_changes=None
):
    """``revision``: a past version's preview (``RevisionShown``), named in the
    banner, with that version's byline, tags and related stories;
    ``pending_changes``: a preview of them, already put on ``article``."""
    related, also_filed_under = None, []
    if revision is not None:
        authors, tags, related = revision.authors, revision.tags, revision.related
    else:
        authors, tags = story_credits(article)
    if pending_changes is not None:
        tags = pending_changes.shown_tags()
        authors = pending_changes.shown_authors()
        related = related_cards_given(
            article,
            RELATED_COUNT,
            picks=pending_changes.related_ids,
            tag_slugs=[tag.slug for tag in tags],
        )
        also_filed_under = pending_changes.shown_secondary_categories()
    if related is None:
        related = related_cards(article, RELATED_COUNT)
    latest = [
        story for story in latest_headlines(article.language) if story.pk != article.pk
    ]
    breadcrumbs = article.category.lineage()
    crumbs = [
        ("Home", "/"),
        *((c.name, c.get_absolute_url()) for c in breadcrumbs),
        (article.headline, article.get_absolute_url()),
    ]
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "authors": authors,
            "tags": tags,
            "breadcrumbs": breadcrumbs,
            "structured_data": [
                structured_data.news_article(article, authors),
                structured_data.breadcrumb_list(crumbs),
            ],
            "related": related,
            "latest": latest[:LATEST_COUNT],
            "preview": preview,
            "revision": revision,
            "pending_changes": pending_changes,
            "also_filed_under": also_filed_under,
            "alternates": alternates(article),
        },
    )


@cached_for_readers(query={"page": PAGE_NUMBER})
def author_detail(request, slug):
    author = get_object_or_404(authors_by_slug(slug).select_related("photo"))
    articles = ListedCards(AUTHOR_PAGE, AUTHOR_PAGE_AFTER, author=author)
    return render(
        request,
        "articles/author_detail.html",
        {"author": author, "page_obj": paginate(request, articles)},
    )


@cached_for_readers(query={"page": PAGE_NUMBER})
def tag_detail(request, slug):
    tag = get_object_or_404(tags_by_slug(slug))
    articles = ListedCards(TAG_PAGE, TAG_PAGE_AFTER, tag=tag)
    return render(
        request,
        "articles/tag_detail.html",
        {"tag": tag, "page_obj": paginate(request, articles)},
    )


@cached_for_readers(query={"q": search.CANONICAL_QUERY, "page": PAGE_NUMBER})
def search_page(request):
    query = search.clean_query(request.GET.get("q", ""))
    page_obj = paginate(request, search.search_articles(query)) if query else None
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "raw_query": search.typed_query(request.GET.get("q", "")),
            "page_obj": page_obj,
        },
    )
