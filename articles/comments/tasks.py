"""Comment e-mail, sent by the task worker so a reader never waits on a mail server."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from articles.comments.signing import confirmation_token, stop_token
from articles.models import Comment
from articles.models.comments import is_confirmed
from magazine.bots import over_limit
from magazine.links import absolute_url
from magazine.mail import RawListHeadersMessage

# Anyone can type an address into the form: this caps what it makes us send.
CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3


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
        subject=gettext("A comment waits for moderation: %(headline)s")
        % {"headline": comment.article.headline},
        body=render_to_string("articles/comments/email/moderate.txt", context),
        to=addresses,
    ).send()
    return 1


@task
def confirm_address(comment_id: int) -> int:
    """Send the one-time link that confirms a commenter's address; returns
    messages sent. Nothing the commenter typed goes into it but the address:
    a stranger could have typed it."""
    comment = (
        Comment.objects.select_related("article__category")
        .filter(pk=comment_id)
        .first()
    )
    if (
        comment is None
        or comment.address_confirmed
        or over_limit(
            "comment-confirm",
            comment.email,
            limit=CONFIRMATIONS_PER_ADDRESS_PER_DAY,
            window=86400,
        )
    ):
        return 0
    # In the language the commenter wrote in (issue 15).
    with translation.override(comment.language):
        context = {
            "headline": comment.article.headline,
            "site_name": settings.SITE_NAME,
            "confirm_url": absolute_url(
                reverse(
                    "articles:comment_confirm",
                    kwargs={"token": confirmation_token(comment)},
                )
            ),
        }
        EmailMessage(
            subject=gettext("Confirm your e-mail address for comments on %(site)s")
            % {"site": settings.SITE_NAME},
            body=render_to_string("articles/comments/email/confirm.txt", context),
            to=[comment.email],
        ).send()
    return 1


@task
def notify_reply(comment_id: int) -> int:
    """Tell a commenter who asked of an approved reply to them; returns messages
    sent. Only when the parent's writer proved the address theirs (else the
    form would mail any inbox), and at most ``COMMENTS_REPLY_MAILS_PER_DAY`` a
    day to each address."""
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
    confirmed = parent.address_confirmed and is_confirmed(parent.email)
    if not confirmed or over_limit(
        "comment-reply-mail",
        parent.email,
        limit=settings.COMMENTS_REPLY_MAILS_PER_DAY,
        window=86400,
    ):
        return 0
    with translation.override(parent.language):
        context = {
            "reply": reply,
            "parent": parent,
            "site_name": settings.SITE_NAME,
            "reply_url": absolute_url(reply.get_absolute_url()),
            "stop_url": absolute_url(
                reverse("articles:comment_stop", kwargs={"token": stop_token(parent)})
            ),
        }
        RawListHeadersMessage(
            subject=gettext("%(name)s replied to your comment on %(site)s")
            % {"name": reply.name, "site": settings.SITE_NAME},
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
