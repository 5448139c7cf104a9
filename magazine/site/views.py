from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Category
from articles.models.listings import featured_cards, newest_per_section
from articles.views.pages import category_or_article, latest_headlines
from magazine.cache import cached_for_readers
from magazine.links import absolute_url
from magazine.site.context_processors import navigation
from magazine.site.models import Page

HOME_SECTION_SIZE = 4
HOME_FEATURED_SIZE = 5
HOME_LATEST_SIZE = 8


@cached_for_readers
def home(request):
    """Lead and featured, then the newest stories of each main section (one
    query each, cards included); the latest headlines are shared with the
    article pages."""
    lead, *featured = featured_cards(HOME_FEATURED_SIZE) or [None]
    shown = [a.pk for a in [lead, *featured] if a]
    latest = [story for story in latest_headlines() if story.pk not in shown][
        :HOME_LATEST_SIZE
    ]
    main_sections = navigation()
    newest = newest_per_section(main_sections, HOME_SECTION_SIZE, excluding=shown)
    sections = [(category, newest[category.pk]) for category in main_sections]
    return render(
        request,
        "site/home.html",
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
        return render(request, "site/page.html", {"page": page})
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


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever a page's icon link says.
    Not permanent: the icon's hashed name changes with the icon."""
    return HttpResponseRedirect(static("img/icon.svg"))
