from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.authors import Author
from articles.models.renditions import sources as rendition_sources

unit_interval = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """A picture in the library: uploaded once with its words, reused by many stories."""

    file = models.ImageField(
        upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For finding it in the library.")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    alt_text_es = models.CharField(
        _("alt text in Spanish"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The same for the Spanish edition. Left blank, Spanish pages give "
            "the alt text above, marked as English for screen readers."
        ),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    focal_x = models.FloatField(
        default=0.5,
        validators=unit_interval,
        help_text=_("0 is the left edge, 1 the right."),
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=unit_interval,
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_(
            "Who uploaded it: a contributor may change their own pictures "
            "while no live story shows them. Empty: editors only."
        ),
    )
    sources = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "The current renditions' files and sizes by shape and format, "
            "written by the rendition task."
        ),
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title

    def alt_text_in(self, language: str | None = None) -> tuple[str, str]:
        """The alt text for readers of ``language`` (default: the active one),
        and the language it is written in: a picture is one library row shared
        by both editions, so the Spanish text is a field of its own (plain,
        not django-modeltranslation: uploads and the admin always write the
        English one as ``alt_text``, whatever the editor's own language)."""
        if (language or get_language()) == "es" and self.alt_text_es.strip():
            return self.alt_text_es, "es"
        return self.alt_text, settings.LANGUAGE_CODE

    @property
    def reader_alt_text(self) -> str:
        """The alt text in the language of the page being drawn."""
        return self.alt_text_in()[0]

    def is_shown_to_readers(self) -> bool:
        """In a live story (lead, social image or text) or an author's portrait:
        a change here changes what readers see."""
        return (
            Article.objects.published().showing_image(self).exists()
            or Author.objects.filter(photo=self).exists()
        )

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        image = super().from_db(db, field_names, values, **kwargs)
        if {"file", "focal_x", "focal_y"} <= set(field_names):
            image._rendered_source = image.rendition_source
        return image

    @property
    def rendition_source(self) -> str:
        """What renditions are cut from: the file and the focal point."""
        return f"{self.file.name}@{self.focal_x:.3f},{self.focal_y:.3f}"

    def picture_sources(self, ratio: str = "") -> list | None:
        """``[(format, [(name, width, height), …]), …]`` for one shape, the
        original's format first and widths ascending; None until the rendition
        task has cut this file at this focal point.

        Kept on the image itself, so a page of cards builds its pictures from the
        rows it already has instead of reading a dozen renditions per picture.
        """
        sources = self.sources or {}
        if sources.get("source") != self.rendition_source:
            return None
        return sources["shapes"].get(ratio) or None

    def record_renditions(self) -> None:
        """Writes ``sources`` from the renditions of the current file and focal point."""
        source = self.rendition_source
        self.sources = rendition_sources(
            source,
            self.renditions.filter(source=source).values_list(
                "ratio", "format", "file", "width", "height"
            ),
        )
        self.save(update_fields=["sources"])

    def current_renditions(self, ratio: str = "") -> list:
        """This image's up-to-date renditions of one shape (uses a prefetch if present)."""
        source = self.rendition_source
        return [
            rendition
            for rendition in self.renditions.all()
            if rendition.source == source and rendition.ratio == ratio
        ]
