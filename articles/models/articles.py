from typing import TYPE_CHECKING

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import Tag

from articles.models.categories import Category
from articles.redirects import record_moves
from magazine.links import page_url
from magazine.richtext import (
    RICH_TEXT_EXTENSIONS,
    mark_sponsored_links,
    only_library_images,
)

if TYPE_CHECKING:
    from articles.models.authors import Author


def published_condition(now) -> Q:
    """The one rule for what readers may see: published, due, and still licensed."""
    return Q(status=Article.Status.PUBLISHED, publish_at__lte=now) & (
        Q(licence_expires_at__isnull=True) | Q(licence_expires_at__gt=now)
    )


def licence_expired_condition(now) -> Q:
    return Q(status=Article.Status.PUBLISHED, licence_expires_at__lte=now)


NEWEST_FIRST = ("-publish_at", "-pk")


def filed_under(section_ids, also_filed_ids) -> Q:
    """Filed under these sections: as primary section, or (``also_filed_ids``)
    as a secondary one; both from ``CategoryTree.filings()``."""
    condition = Q(category_id__in=section_ids)
    if also_filed_ids:
        condition |= Q(pk__in=also_filed_ids)
    return condition


class ArticleQuerySet(models.QuerySet):
    # The page shapes below load what their templates use. A field or relation
    # nobody planned for then costs one query for the whole list, not one per
    # card (FETCH_PEERS); the test suite sets FETCH_RAISE, so it fails loudly.
    reader_fetch_mode = models.FETCH_PEERS

    def published(self, now=None):
        return self.filter(published_condition(now or timezone.now()))

    def scheduled(self):
        """Published stories still waiting for their time: they go live by themselves
        (unless their licence has already run out: then they are licence-expired)."""
        now = timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=now).exclude(
            licence_expired_condition(now)
        )

    def licence_expired(self):
        """Stories whose wire licence ran out: the article view answers 410 Gone."""
        return self.filter(licence_expired_condition(timezone.now()))

    def canonical_here(self):
        """Stories whose one address is ours: a syndicated story's canonical link
        names its source, so sitemaps, which list canonical addresses only, leave
        it out."""
        return self.filter(source_url="")

    def editorial(self):
        """The newsroom's own stories: sponsored ones are paid for, and places that
        admit journalism only (the Google News sitemap) leave them out."""
        return self.filter(is_sponsored=False)

    def with_visibility(self, now=None):
        """``is_live`` and ``is_licence_expired`` on each row, from the very conditions
        published() and licence_expired() filter on, so the rule is written once."""
        now = now or timezone.now()
        return self.annotate(
            is_live=models.ExpressionWrapper(
                published_condition(now), output_field=models.BooleanField()
            ),
            is_licence_expired=models.ExpressionWrapper(
                licence_expired_condition(now), output_field=models.BooleanField()
            ),
        )

    def next_change_at(self):
        """When the published set next changes by the clock alone, or None.

        A scheduled story going live or a wire licence running out changes pages
        without any save; caches must not outlive that moment. Two indexed
        look-ups (status + publish_at, licence_expires_at).
        """
        upcoming = (
            self.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        expiring = (
            self.filter(
                licence_expires_at__gt=timezone.now(), status=Article.Status.PUBLISHED
            )
            .order_by("licence_expires_at")
            .values_list("licence_expires_at", flat=True)
            .first()
        )
        return min((t for t in (upcoming, expiring) if t is not None), default=None)

    def in_section(self, category):
        """Stories filed under ``category`` or any section below it, as their
        primary section or a secondary one (their address stays the primary's).

        """
        return self.filter(filed_under(*Category.objects.tree().filings(category)))

    def tagged(self, tag):
        """Stories carrying ``tag``, as a semi-join.

        A plain join reads every story with the tag and sorts them; EXISTS lets
        PostgreSQL walk the newest-first index and stop after one page.
        """
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import TaggedItem

        return self.filter(
            models.Exists(
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Article),
                    object_id=models.OuterRef("pk"),
                    tag=tag,
                )
            )
        )

    def by_author(self, author):
        """Stories in ``author``'s byline, as a semi-join (see ``tagged``)."""
        return self.filter(
            models.Exists(
                ArticleAuthor.objects.filter(
                    article=models.OuterRef("pk"), author=author
                )
            )
        )

    def for_headlines(self):
        """A bare list of linked headlines: the category for the URL, nothing else."""
        return (
            self.select_related("category")
            .order_by(*NEWEST_FIRST)
            .fetch_mode(self.reader_fetch_mode)
        )

    def for_listing(self):
        """What a card in a list needs: category and lead image (its row lists
        its renditions); byline and comment count are on the story's own row."""
        return (
            self.select_related("category", "lead_image")
            .order_by(*NEWEST_FIRST)
            .fetch_mode(self.reader_fetch_mode)
        )

    def for_detail(self):
        """What the article page needs from the story's row and its pictures;
        ``Article.credits`` adds its linked authors and its tags."""
        return self.select_related("category", "lead_image", "social_image").fetch_mode(
            self.reader_fetch_mode
        )


