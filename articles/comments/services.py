"""Writes on comments that have side effects: posting, moderating, data requests."""

from functools import partial

from django.db import transaction

from articles.comments import tasks
from articles.comments.signing import (
    comment_from_confirmation_token,
    comment_from_stop_token,
)
from articles.models import Comment, ConfirmedAddress
from articles.models.categories import active_language
from articles.models.comments import is_confirmed, needs_moderation


def post_comment(
    *,
    article,
    parent: Comment | None,
    name: str,
    email: str,
    website: str,
    body: str,
    notify_replies: bool,
    ip_address: str | None,
    trusted: bool = False,
    address_proven: bool = False,
) -> Comment:
    """Save a reader's comment, approved or waiting, and queue the e-mail it calls for.

    ``address_proven``: the browser holds the proof that its reader confirmed
    this address (``articles.comments.signing.proves_address``). Without it,
    the address is sent a one-time link (see ``confirm_address``) and the
    comment waits for moderation meanwhile."""
    with transaction.atomic():
        address_confirmed = trusted or (address_proven and is_confirmed(email))
        approved = trusted or not needs_moderation(
            article, email, address_confirmed=address_confirmed
        )
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            name=name,
            email=email,
            website=website,
            body=body,
            notify_replies=notify_replies,
            language=active_language(),
            ip_address=ip_address or None,
            status=Comment.Status.APPROVED if approved else Comment.Status.PENDING,
            address_confirmed=address_confirmed,
        )
        if not approved:
            transaction.on_commit(partial(tasks.notify_moderators.enqueue, comment.pk))
        else:
            announce_reply(comment)
        if not address_confirmed:
            transaction.on_commit(partial(tasks.confirm_address.enqueue, comment.pk))
    return comment


def confirm_address(token: str) -> Comment | None:
    """The commenter's click on the one-time link: their address is confirmed
    (the view gives their browser the proof), and the comment it came with is
    released if the moderation rules now allow (``needs_moderation``). None
    for a forged, expired or used link."""
    with transaction.atomic():
        found = comment_from_confirmation_token(token)
        if found is None:
            return None
        pk, email = found
        ConfirmedAddress.objects.get_or_create(email=email.strip().lower())
        # Conditional: of two clicks at once, one confirms.
        if not Comment.objects.filter(pk=pk, address_confirmed=False).update(
            address_confirmed=True
        ):
            return None
        comment = Comment.objects.select_related("article__category").get(pk=pk)
        if comment.status == Comment.Status.PENDING and not needs_moderation(
            comment.article, email, address_confirmed=True
        ):
            approve(Comment.objects.filter(pk=pk))
            comment.refresh_from_db(fields=["status"])
    return comment


def announce_reply(comment: Comment) -> None:
    """Once a reply is approved, its parent's author hears of it if they asked."""
    if comment.parent_id is not None:
        transaction.on_commit(partial(tasks.notify_reply.enqueue, comment.pk))


def approve(comments) -> int:
    """Approve comments; replies among them are announced to whoever asked.

    Saved one by one, not with ``update()``: the signals that refresh cached
    article pages must see each change (a moderation batch is a page of rows)."""
    with transaction.atomic():
        newly = list(comments.exclude(status=Comment.Status.APPROVED))
        for comment in newly:
            comment.status = Comment.Status.APPROVED
            comment.save(update_fields=["status"])
            announce_reply(comment)
    return len(newly)


def mark_spam(comments) -> int:
    with transaction.atomic():
        chosen = list(comments.exclude(status=Comment.Status.SPAM))
        for comment in chosen:
            comment.status = Comment.Status.SPAM
            comment.save(update_fields=["status"])
    return len(chosen)


def stop_notifications(token: str) -> Comment | None:
    """A stop link ends reply e-mail for its address on that story."""
    found = comment_from_stop_token(token)
    if found is None:
        return None
    pk, email = found
    comment = (
        Comment.objects.by_address(email)
        .filter(pk=pk)
        .select_related("article__category")
        .first()
    )
    if comment is not None:
        Comment.objects.by_address(email).filter(article=comment.article).update(
            notify_replies=False
        )
    return comment


def export_comments(email: str) -> list[dict]:
    """Everything stored about an address's comments, for a data request."""
    confirmed_at = (
        ConfirmedAddress.objects.by_address(email)
        .values_list("confirmed_at", flat=True)
        .first()
    )
    return [
        {
            "id": comment.pk,
            "article": comment.article.headline,
            "url": comment.get_absolute_url(),
            "in_reply_to": comment.parent_id,
            "name": comment.name,
            "email": comment.email,
            "website": comment.website,
            "text": comment.body,
            "status": comment.status,
            "notify_replies": comment.notify_replies,
            "ip_address": comment.ip_address,
            "created_at": comment.created_at.isoformat(),
            "address_confirmed_at": confirmed_at.isoformat() if confirmed_at else None,
        }
        for comment in Comment.objects.by_address(email).select_related(
            "article__category"
        )
    ]


def remove_comments(email: str) -> int:
    """Erase an address's comments. One that others replied to stays as an empty
    “removed” placeholder holding no personal data, so their replies keep their place."""
    with transaction.atomic():
        own = Comment.objects.by_address(email)
        answered = list(
            own.filter(replies__isnull=False).values_list("pk", flat=True).distinct()
        )
        for comment in Comment.objects.filter(pk__in=answered):
            comment.name = "Removed"
            comment.email = ""
            comment.website = ""
            comment.body = ""
            comment.ip_address = None
            comment.notify_replies = False
            comment.address_confirmed = False
            comment.status = Comment.Status.REMOVED
            comment.save()
        deleted, _ = own.exclude(pk__in=answered).delete()
        ConfirmedAddress.objects.by_address(email).delete()
    return len(answered) + deleted
