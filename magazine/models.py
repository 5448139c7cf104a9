from django.core.exceptions import ValidationError
from django.db import models
from django_prose_editor.fields import ProseEditorField

from articles.models import Category
from articles.models.categories import RESERVED_SLUGS
from magazine.links import page_url
from magazine.richtext import RICH_TEXT_EXTENSIONS


class SiteSettings(models.Model):
    """The editable parts of the site's chrome: one row, cached, changed in the admin."""

    tagline = models.CharField(max_length=200, blank=True)
    about_blurb = models.TextField(
        help_text="A few sentences about the magazine, shown in every page footer."
    )
    legal_notice = models.TextField(
        blank=True, help_text="Shown in the footer under the About blurb."
    )
    postal_address = models.TextField(
        blank=True, help_text="The publisher's address, printed in newsletter footers."
    )

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The row, read once per process until something on the site changes."""
        from magazine.cache import per_generation

        return per_generation("site-settings", cls._get_or_create)

    @classmethod
    def _get_or_create(cls) -> "SiteSettings":
        settings = cls.objects.filter(pk=1).first()
        if settings is None:
            # Migration 0002 makes the row; should it be gone, putting the empty
            # defaults back changes nothing a page shows, so no signal is sent.
            cls.objects.bulk_create([cls(pk=1, about_blurb="")], ignore_conflicts=True)
            settings = cls.objects.get(pk=1)
        return settings


class Page(models.Model):
    """A standing page edited in the admin, such as About or Legal."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="The meta description and the link preview.",
    )
    body = ProseEditorField(extensions=RICH_TEXT_EXTENSIONS, sanitize=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url(self.slug)

    def clean(self):
        if (
            self.slug in RESERVED_SLUGS
            or Category.objects.filter(path=self.slug).exists()
        ):
            raise ValidationError(
                {"slug": f"“{self.slug}” is already a section of the site."}
            )
