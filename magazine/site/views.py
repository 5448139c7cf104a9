from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import Error as DatabaseError
from django.db import connection
from django.db.models import Q
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve as static_serve

from articles.models.categories import active_language, category_tree
from articles.models.listings import featured_cards, newest_per_section
from articles.views.pages import category_or_article, latest_headlines
from magazine import cache_guard
from magazine.cache import cached_for_readers
from magazine.links import absolute_url
from magazine.site.context_processors import navigation
from magazine.site.models import Page
from magazine.site.wordpress.addresses import old_query_redirect

HOME_SECTION_SIZE = 4
HOME_FEATURED_SIZE = 5
HOME_LATEST_SIZE = 8


@cached_for_readers
def home(request):
    """Lead and featured, then the newest stories of each main section (one
    query each, cards included); the latest headlines are shared with the
    article pages. WordPress's old query addresses (``/?p=123``) are answered
    first, with a permanent redirect."""
    if request.GET and (moved := old_query_redirect(request)):
        return moved
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
    if "/" not in path and not category_tree().get(path) and (page := page_at(path)):
        return render(request, "site/page.html", {"page": page})
    return category_or_article(request, path)


def page_at(slug: str) -> Page | None:
    """The standing page at ``slug`` in the active language: its own slug
    there, or its English one where it has none in that language."""
    language = active_language()
    own = Q(**{f"slug_{language}": slug})
    if language != settings.LANGUAGE_CODE:
        own |= Q(slug_en=slug) & (
            Q(**{f"slug_{language}__isnull": True}) | Q(**{f"slug_{language}": ""})
        )
    return Page.objects.published().filter(own).first()


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


@never_cache
@require_safe
def liveness(request):
    """The process answers (``/healthz/``, ``/healthz/live/``): touches neither
    the database nor the cache, so an outage of either does not get a sound web
    server restarted (the page cache is skipped for ``/healthz/``)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def readiness(request):
    """Whether this server can serve readers (``/healthz/ready/``): the database
    and the cache, each reported. Without the database no page can be drawn
    (503); without the cache pages are drawn uncached, so it is reported, not
    required."""
    checks = {
        "database": "ok" if database_answers() else "unavailable",
        "cache": "ok" if cache_guard.answers() else "unavailable",
    }
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever a page's icon link says.
    Not permanent: the icon's hashed name changes with the icon."""
    return HttpResponseRedirect(static("img/icon.svg"))


@require_safe
def media(request, path):
    """An upload at its ``/media/`` address. On object storage (media moved by
    ``manage.py move_media --to s3``): a permanent redirect to its new address.
    On this disk with no front server to serve them (``SERVE_MEDIA``): the file,
    through ``static.serve``, which keeps the path inside MEDIA_ROOT and answers
    404 for folders and missing files, 304 to a conditional request."""
    if not isinstance(default_storage, FileSystemStorage):
        if ".." in path.split("/"):
            raise Http404
        return HttpResponsePermanentRedirect(default_storage.url(path))
    if not settings.SERVE_MEDIA:
        raise Http404
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)
