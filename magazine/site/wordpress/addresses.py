"""WordPress's old addresses, answered with a permanent redirect to ours.

Two kinds: the query forms the home page answered (``/?p=ID``,
``/?page_id=ID``, ``/?cat=ID``, ``/?author=ID``, ``?tag=``, ``?s=``,
``?feed=``), looked up by the home view before it draws anything (its cache
key holds the query string and a query-string home page is never stored, so
a cached home page cannot answer them); and WordPress paths that differ from ours, answered
only when our own answer is 404 (:class:`OldAddressMiddleware`), so no
redirect ever shadows a page of ours. Every target is a path of ours that
differs from the one asked for: no loops.
"""

import re
from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from articles.models import Article
from articles.models.categories import category_tree
from magazine.site.models import ImportedItem, Page
from magazine.site.wordpress.importer import original_path

_DATE_ARCHIVE = re.compile(r"^/\d{4}/(?:\d{2}/(?:\d{2}/)?)?$")
_PAGED = re.compile(r"^(?P<base>/.*?/)?page/(?P<n>\d+)/$")
_WP_FEED = re.compile(r"^/(?:category/)?(?P<path>.+?)/feed/(?:rss2?/|atom/)?$")


def _item(kind: str, wp_id: str = "", **lookup):
    items = ImportedItem.objects.filter(kind=kind, **lookup)
    if wp_id:
        items = items.filter(wp_id=wp_id)
    item = items.order_by("-imported_at").first()
    return item.target if item else None


def _public_url(target) -> str | None:
    if isinstance(target, Article):
        live = Article.objects.published().filter(pk=target.pk).exists()
        return target.get_absolute_url() if live else None
    if isinstance(target, Page):
        live = Page.objects.published().filter(pk=target.pk).exists()
        return target.get_absolute_url() if live else None
    return target.get_absolute_url() if target is not None else None


def old_query_redirect(request) -> HttpResponsePermanentRedirect | None:
    """``/?p=123`` and the like: a 301 to the imported story, page or list."""
    query = request.GET
    target = None
    if (post_id := query.get("p", "")).isdigit():
        target = _public_url(_item("post", post_id)) or _public_url(
            _item("page", post_id)
        )
    elif (page_id := query.get("page_id", "")).isdigit():
        target = _public_url(_item("page", page_id))
    elif (term_id := query.get("cat", "")).isdigit():
        target = _public_url(_item("category", custom_fields__term_id=term_id))
    elif (attachment_id := query.get("attachment_id", "")).isdigit():
        image = _item("file", custom_fields__attachment_id=attachment_id)
        target = image.file.url if image else None
    elif (author_id := query.get("author", "")).isdigit():
        target = _public_url(_item("author", custom_fields__author_id=author_id))
    elif author := query.get("author_name", ""):
        target = (
            reverse("articles:author", kwargs={"slug": author})
            if re.fullmatch(r"[-\w]+", author)
            else None
        )
    elif tag := query.get("tag", ""):
        target = (
            reverse("articles:tag", kwargs={"slug": tag})
            if re.fullmatch(r"[-\w]+", tag)
            else None
        )
    elif "s" in query:
        target = reverse("articles:search") + "?" + urlencode({"q": query["s"]})
    elif "feed" in query:
        target = reverse("articles:feed")
    elif not any(
        key in query for key in ("p", "page_id", "cat", "attachment_id", "author")
    ):
        return None
    return HttpResponsePermanentRedirect(target or "/")


def old_path_target(path: str) -> str | None:
    """Our address for a WordPress path we do not have, or None."""
    if _DATE_ARCHIVE.match(path):
        return "/"
    if path.startswith("/wp-content/uploads/"):
        image = _item("file", original_path(path.removeprefix("/wp-content/uploads/")))
        return image.file.url if image else None
    if path.startswith("/category/"):
        section = category_tree().get(path.removeprefix("/category/").strip("/"))
        if section is not None:
            return section.get_absolute_url()
    if match := _WP_FEED.match(path):
        section = category_tree().get(match["path"])
        if section is not None:
            return reverse("articles:category_feed", kwargs={"path": section.path})
        if match["path"].startswith("tag/"):
            return "/feed/" + match["path"] + "/"
        if match["path"].startswith("author/"):
            return "/feed/" + match["path"] + "/"
    if match := _PAGED.match(path):
        base = match["base"] or "/"
        if base.startswith("/category/"):
            base = "/" + base.removeprefix("/category/")
        return f"{base}?page={match['n']}"
    if (match := re.match(r"^(?P<story>/.+/)attachment/[^/]+/$", path)) or (
        match := re.match(
            r"^(?P<story>/.+/)(?:amp|embed|trackback|comment-page-\d+)/$", path
        )
    ):
        return match["story"]
    return None


class OldAddressMiddleware:
    """A 404 at a WordPress-shaped address becomes a 301 to our equivalent,
    when that exists and is not the address asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = old_path_target(request.path)
        if not target or (target.split("?")[0] == request.path and "?" not in target):
            return response
        if not target.startswith(("/media/", "http")) and "?" not in target:
            try:
                resolve(target)
            except Resolver404:
                return response
        return HttpResponsePermanentRedirect(target)
