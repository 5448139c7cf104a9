import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles.models.categories import article_url
from articles.models.publication import ArticleQuerySet, DeskState, Status
from articles.redirects import record_moves
from magazine.richtext import (
    RICH_TEXT_EXTENSIONS,
    mark_sponsored_links,
    only_library_images,
)

# Derived from other rows and written by their signals, never by Article.save().
KEPT_BY_SIGNALS = frozenset({"byline", "comment_count"})

# Beyond these, search results cut the text off: the one statement of the SEO
# lengths, for the pre-publish checklist and the form's search and social help
# (articles/admin/seo.py, which hands them to seo-preview.js).
SEO_TITLE_MAX = 60
DESCRIPTION_LENGTHS = (50, 160)


def description_fits(length: int) -> bool:
    low, high = DESCRIPTION_LENGTHS
    return low <= length <= high


@reversion.register(
    follow=["articleauthor_set", "picks"],
    exclude=["version", "rendered_body", *KEPT_BY_SIGNALS],
)
class Article(models.Model):
    Status = Status
    DeskState = DeskState

    class Comments(models.TextChoices):
        OPEN = "open", "Open"
        MODERATED = "moderated", "Open, every comment moderated"
        CLOSED = "closed", "Closed"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        blank=True, help_text=_("The dek: one or two sentences under the headline.")
    )
    body = ProseEditorField(extensions=RICH_TEXT_EXTENSIONS, sanitize=True, blank=True)
    rendered_body = models.TextField(
        blank=True,
        editable=False,
        help_text=_(
            "The body as readers get it (link cards, responsive pictures), "
            "made on save and when a picture's renditions land."
        ),
    )

    lead_image = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_image_caption = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Leave blank to use the image's own caption."),
    )

    category = models.ForeignKey(
        "articles.Category", on_delete=models.PROTECT, related_name="articles"
    )
    secondary_categories = models.ManyToManyField(
        "articles.Category",
        verbose_name=_("secondary sections"),
        blank=True,
        related_name="secondary_articles",
    )
    authors = models.ManyToManyField(
        "articles.Author",
        through="articles.ArticleAuthor",
        related_name="articles",
        blank=True,
    )
    byline = models.CharField(
        max_length=500,
        blank=True,
        editable=False,
        help_text=_(
            "The authors' names in byline order, for cards, feeds and the "
            "desk; written whenever the byline or an author's name changes."
        ),
    )
    comment_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_(
            "Approved comments, counted again whenever a comment is saved or deleted."
        ),
    )
    contributors = models.CharField(
        max_length=500,
        blank=True,
        help_text=_(
            "E.g. “Lawless reported from London. Danica Kirka contributed to this report.”"
        ),
    )
    dateline = models.CharField(
        max_length=100, blank=True, help_text=_("E.g. MIAMI BEACH, Fla.")
    )
    tags = TaggableManager(blank=True)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        default=timezone.now, help_text=_("A future time schedules the story.")
    )
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Shown to readers as “Updated”: set when the story changes materially."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    comments = models.CharField(
        max_length=10, choices=Comments.choices, default=Comments.OPEN
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

    source_name = models.CharField(
        _("syndication source"),
        max_length=100,
        blank=True,
        help_text=_("E.g. The Associated Press."),
    )
    source_url = models.URLField(_("original URL"), blank=True)
    licence_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "The story leaves the site by itself at this time (wire licences)."
        ),
    )
    unpublish_at = models.DateTimeField(
        _("take off the site at"),
        null=True,
        blank=True,
        help_text=_(
            "The story leaves the site by itself at this time, in the newsroom's "
            "time zone (an offer that ends, an embargoed correction)."
        ),
    )
    is_sponsored = models.BooleanField(_("sponsored"), default=False)
    sponsor_name = models.CharField(max_length=150, blank=True)

    related = models.ManyToManyField(
        "self",
        through="articles.RelatedArticle",
        symmetrical=False,
        blank=True,
        related_name="+",
    )

    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Counts saves; a form sent from an older version is refused."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        db_default="en",
        db_index=True,
        help_text=_("The edition the story is written for; it is listed only there."),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text=_(
            "The story this one translates (at most one translation per language)."
        ),
    )
    translated_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The original's version this translation was last checked "
            "against: a later save of the original makes it out of date."
        ),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and archive articles")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="article_one_translation_per_language",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=models.F("pk")),
                name="article_not_its_own_translation",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "-publish_at"], name="article_status_publish"
            ),
            models.Index(
                fields=["category", "-publish_at"], name="article_category_publish"
            ),
            models.Index(fields=["-publish_at", "-id"], name="article_publish_id"),
            models.Index(
                fields=["-publish_at"],
                condition=Q(is_featured=True),
                name="article_featured_publish",
            ),
            models.Index(
                fields=["licence_expires_at"],
                condition=Q(licence_expires_at__isnull=False),
                name="article_licence_expiry",
            ),
            models.Index(
                fields=["unpublish_at"],
                condition=Q(unpublish_at__isnull=False),
                name="article_unpublish_at",
            ),
            # Reader lists: one edition's published stories, newest first. The
            # columns ascend so that SQLite, walking the index backwards, reads
            # them in NEWEST_FIRST order (its rowid is the index's last column)
            # and stops after a page instead of sorting the edition.
            models.Index(
                fields=["language", "status", "publish_at", "id"],
                name="article_edition_newest",
            ),
            models.Index(
                fields=["category", "language", "status", "publish_at", "id"],
                name="article_section_newest",
            ),
            models.Index(
                fields=["language", "status", "publish_at", "id"],
                condition=Q(is_featured=True),
                name="article_featured_newest",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.prepare_body()
        # rendered_body is made from the body as it is saved (articles.signals).
        if (fields := kwargs.get("update_fields")) is not None and "body" in fields:
            kwargs["update_fields"] = {*fields, "rendered_body"}
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            before = (
                Article.objects.select_for_update(of=("self",))
                .filter(pk=self.pk)
                .values(
                    "slug",
                    "status",
                    "language",
                    "category__path_en",
                    "category__path_es",
                    "version",
                )
                .first()
            )
            if before:
                self.version = before["version"] + 1
                kwargs["update_fields"] = self.fields_to_write(
                    kwargs.get("update_fields")
                )
            super().save(*args, **kwargs)
            if before and before["status"] == self.Status.PUBLISHED:
                language = before["language"]
                old_path = (
                    before.get(f"category__path_{language}")
                    or before["category__path_en"]
                )
                with translation.override(language):
                    old_url = article_url(old_path, before["slug"])
                record_moves({old_url: self.get_absolute_url()})

    def get_absolute_url(self):
        """The story's address in its own edition, whichever is active.
        Most stories on a page are in its language: no switch for those (a
        third of the call's time, and every card calls it)."""
        if self.language == translation.get_language():
            return article_url(self.category.path, self.slug)
        with translation.override(self.language):
            return article_url(self.category.path, self.slug)

    def prepare_body(self) -> None:
        """The body as every save stores it: sanitised, library pictures only,
        a sponsored story's links marked. ``save()`` calls it; so does a bulk
        load that creates stories without ``save()``."""
        body_field = self._meta.get_field("body")
        self.body = only_library_images(body_field.sanitize(self.body or ""))
        if self.is_sponsored:
            self.body = mark_sponsored_links(self.body)

    def preview_url(self, token: str | None = None) -> str:
        """The staff preview (or the shareable one, ``token``) in the story's
        own edition: its page speaks the story's language, whatever the
        language of the admin that links it."""
        with translation.override(self.language):
            if token is not None:
                return reverse("articles:shared_preview", args=[token])
            return reverse("articles:article_preview", kwargs={"pk": self.pk})

    @property
    def is_out_of_date(self) -> bool:
        """A translation whose original was saved since an editor last marked
        it current (reads the original: list pages annotate instead)."""
        if self.translation_of_id is None:
            return False
        original_version = self.translation_of.version
        return self.translated_version is None or (
            original_version > self.translated_version
        )

    def fields_to_write(self, requested=None) -> list[str]:
        """The fields a save of an existing story writes: all (or those
        ``requested``) but the ones their own signals keep, so that an older
        copy in memory never undoes a newer byline or comment count."""
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key
            and field.name not in KEPT_BY_SIGNALS
            and (requested is None or field.name in requested)
        ]

    def clean(self):
        if (
            self.publish_at is not None
            and self.licence_expires_at is not None
            and self.licence_expires_at <= self.publish_at
        ):
            raise ValidationError(
                {
                    "licence_expires_at": "The licence would end before the story is "
                    "published: readers would never see it."
                }
            )
        if (
            self.publish_at is not None
            and self.unpublish_at is not None
            and self.unpublish_at <= self.publish_at
        ):
            raise ValidationError(
                {
                    "unpublish_at": _(
                        "The story would leave the site before it is published: "
                        "readers would never see it."
                    )
                }
            )

    @property
    def search_title(self) -> str:
        """The title a search result shows: the SEO title, else the headline."""
        return self.seo_title or self.headline

    def missing_before_publishing(self) -> list[str]:
        """What the pre-publish checklist flags: what readers, screen readers and
        search results would miss. Advice on the form, not a rule: breaking
        news may go out without a picture."""
        missing = []
        if self.lead_image_id is None:
            missing.append(_("No lead image."))
        elif not self.lead_image.alt_text.strip():
            missing.append(_("The lead image has no alt text."))
        elif self.lead_image.alt_text_in(self.language)[1] != self.language:
            missing.append(
                _("The lead image has no alt text in this story's language.")
            )
        if self.category_id is None:
            missing.append(_("No section."))
        title = self.search_title
        if len(title) > SEO_TITLE_MAX:
            missing.append(
                _("The search title is %(length)d characters; keep it to %(max)d.")
                % {"length": len(title), "max": SEO_TITLE_MAX}
            )
        length = len(self.meta_description)
        if not description_fits(length):
            missing.append(
                _(
                    "The search description is %(length)d characters; "
                    "%(min)d to %(max)d read best."
                )
                % {
                    "length": length,
                    "min": DESCRIPTION_LENGTHS[0],
                    "max": DESCRIPTION_LENGTHS[1],
                }
            )
        return missing

    @property
    def desk_state(self) -> DeskState:
        """The state as the desk says it, with the same states as the list's filter:
        a published story not yet due is scheduled, one past its licence has expired."""
        if self.status == Status.PUBLISHED:
            now = timezone.now()
            if self.licence_expires_at is not None and self.licence_expires_at <= now:
                # Even if its time has not come: it never will.
                return DeskState.LICENCE_EXPIRED
            if self.unpublish_at is not None and self.unpublish_at <= now:
                return DeskState.TAKEN_DOWN
            if self.publish_at > now:
                return DeskState.SCHEDULED
        return DeskState(self.status)

    @property
    def excerpt(self) -> str:
        return self.standfirst or Truncator(strip_tags(self.body)).words(30)

    @property
    def caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""


@reversion.register()
class ArticleAuthor(models.Model):
    """An author's place in a byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="article_author_once"
            )
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


@reversion.register()
class RelatedArticle(models.Model):
    """A related story picked by an editor, in the editor's order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="picks")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"], name="related_article_once"
            ),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")),
                name="related_article_not_itself",
            ),
        ]

    def __str__(self):
        return f"{self.related} beside {self.article}"
