"""Notes on a story, kept with it: what the desk said when it sent a story
back, and what anyone working on it wrote for the others."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryNote(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        SENT_BACK = "sent-back", _("Sent back")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("story note")

    def __str__(self):
        return self.text[:60]
