"""Comment e-mail, sent by the task worker so a reader never waits on a mail server."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from articles.comments.signing import stop_token
from articles.models import Comment
from magazine.links import absolute_url


def moderators():
    return (
        get_user_model()
        .objects.with_perm("articles.change_comment")
        .filter(is_active=True, is_staff=True)
        .exclude(email="")
    )


@task
def notify_moderators(comment_id: int) -> int:
    """Tell the editors who moderate that a comment waits; returns messages sent."""
    comment = (
        Comment.objects.pending()
        .select_related("article__category")
        .filter(pk=comment_id)
        .first()
    )
    addresses = list(moderators().values_list("email", flat=True))
    if comment is None or not addresses:
        return 0
    context = {
        "comment": comment,
        "site_name": settings.SITE_NAME,
        "queue_url": absolute_url(
            reverse("admin:articles_comment_changelist") + "?status__exact=pending"
        ),
        "article_url": absolute_url(comment.article.get_absolute_url()),
    }
    EmailMessage(
        subject=f"A comment waits for moderation: {comment.article.headline}",
        body=render_to_string("articles/comments/email/moderate.txt", context),
        to=addresses,
    ).send()
    return 1


@task
def notify_reply(comment_id: int) -> int:
    """Tell a commenter who asked of an approved reply to them; returns messages sent."""
    reply = (
        Comment.objects.approved()
        .select_related("parent", "article__category")
        .filter(pk=comment_id, parent__isnull=False)
        .first()
    )
    if reply is None:
        return 0
    parent = reply.parent
    if not parent.notify_replies or parent.email.lower() == reply.email.lower():
        return 0
    context = {
        "reply": reply,
        "parent": parent,
        "site_name": settings.SITE_NAME,
        "reply_url": absolute_url(reply.get_absolute_url()),
        "stop_url": absolute_url(
            reverse("articles:comment_stop", kwargs={"token": stop_token(parent)})
        ),
    }
    EmailMessage(
        subject=f"{reply.name} replied to your comment on {settings.SITE_NAME}",
        body=render_to_string("articles/comments/email/reply.txt", context),
        to=[parent.email],
        # Mail programs offer their own "unsubscribe" button from it.
        headers={"List-Unsubscribe": f"<{context['stop_url']}>"},
    ).send()
    return 1


@task
def purge_ip_addresses() -> int:
    """Forget IP addresses past COMMENTS_IP_RETENTION_DAYS; returns comments changed."""
    return Comment.objects.ip_expired().update(ip_address=None)
