"""Sitemaps: an index of paginated sitemaps that stays fast at 100,000 stories.

The stock ``Sitemap`` asks every item for its lastmod to date the index, and
counts the whole archive on every request. Here the index's date is one
indexed look-up, and the count is cached with the pages it describes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Max, Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import escape

from articles.models import Article, Author, Category
from articles.models.categories import article_url
from articles.models.publication import NEWEST_FIRST
from articles.views.pages import PAGE_NUMBER
from magazine import cache as page_cache
from magazine.cache import cached_for_readers
from magazine.site.models import Page

ARTICLES_PER_SITEMAP = 1000  # small pages keep each response quick; crawlers fetch more
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most this many per sitemap


class CachedCountPaginator(Paginator):
    """Counts once per page-cache generation (and scheduled change), not per request."""

    def __init__(self, *args, count_key: str, counter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        # A list: the (item, language) pairs of a sitemap in every language.
        self.counter = counter or (
            (lambda: len(self.object_list))
            if isinstance(self.object_list, list)
            else self.object_list.count
        )

    @cached_property
    def count(self) -> int:
        return page_cache.shared_per_generation(
            f"sitemap-count:{self.count_key}", self.counter
        )


class CachedCountSitemap(Sitemap):
    @property
    def paginator(self):
        return CachedCountPaginator(
            self._items(), self.limit, count_key=type(self).__name__
        )


class ArticleSitemap(CachedCountSitemap):
    """Stories in id order, page ``p`` holding ids ``(p-1)*limit+1 .. p*limit``.

    Crawlers do not care about order, and id ranges make the last page as
    cheap as the first (an OFFSET of 99,000 rows is not). A page may hold
    fewer than ``limit`` stories where drafts or removals left gaps.
    """

    limit = ARTICLES_PER_SITEMAP

    def items(self):
        return Article.objects.published().canonical_here().order_by("pk")

    @property
    def paginator(self):
        return CachedCountPaginator(
            self.items(),
            self.limit,
            count_key="article-ids",
            counter=lambda: Article.objects.aggregate(last=Max("pk"))["last"] or 0,
        )

    def page_items(self, number: int):
        start = (number - 1) * self.limit
        return self.items().filter(pk__gt=start, pk__lte=start + self.limit)

    def get_latest_lastmod(self):
        return (
            Article.objects.published()
            .order_by("-publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )


class NewsSitemap(CachedCountSitemap):
    """Google News: the last two days' stories, newest first, with headline and date.

    Sponsored stories stay out: Google News does not admit paid content; nor
    do syndicated ones, whose original is listed by their source.
    """

    limit = NEWS_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .editorial()
            .canonical_here()
            .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
            .select_related("category")
            .only(
                "slug",
                "headline",
                "publish_at",
                "language",
                "category__path_en",
                "category__path_es",
            )
            .order_by(*NEWEST_FIRST)[:NEWS_LIMIT]
        )

    def get_latest_lastmod(self):
        return ArticleSitemap().get_latest_lastmod()

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["headline"] = url["item"].headline
            url["published"] = url["item"].publish_at
            url["language"] = url["item"].language
        return urls


class CategorySitemap(CachedCountSitemap):
    """Each section at its address in each language, with its alternates."""

    changefreq = "hourly"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Category.objects.order_by("path")


class LazyItems(Sequence):
    """A sitemap's items, read only when a page of them is: the index asks
    for the count alone, which the paginator keeps per generation."""

    def __init__(self, load):
        self._load = load
        self._items = None

    def _all(self) -> list:
        if self._items is None:
            self._items = self._load()
        return self._items

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self):
        return len(self._all())


@dataclass(frozen=True)
class TagPage:
    """A tag, and the editions whose tag page lists stories."""

    slug: str
    languages: tuple[str, ...]


class TagSitemap(CachedCountSitemap):
    """Each tag's page in each language that has live stories with it, with
    alternates where both have (tags are free text: a Spanish story carries
    Spanish tags, and an English tag page lists English stories only)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        languages: dict[str, list[str]] = {}
        for slug, language in (
            Article.objects.published()
            .filter(tags__isnull=False)
            .values_list("tags__slug", "language")
            .distinct()
            .order_by("tags__slug", "language")
        ):
            languages.setdefault(slug, []).append(language)
        return [TagPage(slug, tuple(codes)) for slug, codes in languages.items()]

    @property
    def paginator(self):
        items = LazyItems(self._items)
        return CachedCountPaginator(
            items, self.limit, count_key="TagSitemap", counter=lambda: len(items)
        )

    def get_languages_for_item(self, tag):
        return tag.languages

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            tag, _language = url["item"]
            if len(tag.languages) < 2:
                url["alternates"] = []  # a page of one edition has no counterpart
        return urls


