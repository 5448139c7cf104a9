from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article


class Autosave(models.Model):
    """What an editor had typed in the story's form, kept as they type.

    One per story and editor (or per draft token and editor, for a story not
    saved yet). Deliberately not the story: saving one bumps no version and
    adds no revision, so the optimistic lock and the history see only real saves.
    """

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    draft_token = models.UUIDField(
        null=True,
        blank=True,
        help_text=_("Names a new story's autosaves until its first save."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    headline = models.CharField(max_length=200, blank=True)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("autosave")
        constraints = [
            # Not partial: ON CONFLICT needs a plain unique index to upsert on,
            # and NULLs are distinct, so a draft row never clashes with a story's.
            models.UniqueConstraint(
                fields=["article", "user"], name="one_autosave_per_story_and_editor"
            ),
            models.UniqueConstraint(
                fields=["user", "draft_token"], name="one_autosave_per_draft"
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=True)
                ^ models.Q(draft_token__isnull=True),
                name="autosave_of_a_story_or_a_draft",
            ),
        ]

    def __str__(self):
        return f"{self.headline or '—'} ({self.saved_at:%Y-%m-%d %H:%M})"


class EditingPresence(models.Model):
    """Who has a story's form open: each open form sends a heartbeat, and a
    presence whose heartbeat is older than ``EXPIRES_AFTER`` is over (no flag to
    go stale when a laptop lid closes)."""

    EXPIRES_AFTER = timedelta(seconds=75)  # two and a half missed heartbeats

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("editing presence")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="one_presence_per_story_and_editor"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.article_id} since {self.started_at:%H:%M}"