def render_body(body: str) -> str:
    """See ``articles.images.markup.render_body`` (it reads the image library,
    which imports this module: hence the late import)."""
    from articles.images.markup import render_body

    return render_body(body)


def article_url(category_path: str, slug: str) -> str:
    return page_url(f"{category_path}/{slug}")


BYLINE_BATCH = 1000
# Derived from other rows and written by their signals, never by Article.save().
KEPT_BY_SIGNALS = frozenset({"byline", "comment_count"})


def current_bylines(article_ids: list[int]) -> dict[int, str]:
    """The stories' authors' names, in byline order, from their byline rows."""
    names = {pk: [] for pk in article_ids}
    for article_id, name in (
        ArticleAuthor.objects.filter(article_id__in=names)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "author__name")
    ):
        names[article_id].append(name)
    return {pk: ", ".join(byline) for pk, byline in names.items()}


def write_bylines(article_ids) -> None:
    """Writes ``Article.byline`` for these stories from their authors.

    Cards, feeds and the desk show the byline as text on every row: kept on
    the story, it costs them no query (the article page, which links each
    author, still reads the authors).
    """
    article_ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(article_ids), BYLINE_BATCH):
        bylines = current_bylines(article_ids[start : start + BYLINE_BATCH])
        Article.objects.bulk_update(
            [Article(pk=pk, byline=byline) for pk, byline in bylines.items()],
            ["byline"],
        )


@reversion.register(
    follow=["articleauthor_set", "picks"],
    exclude=["version", "rendered_body", *KEPT_BY_SIGNALS],
)
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    LICENCE_EXPIRED = "Licence expired"  # a state the desk sees, never stored

    class Comments(models.TextChoices):
        OPEN = "open", "Open"
        MODERATED = "moderated", "Open, every comment moderated"
        CLOSED = "closed", "Closed"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        blank=True, help_text="The dek: one or two sentences under the headline."
    )
    body = ProseEditorField(extensions=RICH_TEXT_EXTENSIONS, sanitize=True, blank=True)
    rendered_body = models.TextField(
        blank=True,
        editable=False,
        help_text="The body as readers get it (link cards, responsive pictures), "
        "made on save and when a picture's renditions land.",
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
        help_text="Leave blank to use the image's own caption.",
    )

    category = models.ForeignKey(
        "articles.Category", on_delete=models.PROTECT, related_name="articles"
    )
    secondary_categories = models.ManyToManyField(
        "articles.Category", blank=True, related_name="secondary_articles"
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
        help_text="The authors' names in byline order, for cards, feeds and the "
        "desk; written whenever the byline or an author's name changes.",
    )
    comment_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Approved comments, counted again whenever a comment is saved or "
        "deleted.",
    )
    contributors = models.CharField(
        max_length=500,
        blank=True,
        help_text="E.g. “Lawless reported from London. Danica Kirka contributed to this report.”",
    )
    dateline = models.CharField(
        max_length=100, blank=True, help_text="E.g. MIAMI BEACH, Fla."
    )
    tags = TaggableManager(blank=True)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        default=timezone.now, help_text="A future time schedules the story."
    )
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Shown to readers as “Updated”: set when the story changes materially.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    is_featured = models.BooleanField("featured on the home page", default=False)
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
        "syndication source",
        max_length=100,
        blank=True,
        help_text="E.g. The Associated Press.",
    )
    source_url = models.URLField("original URL", blank=True)
    licence_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The story leaves the site by itself at this time (wire licences).",
    )
    is_sponsored = models.BooleanField("sponsored", default=False)
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
        help_text="Counts saves; a form sent from an older version is refused.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and archive articles")
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
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # "Scheduled" is published with a future time: published() lets it in when due.
        if self.status == self.Status.SCHEDULED:
            self.status = self.Status.PUBLISHED
        body_field = self._meta.get_field("body")
        self.body = only_library_images(body_field.sanitize(self.body or ""))
        if self.is_sponsored:
            self.body = mark_sponsored_links(self.body)
        self.rendered_body = render_body(self.body)
        if (fields := kwargs.get("update_fields")) is not None and "body" in fields:
            kwargs["update_fields"] = {*fields, "rendered_body"}
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            before = (
                Article.objects.select_for_update(of=("self",))
                .filter(pk=self.pk)
                .values("slug", "status", "category__path", "version")
                .first()
            )
            if before:
                self.version = before["version"] + 1
                kwargs["update_fields"] = self.fields_to_write(
                    kwargs.get("update_fields")
                )
            super().save(*args, **kwargs)
            if before and before["status"] == self.Status.PUBLISHED:
                old_url = article_url(before["category__path"], before["slug"])
                record_moves({old_url: self.get_absolute_url()})

    def get_absolute_url(self):
        return article_url(self.category.path, self.slug)

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
        if self.status == self.Status.SCHEDULED and (
            self.publish_at is None or self.publish_at <= timezone.now()
        ):
            raise ValidationError(
                {"publish_at": "A scheduled story needs a publish time in the future."}
            )
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

    @cached_property
    def credits(self) -> tuple[list["Author"], list[Tag]]:
        """The authors in byline order (each page links them) and the tags, in
        one query. For a story's own page: lists show ``byline``, kept on the row."""
        from articles.models.authors import Author
        from articles.models.listings import CREDITS

        authors, tags = [], []
        for kind, pk, name, slug, *_ in CREDITS.rows(
            story=self.pk, content_type=ContentType.objects.get_for_model(Article).pk
        ):
            if kind == "author":
                authors.append(Author(pk=pk, name=name, slug=slug))
            else:
                tags.append(Tag(pk=pk, name=name, slug=slug))
        return authors, tags

    @property
    def ordered_authors(self) -> list["Author"]:
        return self.credits[0]

    @property
    def shown_tags(self) -> list[Tag]:
        return self.credits[1]

    def related_articles(self, limit: int = 4) -> list["Article"]:
        """The stories shown beside this one, as cards.

        The editor's picks in their order; when there are fewer than ``limit``,
        the rest are the newest published stories sharing a tag, then the newest
        in the same category. Never this story, never an unpublished one.
        One query on PostgreSQL (three short index walks in a UNION ALL that
        reads the cards too), three elsewhere, whatever the number of tags or picks.
        """
        from articles.models.listings import related_cards

        return related_cards(self, limit)

    @property
    def state(self) -> str:
        """The status as the desk says it, with the same states as the list's filter:
        a published story not yet due is scheduled, one past its licence has expired."""
        if self.status == self.Status.PUBLISHED:
            now = timezone.now()
            if self.licence_expires_at is not None and self.licence_expires_at <= now:
                # Even if its time has not come: it never will.
                return self.LICENCE_EXPIRED
            if self.publish_at > now:
                return self.Status.SCHEDULED.label
        return self.get_status_display()

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


