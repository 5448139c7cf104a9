from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

BEST_OF_WEEK_SIZE = 6

# Stories in the editor's order; equal positions in the order they were added.
PICK_ORDER = ("newsletter_placements__position", "newsletter_placements__pk")


class Edition(models.Model):
    """One newsletter issue: composed by an editor, then sent once to every subscriber."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        db_default="en",
        help_text=_(
            "Written for this edition's readers: sent to its subscribers only."
        ),
    )
    subject = models.CharField(max_length=150)
    preheader = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("The grey line mail clients show after the subject."),
    )
    intro = models.TextField(blank=True, help_text=_("A few words from the editor."))
    best_of_week = models.BooleanField(
        _("the best of the week"),
        default=False,
        help_text=_(
            "Fill the edition with the week's most discussed stories "
            "instead of the stories chosen below."
        ),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    send_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the edition goes out, once scheduled.")
    )
    queued_for = models.DateTimeField(
        null=True,
        editable=False,
        help_text=_(
            "The moment a send task is queued for: scheduling again for it "
            "queues no second send."
        ),
    )
    started_at = models.DateTimeField(null=True, editable=False)
    finished_at = models.DateTimeField(null=True, editable=False)
    last_error = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("The last delivery error, shown to the editor on the edition."),
    )
    last_error_at = models.DateTimeField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.SCHEDULED}

    def stories(self) -> list[Article]:
        """The published stories in the edition, in the editor's order."""
        published = Article.objects.published().for_listing()
        if self.best_of_week:
            week_ago = timezone.now() - timedelta(days=7)
            return list(
                published.filter(publish_at__gte=week_ago).order_by(
                    "-comment_count", "-publish_at", "-pk"
                )[:BEST_OF_WEEK_SIZE]
            )
        return list(
            published.filter(newsletter_placements__edition=self).order_by(*PICK_ORDER)
        )

    def picks_not_live(self) -> list[Article]:
        """Stories picked for the edition that readers cannot see (yet): they are
        left out of it."""
        if self.best_of_week:
            return []
        return list(
            Article.objects.filter(newsletter_placements__edition=self)
            .exclude(pk__in=Article.objects.published().values("pk"))
            .order_by(*PICK_ORDER)
        )


class EditionArticle(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="placements"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="newsletter_placements"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]  # equal positions: in the order they were added
        verbose_name = "story in the edition"
        verbose_name_plural = "stories in the edition"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "article"], name="edition_article_once"
            )
        ]

    def __str__(self):
        return str(self.article)
