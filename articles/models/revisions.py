from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.models import TaggedItem

from articles.models.articles import Article


class VersionTags(models.Model):
    """The tags a story had when one of its versions was saved.

    django-reversion keeps the story's own fields, its byline rows, its
    related picks and its secondary sections, but not its tags (taggit's
    through rows are not serialised with the story): they are kept here, one
    row per version of a story, in the order the reader's page shows them.
    Versions saved before this existed have none.
    """

    version = models.OneToOneField(
        Version, on_delete=models.CASCADE, related_name="article_tags"
    )
    tags = models.JSONField(
        default=list, blank=True, help_text=_("The tags' names and slugs, in order.")
    )

    class Meta:
        verbose_name = _("tags of a version")
        verbose_name_plural = _("tags of versions")

    def __str__(self):
        return ", ".join(tag["name"] for tag in self.tags)

    @classmethod
    def record(cls, versions) -> list["VersionTags"]:
        """Keeps the tags the stories of these just-saved ``versions`` have now
        (one query to read them, one to write, whatever the number of stories)."""
        article_type = ContentType.objects.get_for_model(Article)
        stories = {
            int(version.object_id): version
            for version in versions
            if version.content_type_id == article_type.pk and version.pk
        }
        if not stories:
            return []
        kept = {pk: [] for pk in stories}
        for object_id, name, slug in (
            TaggedItem.objects.filter(content_type=article_type, object_id__in=stories)
            .order_by("pk")
            .values_list("object_id", "tag__name", "tag__slug")
        ):
            kept[object_id].append({"name": name, "slug": slug})
        return cls.objects.bulk_create(
            cls(version=stories[pk], tags=tags) for pk, tags in kept.items()
        )