@receiver(pre_save, sender=Article)
def count_raw_saves_as_new_versions(sender, instance, raw, **kwargs):
    """A restored revision (a raw save) is a new version too, so that a form opened
    before the restore is refused rather than matched by a reused number; its
    derived body is made afresh (revisions do not keep it)."""
    if raw:
        instance.rendered_body = render_body(instance.body)
    if raw and instance.pk:
        current = (
            Article.objects.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        instance.version = (current or 0) + 1


@receiver(post_save, sender=ArticleAuthor)
@receiver(post_delete, sender=ArticleAuthor)
def rewrite_byline(sender, instance, **kwargs):
    """A byline edited in the admin, or restored with a revision."""
    write_bylines([instance.article_id])


@receiver(m2m_changed, sender=Article.authors.through)
def rewrite_bylines_of_changed_authors(
    sender, instance, action, reverse, pk_set, **kwargs
):
    """``story.authors.add()`` and the like, from either side."""
    if not reverse:
        if action.startswith("post_"):
            write_bylines([instance.pk])
    elif action == "pre_clear":
        instance._bylines_to_rewrite = list(
            ArticleAuthor.objects.filter(author=instance).values_list(
                "article_id", flat=True
            )
        )
    elif action == "post_clear":
        write_bylines(instance.__dict__.pop("_bylines_to_rewrite", []))
    elif action.startswith("post_"):
        write_bylines(pk_set)


@receiver(pre_save, sender="articles.Author")
def note_author_rename(sender, instance, **kwargs):
    instance._renamed = instance.pk is not None and not (
        type(instance).objects.filter(pk=instance.pk, name=instance.name).exists()
    )


@receiver(post_save, sender="articles.Author")
def rewrite_bylines_of_renamed_author(sender, instance, **kwargs):
    """Every story in a renamed author's bylines (a save that keeps the name
    rewrites nothing: the demo saves each author on every run)."""
    if instance.__dict__.pop("_renamed", False):
        write_bylines(
            ArticleAuthor.objects.filter(author=instance).values_list(
                "article_id", flat=True
            )
        )


def count_comments(article_ids) -> None:
    """Writes ``Article.comment_count`` for these stories: their approved comments."""
    from articles.models.comments import Comment

    approved = (
        Comment.objects.approved()
        .filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    Article.objects.filter(pk__in=article_ids).update(
        comment_count=Coalesce(models.Subquery(approved), 0)
    )


@receiver(post_save, sender="articles.Comment")
@receiver(post_delete, sender="articles.Comment")
def recount_comments(sender, instance, **kwargs):
    """A comment posted, moderated, removed or deleted: cards show the new count."""
    count_comments([instance.article_id])


@receiver(post_save, sender=Article)
def rewrite_kept_fields_of_restored_story(sender, instance, raw, **kwargs):
    """A restored revision (a raw save) does not carry the byline and comment
    count: they are written again from the rows they come from."""
    if raw:
        write_bylines([instance.pk])
        count_comments([instance.pk])
