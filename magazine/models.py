from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django_prose_editor.fields import ProseEditorField

from articles.models import Category
from articles.models.categories import RESERVED_SLUGS
from magazine.richtext import RICH_TEXT_EXTENSIONS


class SiteSettings(models.Model):
    """The editable parts of the site's chrome: one row, cached, changed in the admin."""

    CACHE_KEY = "magazine:site-settings"

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
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls) -> "SiteSettings":
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings, _ = cls.objects.get_or_create(pk=1, defaults={"about_blurb": ""})
            cache.set(cls.CACHE_KEY, settings, 60 * 60)
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
        return reverse("page", kwargs={"path": self.slug})

    def clean(self):
        if (
            self.slug in RESERVED_SLUGS
            or Category.objects.filter(path=self.slug).exists()
        ):
            raise ValidationError(
                {"slug": f"“{self.slug}” is already a section of the site."}
            )
