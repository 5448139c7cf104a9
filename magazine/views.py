from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import Article, Category
from articles.views.pages import category_or_article
from magazine.models import Page

HOME_SECTION_SIZE = 4


def home(request):
    published = Article.objects.published().for_listing()
    lead, *featured = published.filter(is_featured=True)[:5] or [None]
    latest = published.exclude(pk__in=[a.pk for a in [lead, *featured] if a])[:8]
    sections = [
        (
            category,
            published.filter(category__in=category.with_descendants())[
                :HOME_SECTION_SIZE
            ],
        )
        for category in Category.objects.navigation().order_by("position", "name")
    ]
    return render(
        request,
        "magazine/home.html",
        {"lead": lead, "featured": featured, "latest": latest, "sections": sections},
    )


def page_category_or_article(request, path):
    """Top-level pages (About, Legal) share the first URL segment with sections."""
    if "/" not in path and (page := Page.objects.filter(slug=path).first()):
        return render(request, "magazine/page.html", {"page": page})
    return category_or_article(request, path)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
