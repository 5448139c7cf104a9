from django.core.exceptions import ValidationError
from django.db import models
from django_prose_editor.fields import ProseEditorField

from articles.models import Category
from articles.models.categories import RESERVED_SLUGS
from magazine.links import page_url
from magazine.richtext import RICH_TEXT_EXTENSIONS


class Page(models.Model):
    """A standing page edited in the admin, such as About or Legal.

    In the site layer: its address shares the first path segment with the
    sections, so it is checked against them.
    """

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
        # The table it has had since it lived in the kernel's app.
        db_table = "magazine_page"

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