class AuthorSitemap(CachedCountSitemap):
    def items(self):
        return Author.objects.order_by("slug")


class PageSitemap(CachedCountSitemap):
    """About and Legal in each language, with their alternates."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Page.objects.published().order_by("slug")

    def lastmod(self, page):
        return page.updated_at


STORY_ADDRESS_COLUMNS = (
    "pk",
    "translation_of_id",
    "language",
    "category__path_en",
    "category__path_es",
    "slug",
    "publish_at",
    "revised_at",
)


def story_url(language: str, path_en: str, path_es: str | None, slug: str) -> str:
    """A story's address in its own edition, from its row."""
    with translation.override(language):
        path = (path_es if language == "es" else None) or path_en
        return article_url(path, slug)


def translated_addresses(rows) -> dict[int, dict[str, str]]:
    """For each original among ``rows`` (or original of a translation among
    them), its live versions' addresses by language: one query for the page."""
    originals = {original or pk for pk, original, *_ in rows}
    versions: dict[int, dict[str, str]] = {}
    for pk, original, language, path_en, path_es, slug, *_ in (
        Article.objects.published()
        .filter(Q(pk__in=originals) | Q(translation_of_id__in=originals))
        # Unordered: SQLite then looks the page's stories up by their ids
        # instead of walking the newest-first index over the whole archive.
        .order_by()
        .values_list(*STORY_ADDRESS_COLUMNS)
    ):
        versions.setdefault(original or pk, {})[language] = story_url(
            language, path_en, path_es, slug
        )
    # Only stories that have a live counterpart carry alternates.
    return {key: found for key, found in versions.items() if len(found) > 1}


@cached_for_readers(query={"p": PAGE_NUMBER})
def article_sitemap(request):
    """One page of the articles sitemap, written straight from tuples.

    A page of the stock sitemap view builds two model instances per story and
    renders a template per URL: over 50 ms per thousand. Here: one narrow
    indexed query and string joins, a few ms. The ``p`` numbering matches the
    index, which the stock view still writes from ``ArticleSitemap``.
    """
    sitemap = ArticleSitemap()
    try:
        number = sitemap.paginator.validate_number(request.GET.get("p", 1))
    except InvalidPage:
        raise Http404("No such sitemap page.") from None
    rows = list(sitemap.page_items(number).values_list(*STORY_ADDRESS_COLUMNS))
    origin = f"{request.scheme}://{get_current_site(request).domain}"
    translations = translated_addresses(rows)
    entries = []
    for pk, original, language, path_en, path_es, slug, published, revised in rows:
        url = story_url(language, path_en, path_es, slug)
        entry = f"<url><loc>{escape(origin + url)}</loc>"
        entry += f"<lastmod>{(revised or published).isoformat()}</lastmod>"
        if versions := translations.get(original or pk):
            versions = {**versions, language: url}
            for code, address in sorted(versions.items()):
                entry += (
                    f'<xhtml:link rel="alternate" hreflang="{code}" '
                    f'href="{escape(origin + address)}"/>'
                )
        entries.append(entry + "</url>\n")
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{''.join(entries)}</urlset>\n",
        content_type="application/xml",
        headers={"X-Robots-Tag": "noindex, noodp, noarchive"},
    )


SITEMAPS = {
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "sections": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "pages": PageSitemap,
}
