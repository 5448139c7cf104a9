from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models.articles import Article

# What readers see of a story that a save of the live story keeps aside; the
# rest of the form (publishing settings, the address, secondary sections, the
# byline and related-story inlines) applies at once.
PENDING_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "lead_image",
    "lead_image_caption",
    "category",
    "seo_title",
    "meta_description",
    "social_image",
    "dateline",
    "contributors",
)


class PendingChanges(models.Model):
    """Changes to a live story that readers do not see yet.

    A save of a published story keeps its text here, one draft per story,
    until an editor publishes it (``services.publish_pending_changes``) or
    someone discards it; the story, its pages and every cache keep the
    published text meanwhile. ``based_on_version`` is the story's version the
    changes were made on: publishing over a story saved since is refused.
    Not an autosave: it is what an editor chose to save.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="pending_changes"
    )
    headline = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    lead_image = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_image_caption = models.CharField(max_length=500, blank=True)
    category = models.ForeignKey(
        "articles.Category", on_delete=models.PROTECT, related_name="+"
    )
    seo_title = models.CharField(max_length=200, blank=True)
    meta_description = models.CharField(max_length=300, blank=True)
    social_image = models.ForeignKey(
        "articles.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dateline = models.CharField(max_length=100, blank=True, default="", db_default="")
    contributors = models.CharField(
        max_length=500, blank=True, default="", db_default=""
    )
    tags = models.JSONField(
        default=list, blank=True, help_text=_("The tags' names, in order.")
    )
    material_update = models.BooleanField(
        default=False,
        help_text=_("Readers see “Updated” with the time the changes are published."),
    )
    based_on_version = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pending changes")
        verbose_name_plural = _("pending changes")

    def __str__(self):
        return f"{self.headline} ({self.saved_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def values_of(story: Article) -> dict:
        """The kept fields of ``story`` as stored (foreign keys as ids)."""
        return {
            name: getattr(story, Article._meta.get_field(name).attname)
            for name in PENDING_FIELDS
        }

    def values(self) -> dict:
        return {
            name: getattr(self, self._meta.get_field(name).attname)
            for name in PENDING_FIELDS
        }

    def apply_to(self, story: Article) -> None:
        """Puts the changes on ``story`` in memory (tags are the caller's)."""
        for name, value in self.values().items():
            setattr(story, Article._meta.get_field(name).attname, value)

    def form_initial(self) -> dict:
        """The changes as the story's form starts from them."""
        return {**self.values(), "tags": list(self.tags)}

    def shown_tags(self) -> list[Tag]:
        """The tags as the story's page will show them: the existing tags by
        name, a new one as it will be made."""
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=self.tags)}
        return [
            existing.get(name) or Tag(name=name, slug=slugify(name))
            for name in self.tags
            if name in existing or slugify(name)
        ]

    @property
    def saved_by_name(self) -> str:
        user = self.saved_by
        if user is None:
            return str(_("someone"))
        return user.get_full_name() or user.get_username()
