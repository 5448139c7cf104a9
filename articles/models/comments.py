from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from magazine.plaintext import comment_html

THREAD_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "depth",
    "name",
    "website",
    "body_html",
    "status",
    "created_at",
)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def by_address(self, email: str):
        return self.filter(email__iexact=email.strip())

    def for_thread(self):
        """What a thread shows, oldest first: approved comments and the placeholders
        of removed ones (kept so that replies to them stay in place)."""
        return self.filter(
            status__in=[Comment.Status.APPROVED, Comment.Status.REMOVED]
        ).thread_fields()

    def thread_fields(self):
        """Only the columns a thread renders (never the address or the IP)."""
        return self.only(*THREAD_FIELDS).order_by("created_at", "pk")

    def ip_expired(self):
        """Comments whose IP address is past the retention period."""
        cutoff = timezone.now() - timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS)
        return self.filter(created_at__lt=cutoff, ip_address__isnull=False)


class Comment(models.Model):
    """A reader's reply to an article or to another comment."""

    # The story and status as last read from or written to the database, which
    # pages_showing() compares with the new ones; unknown for a row that was
    # never read (a save then makes every page stale).
    _stored = None

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comment_set"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text=_("Never shown publicly."))
    website = models.URLField(blank=True)
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    notify_replies = models.BooleanField(
        _("e-mail replies"),
        default=False,
        help_text=_("The commenter asked to hear of replies."),
    )
    # Not auto_now_add: comments brought from another site keep their dates.
    created_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        db_default="en",
        editable=False,
        help_text=_("The edition the comment was written in: mail about it is in it."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    address_confirmed = models.BooleanField(
        default=False,
        editable=False,
        help_text=_(
            "Its writer proved the address is theirs: posted from a browser "
            "that had confirmed it, or clicked the link sent for this comment."
        ),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status",
            ),
            # Addresses are matched case-insensitively (iexact is UPPER() on PostgreSQL).
            models.Index(Upper("email"), name="comment_email_upper"),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).chars(50)}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"body", "parent"} & set(update_fields):
            self.body_html = comment_html(self.body)
            self.depth = self.parent.depth + 1 if self.parent_id else 0
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "depth"}
        super().save(*args, **kwargs)
        self._stored = (self.article_id, self.status)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        comment = super().from_db(db, field_names, values, **kwargs)
        if {"article_id", "status"} <= set(field_names):
            comment._stored = (comment.article_id, comment.status)
        return comment

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    def get_reply_url(self):
        return reverse(
            "articles:comment_reply",
            kwargs={"article_id": self.article_id, "parent_id": self.pk},
        )


SHOWN = frozenset({Comment.Status.APPROVED, Comment.Status.REMOVED})


def thread_scope(article_id: int) -> str:
    """The page-cache scope of a story's comment thread (its own page)."""
    return f"comments:{article_id}"


def count_scope(article_id: int) -> str:
    """The page-cache scope of a story's comment count (every card of it)."""
    return f"comment-count:{article_id}"


def pages_showing(comment: Comment, *, created: bool, deleted: bool):
    """Which cached pages a save or delete of ``comment`` changes (the page
    cache's rule for comments, see ``magazine.cache.shown_on_pages``).

    A thread shows approved comments and the placeholders of removed ones; a
    card shows the count of approved ones. So a comment that waits for
    moderation, or is spam, before and after changes no page (a spammer cannot
    keep the site cold); one that is or was shown changes its story's page;
    one that enters or leaves the approved ones changes its story's cards too.
    """
    before = (comment.article_id, None) if created else comment._stored
    if before is None or before[0] != comment.article_id:
        return None  # a row never read, or moved to another story: every page
    status_before = before[1]
    status_after = None if deleted else comment.status
    scopes = set()
    if status_before in SHOWN or status_after in SHOWN:
        scopes.add(thread_scope(comment.article_id))
    if (status_before == Comment.Status.APPROVED) != (
        status_after == Comment.Status.APPROVED
    ):
        scopes.add(count_scope(comment.article_id))
    return scopes


def comments_open(article) -> bool:
    """Readers may comment unless editors closed the story or it is past the age limit."""
    if article.comments == article.Comments.CLOSED:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or article.publish_at > timezone.now() - timedelta(days=days)


def reply_parent(parent: Comment | None) -> Comment | None:
    """The comment a reply hangs under: deeper replies go to the deepest allowed level."""
    while parent is not None and parent.depth >= settings.COMMENTS_MAX_DEPTH - 1:
        parent = parent.parent
    return parent


class ConfirmedAddressQuerySet(models.QuerySet):
    def by_address(self, email: str):
        return self.filter(email__iexact=email.strip())


class ConfirmedAddress(models.Model):
    """An e-mail address whose owner clicked a one-time link we sent it.

    Anyone can type any address into the comment form, so trust and reply
    e-mail are bound to this (and to the browser that clicked, see
    ``articles.comments.signing.address_proof``), never to the typed string.
    Addresses of comments made or imported before it existed are not
    confirmed until their owner comments again and clicks.
    """

    email = models.EmailField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    objects = ConfirmedAddressQuerySet.as_manager()

    class Meta:
        verbose_name = "confirmed commenter address"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="confirmed_address_unique_ci")
        ]

    def __str__(self):
        return self.email


def is_confirmed(email: str) -> bool:
    return ConfirmedAddress.objects.by_address(email).exists()


def needs_moderation(article, email: str, *, address_confirmed: bool) -> bool:
    """Comments wait unless their writer proved the address is theirs
    (``address_confirmed``: a confirmed address, from a browser that confirmed
    it) and it already had a comment approved: typing a trusted commenter's
    address earns nothing."""
    if article.comments == article.Comments.MODERATED:
        return True
    return not (
        address_confirmed
        and is_confirmed(email)
        and Comment.objects.approved().by_address(email).exists()
    )
