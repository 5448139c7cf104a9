from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from articles.comments.forms import CommentForm, staff_details
from articles.comments.signing import pending_ids
from articles.comments.thread import build_thread
from articles.models import Comment
from articles.models.comments import comments_open, count_scope, thread_scope
from articles.models.listings import shown_thread
from magazine import cache as page_cache
from magazine.memos import process_memo

register = template.Library()


class _DrawnThreads:
    """Threads drawn by this process, by their inputs; bounded by the
    characters kept, not their number: one story's thread may be long."""

    KEPT_CHARACTERS = 4_000_000

    def __init__(self) -> None:
        self.drawn: dict[tuple, SafeString] = {}
        self.characters = 0

    def clear(self) -> None:
        self.drawn.clear()
        self.characters = 0

    def keep(self, key: tuple, drawn: SafeString) -> None:
        if self.characters + len(drawn) > self.KEPT_CHARACTERS:
            self.clear()
        self.drawn[key] = drawn
        self.characters += len(drawn)


_threads = _DrawnThreads()
process_memo(_threads.clear)


def _thread_inputs(comments: list[Comment]) -> tuple:
    """Everything ``thread.html`` shows of these comments and their replies."""
    return tuple(
        (
            comment.pk,
            comment.article_id,
            comment.status,
            comment.name,
            comment.website,
            comment.created_at,
            comment.body_html,
            _thread_inputs(comment.children),
        )
        for comment in comments
    )


def drawn_thread(thread: list[Comment], *, is_open: bool) -> SafeString:
    """``thread.html`` for ``thread`` (see :func:`build_thread`), kept per
    process by everything it shows: a story's page drawn again after a change
    elsewhere draws its thread from memory. Drawn every time (an include per
    comment and per reply), a thread of six comments was a third of the
    article page's time (issue 18, profile_cold)."""
    key = (get_language(), is_open, _thread_inputs(thread))
    if (drawn := _threads.drawn.get(key)) is not None:
        return drawn
    drawn = render_to_string(
        "articles/comments/thread.html", {"comments": thread, "open": is_open}
    )
    _threads.keep(key, drawn)
    return drawn


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
    thread = build_thread(comments)
    return {
        "request": request,
        "article": article,
        "thread": thread and drawn_thread(thread, is_open=is_open),
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
