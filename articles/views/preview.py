"""Staff preview of any story through the reader's own article view."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.csp import CSP
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from articles.images.markup import render_body
from articles.models import Article, PendingChanges, PreviewLink
from articles.views import pages

# The admin shows previews at phone, tablet and desktop widths in an iframe:
# these responses alone may be framed, and only by our own pages.
framed_by_our_pages = csp_override(
    {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
)


def with_pending_changes(article: Article) -> PendingChanges | None:
    """A story with changes not published yet is previewed with them: the
    preview shows what readers will see once an editor publishes them."""
    pending = (
        PendingChanges.objects.select_related("saved_by")
        .filter(article=article)
        .first()
    )
    if pending is not None:
        pending.apply_to(article)
        article.rendered_body = render_body(article.body)
    return pending


def private(response):
    """Never kept by the page cache, a browser or a proxy; never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@xframe_options_sameorigin
@framed_by_our_pages
@staff_member_required
def article_preview(request, pk: int):
    """Drafts and scheduled stories exactly as readers will see them: never cached,
    never indexed, and only for staff allowed to see the story in the admin."""
    article_admin = admin.site.get_model_admin(Article)
    if not article_admin.has_view_permission(request):
        raise PermissionDenied
    visible = article_admin.get_queryset(request).values("pk")
    article = get_object_or_404(
        Article.objects.for_detail().filter(pk__in=visible), pk=pk
    )
    pending = with_pending_changes(article)
    return private(
        pages.article_detail(request, article, preview=True, pending_changes=pending)
    )


@never_cache
@xframe_options_sameorigin
@framed_by_our_pages
def shared_preview(request, token: str):
    """A story through a shareable link (``PreviewLink``), to anyone holding it
    until it expires or is revoked; the same page as the staff preview."""
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404("This preview link has expired or was withdrawn.")
    article = get_object_or_404(Article.objects.for_detail(), pk=link.article_id)
    pending = with_pending_changes(article)
    return private(
        pages.article_detail(request, article, preview=True, pending_changes=pending)
    )
