from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models.articles import Article
from articles.models.authors import Author
from articles.models.categories import Category

# What readers see of a story that a save of the live story keeps aside (with
# its tags, secondary sections, byline and related picks: ``LISTS``); the rest
# of the form (publishing settings, the address, featuring, comments) applies
# at once.
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
# The rows beside the story a save of it keeps aside too, as lists of ids:
# the secondary sections (in id order: they have none of their own), the
# byline's authors and the desk's related picks, each in their order.
LISTS = ("secondary_categories", "author_ids", "related_ids")


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
    secondary_categories = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        help_text=_("The secondary sections' ids."),
    )
    author_ids = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        help_text=_("The byline's authors' ids, in byline order."),
    )
    related_ids = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        help_text=_("The related stories picked by the desk, their ids in order."),
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
    def lists_of(story: Article) -> dict:
        """The story's rows in ``LISTS`` as stored (three queries, or none
        when they were prefetched)."""
        return {
            "secondary_categories": sorted(
                category.pk for category in story.secondary_categories.all()
            ),
            "author_ids": [
                credit.author_id
                for credit in sorted(
                    story.articleauthor_set.all(),
                    key=lambda credit: (credit.position, credit.pk),
                )
            ],
            "related_ids": [
                pick.related_id
                for pick in sorted(
                    story.picks.all(), key=lambda pick: (pick.position, pick.pk)
                )
            ],
        }

    def lists(self) -> dict:
        return {name: list(getattr(self, name)) for name in LISTS}

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
        """The changes as the story's form starts from them (the byline and
        related picks are its inlines': ``ArticleAdmin.get_formset_kwargs``)."""
        return {
            **self.values(),
            "tags": list(self.tags),
            # Ids: a section deleted since is not among the choices shown.
            "secondary_categories": list(self.secondary_categories),
        }

    def shown_secondary_categories(self) -> list[Category]:
        """The secondary sections, those deleted since left out."""
        return list(Category.objects.filter(pk__in=self.secondary_categories))

    def shown_authors(self) -> list[Author]:
        """The byline's authors in order, those deleted since left out."""
        found = Author.objects.in_bulk(self.author_ids)
        return [found[pk] for pk in self.author_ids if pk in found]

    def shown_related(self) -> list[Article]:
        """The picked stories in order, those deleted since left out."""
        found = Article.objects.in_bulk(self.related_ids)
        return [found[pk] for pk in self.related_ids if pk in found]

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
