from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.models import Category
from articles.models.categories import RESERVED_SLUGS
from magazine.links import page_url
from magazine.richtext import RICH_TEXT_EXTENSIONS


class PageQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: the page view and the sitemap read through this.
        A published page with a later ``publish_at`` waits for that time."""
        return self.filter(status=Page.Status.PUBLISHED).filter(
            models.Q(publish_at__isnull=True) | models.Q(publish_at__lte=timezone.now())
        )

    def next_change_at(self):
        """When a scheduled page goes live, or None: no cached page (the
        footer links the standing pages) outlives that moment."""
        return (
            self.filter(status=Page.Status.PUBLISHED, publish_at__gt=timezone.now())
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )


class Page(models.Model):
    """A standing page edited in the admin, such as About or Legal; its
    revisions are kept (django-reversion, registered in ``translation``), as
    a story's are.

    In the site layer: its address shares the first path segment with the
    sections, so it is checked against them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The meta description and the link preview."),
    )
    body = ProseEditorField(extensions=RICH_TEXT_EXTENSIONS, sanitize=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        db_default=Status.PUBLISHED,
        help_text=_("A draft page is not shown to readers."),
    )
    publish_at = models.DateTimeField(
        _("public from"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to show a published page at once; a later time keeps "
            "it from readers until then."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

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


# Uploaded WordPress exports hold private e-mail addresses and unpublished
# stories: kept under var/, never in public media.
def import_files() -> FileSystemStorage:
    """Where uploaded exports and upload archives live (a callable: the
    migration names it, not this machine's folder)."""
    return FileSystemStorage(location=settings.VAR_DIR / "imports")


class ImportRun(models.Model):
    """One import of a WordPress export (``manage.py import_wordpress`` or the
    admin's "Import from WordPress"), with its progress and its report."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        REMOVED = "removed", _("Removed")

    export = models.FileField(
        _("WordPress export (.xml)"), storage=import_files, upload_to="exports/"
    )
    uploads = models.FileField(
        _("uploads folder (.zip)"),
        storage=import_files,
        upload_to="uploads/",
        blank=True,
        help_text=_("Optional: a zip of wp-content/uploads, for the pictures."),
    )
    dry_run = models.BooleanField(
        _("dry run"),
        default=False,
        help_text=_("Only report what the import would do; write nothing."),
    )
    origin = models.CharField(
        _("WordPress site"), max_length=500, blank=True, editable=False
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, editable=False
    )
    items_total = models.PositiveIntegerField(default=0, editable=False)
    items_done = models.PositiveIntegerField(default=0, editable=False)
    report = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import from WordPress")
        verbose_name_plural = _("imports from WordPress")

    def __str__(self):
        return f"{self.export.name} ({self.get_state_display()})"


class ImportedItem(models.Model):
    """What one WordPress item became: the import's memory.

    Keyed by the WordPress site and the item's kind and id, so a second run
    skips what is unchanged (same ``digest``), updates what changed, continues
    an interrupted import, and ``remove_import`` deletes exactly what was
    created (``reused`` rows existed before and stay).
    """

    origin = models.CharField(max_length=500)
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    kind = models.CharField(max_length=20)
    wp_id = models.CharField(_("WordPress id"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    digest = models.CharField(max_length=64, blank=True)
    reused = models.BooleanField(
        default=False, help_text=_("It existed before the import, which only used it.")
    )
    old_url = models.CharField(_("WordPress address"), max_length=2000, blank=True)
    custom_fields = models.JSONField(
        _("unmapped custom fields"), default=dict, blank=True
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "kind", "wp_id"], name="imported_item_once"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="imported_target"),
            models.Index(fields=["kind", "wp_id"], name="imported_kind_id"),
        ]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id}"
