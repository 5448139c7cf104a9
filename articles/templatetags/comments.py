from django import template

from articles.comments.forms import CommentForm, staff_details
from articles.comments.signing import pending_ids
from articles.comments.thread import build_thread
from articles.models import Comment
from articles.models.comments import comments_open, count_scope, thread_scope
from articles.models.listings import shown_thread
from magazine import cache as page_cache

register = template.Library()


@register.inclusion_tag("articles/comments/section.html", takes_context=True)
def comment_section(context, article):
    """The thread and the reply form under an article: one query for the thread,
    none when the story's kept count says no comment is approved (a removed one
    shows only above approved replies), one more only when the reader carries
    the pending-comment cookie."""
    request = context.get("request")
    page_cache.depends_on(thread_scope(article.pk))
    comments = []
    if article.comment_count:
        comments = shown_thread(article.pk)
    if own_pending := pending_ids(request):
        comments += (
            Comment.objects.pending()
            .filter(article=article, pk__in=own_pending)
            .thread_fields()
        )
    is_open = comments_open(article)
    user = getattr(request, "user", None)
    return {
        "request": request,
        "article": article,
        "thread": build_thread(comments),
        "count": sum(c.status == Comment.Status.APPROVED for c in comments),
        "open": is_open,
        "form": is_open and CommentForm(article=article, initial=staff_details(user)),
    }


@register.simple_tag
def comment_count(article) -> int:
    """A story's approved comments as its card shows them; the cached page
    showing the card goes stale when the count changes."""
    page_cache.depends_on(count_scope(article.pk))
    return article.comment_count
