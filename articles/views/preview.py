"""Staff preview of any story through the reader's own article view."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from articles.models import Article
from articles.views import pages


@never_cache
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
    response = pages.article_detail(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
