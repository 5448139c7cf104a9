"""The desk page's summary (the admin index): what waits for whom, as counts
with links, in at most three queries whatever the size of the newsroom."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Comment
from newsletter.models import Delivery, Edition


@dataclass(frozen=True)
class DeskCount:
    label: str
    count: int
    url: str


def end_of_tomorrow(now: datetime) -> datetime:
    """Midnight after tomorrow in the newsroom's time zone."""
    today = timezone.localdate(now)
    return timezone.make_aware(datetime.combine(today + timedelta(days=2), time()))


def story_counts(user, now: datetime) -> list[DeskCount]:
    """One query: stories in review, the user's drafts, and stories scheduled to
    go live before tomorrow ends. Contributors count only their own stories,
    as they see them in the list."""
    stories = Article.objects.order_by()
    if not user.has_perm("articles.publish_article"):
        stories = stories.filter(
            Q(created_by=user)
            | Exists(
                Article.authors.through.objects.filter(
                    article=OuterRef("pk"), author__user=user
                )
            )
        )
    mine = Q(created_by=user) | Exists(
        Article.authors.through.objects.filter(
            article=OuterRef("pk"), author__user=user
        )
    )
    counts = stories.aggregate(
        in_review=Count("pk", filter=Q(status=Article.Status.IN_REVIEW)),
        my_drafts=Count("pk", filter=Q(status=Article.Status.DRAFT) & mine),
        scheduled_soon=Count(
            "pk",
            filter=Q(
                status=Article.Status.PUBLISHED,
                publish_at__gt=now,
                publish_at__lt=end_of_tomorrow(now),
            ),
        ),
    )
    stories_url = reverse("admin:articles_article_changelist")
    return [
        DeskCount(
            _("Stories in review"), counts["in_review"], f"{stories_url}?status=review"
        ),
        DeskCount(_("My drafts"), counts["my_drafts"], f"{stories_url}?status=draft"),
        DeskCount(
            _("Scheduled today and tomorrow"),
            counts["scheduled_soon"],
            reverse("admin:articles_article_calendar"),
        ),
    ]


def desk_summary(user) -> list[DeskCount]:
    """What the signed-in staff member may act on; each part only for those
    whose role reaches it."""
    now = timezone.now()
    rows = []
    if user.has_perm("articles.change_article"):
        rows += story_counts(user, now)
    if user.has_perm("articles.change_comment"):
        rows.append(
            DeskCount(
                _("Comments waiting"),
                Comment.objects.pending().count(),
                reverse("admin:articles_comment_changelist") + "?status__exact=pending",
            )
        )
    if user.has_perm("newsletter.view_edition"):
        editions = Edition.objects.order_by().aggregate(
            sending=Count("pk", filter=Q(status=Edition.Status.SENDING)),
            failed=Count(
                "pk",
                filter=Q(
                    Exists(
                        Delivery.objects.filter(
                            edition=OuterRef("pk"), status=Delivery.Status.FAILED
                        )
                    )
                ),
            ),
        )
        editions_url = reverse("admin:newsletter_edition_changelist")
        rows += [
            DeskCount(
                _("Editions sending"),
                editions["sending"],
                f"{editions_url}?status__exact=sending",
            ),
            DeskCount(
                _("Editions with failed sends"), editions["failed"], editions_url
            ),
        ]
    return rows
