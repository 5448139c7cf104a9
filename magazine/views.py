from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Article, Category
from articles.views.pages import category_or_article, latest_headlines
from magazine.cache import cached_for_readers
from magazine.context_processors import navigation
from magazine.links import absolute_url
from magazine.models import Page

HOME_SECTION_SIZE = 4
HOME_FEATURED_SIZE = 5
HOME_LATEST_SIZE = 8


@cached_for_readers
def home(request):
    """Lead and featured, which stories lead each main section (one query) and
    those stories; the latest headlines are shared with the article pages."""
    published = Article.objects.published()
    lead, *featured = list(
        published.for_listing().filter(is_featured=True)[:HOME_FEATURED_SIZE]
    ) or [None]
    shown = [a.pk for a in [lead, *featured] if a]
    latest = [story for story in latest_headlines() if story.pk not in shown][
        :HOME_LATEST_SIZE
    ]
    main_sections = navigation()
    newest = Article.objects.newest_per_category(
        main_sections, HOME_SECTION_SIZE, excluding=shown
    )
    stories = Article.objects.for_listing().in_bulk(
        [pk for pks in newest.values() for pk in pks]
    )
    sections = [
        (category, [stories[pk] for pk in newest[category.pk]])
        for category in main_sections
    ]
    return render(
        request,
        "magazine/home.html",
        {"lead": lead, "featured": featured, "latest": latest, "sections": sections},
    )


@cached_for_readers
def page_category_or_article(request, path):
    """Top-level pages (About, Legal) share the first URL segment with sections;
    a section comes first, and is known without a query."""
    if (
        "/" not in path
        and not Category.objects.tree().get(path)
        and (page := Page.objects.filter(slug=path).first())
    ):
        return render(request, "magazine/page.html", {"page": page})
    return category_or_article(request, path)


@cached_for_readers
@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /newsletter/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap_index'))}",
        f"Sitemap: {absolute_url(reverse('sitemap', kwargs={'section': 'news'}))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
