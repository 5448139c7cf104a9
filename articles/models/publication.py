"""What readers may see, written once: the stored statuses, the desk's
derived states, and the QuerySet every view, feed, sitemap and newsletter
reads stories through (``Article.objects.published()``)."""

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from articles.models.categories import Category, active_language, category_tree


class Status(models.TextChoices):
    """What a story's row holds. A scheduled story is published with a future
    time; whether it is live yet is the clock's business (``published()``)."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"
    # Kept on the site, never shown to readers (WordPress's private and
    # password-protected stories come in as this).
    PRIVATE = "private", _("Private")


class DeskState(models.TextChoices):
    """What the desk calls a story: its status, with a published one told apart
    by the clock (not due yet: scheduled; past its wire licence: expired).
    Derived, never stored (``Article.desk_state``, the list's state filter)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    LICENCE_EXPIRED = "licence-expired", _("Licence expired")
    TAKEN_DOWN = "taken-down", _("Taken down")
    ARCHIVED = "archived", _("Archived")
    PRIVATE = "private", _("Private")


def published_condition(now, *, due_by=None) -> Q:
    """The one rule for what readers may see: published, due, still licensed,
    and not yet past the time the desk set for it to leave (``unpublish_at``).
    ``due_by`` (not after ``now``): only the stories due by then, a bound the
    newest-first walks start from (see ``listings.window_rows``)."""
    return (
        Q(status=Status.PUBLISHED, publish_at__lte=due_by or now)
        & (Q(licence_expires_at__isnull=True) | Q(licence_expires_at__gt=now))
        & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now))
    )


def licence_expired_condition(now) -> Q:
    return Q(status=Status.PUBLISHED, licence_expires_at__lte=now)


NEWEST_FIRST = ("-publish_at", "-pk")


def filed_under(section_ids) -> Q:
    """Filed under these sections (``CategoryTree.section_ids()``): as primary
    section, or as a secondary one. The secondary filings are read in the query
    itself: a list of them kept in memory would grow with the archive."""
    filings = Category.secondary_articles.through.objects.filter(
        category_id__in=section_ids
    )
    return Q(category_id__in=section_ids) | Q(pk__in=filings.values("article_id"))


def newest_filed_under(live, section_ids, stop: int):
    """The stories of ``live`` filed under these sections, newest first, found
    among a bounded set of candidates: each section's ``stop`` newest (one walk
    of its own index, ``article_section_newest``) and the stories filed there
    as a secondary section (few: an editor's choice, read by their ids).

    One OR over the sections would walk a whole edition for a small section, or
    sort every story of a large one, on SQLite; an OR of the candidate lists
    makes PostgreSQL read the whole table. Their UNION ALL is looked up by id
    on both. On SQLite, which allows no ORDER BY or LIMIT on the parts of a
    compound query, each list is wrapped in an ``id IN`` of its own; PostgreSQL
    takes the lists as they are (the wrappers' look-ups had cost the home
    page's union of seven sections 0.3 of its 1.9 ms, issue 18)."""
    stories = live.model._default_manager
    filings = Category.secondary_articles.through.objects.filter(
        category_id__in=section_ids
    )
    parts = [live.filter(pk__in=filings.values("article_id")).values("pk")]
    parts += [
        live.filter(category_id=section).order_by(*NEWEST_FIRST).values("pk")[:stop]
        for section in section_ids
    ]
    if not connections[DEFAULT_DB_ALIAS].features.supports_slicing_ordering_in_compound:
        parts = [stories.filter(pk__in=part).values("pk") for part in parts]
    first, *others = parts
    candidates = first.union(*others, all=True)
    return stories.filter(pk__in=candidates).order_by(*NEWEST_FIRST)


# A tag or author on this many stories or fewer has them read by its own rows.
FEW_STORIES = 500


def more_than_a_few(rows, key: str) -> models.Subquery:
    """An annotation: a row's id when ``rows`` (a tag's or an author's rows,
    found by its slug, as the page's look-up finds it) number more than
    ``FEW_STORIES``, else None. It reads at most that many entries of the
    ``key`` index, in the query that finds the tag or author: no query of its
    own. (Correlated on the outer row instead, PostgreSQL planned it for an
    average author and scanned the bylines for a rare one.)"""
    return models.Subquery(
        rows.order_by(key).values("pk")[FEW_STORIES : FEW_STORIES + 1]
    )


class ArticleQuerySet(models.QuerySet):
    # The page shapes below load what their templates use. A field or relation
    # nobody planned for then costs one query for the whole list, not one per
    # card (FETCH_PEERS); the test suite sets FETCH_RAISE, so it fails loudly.
    reader_fetch_mode = models.FETCH_PEERS

    def published(self, now=None):
        return self.filter(published_condition(now or timezone.now()))

    def published_before(self, now, story_at, story_id):
        """Published stories after the one at ``(story_at, story_id)`` in
        newest-first order: an index walk that starts there, not at the newest."""
        return self.filter(published_condition(now, due_by=story_at)).exclude(
            publish_at=story_at, pk__gte=story_id
        )

    def in_language(self, code=None):
        """Stories of one edition: ``code``, or the active language's. Every
        reader list (home, sections, tags, authors, feeds, sitemaps, search,
        related and latest stories) shows one edition only."""
        return self.filter(language=code or active_language())

    def showing_image(self, image):
        """Stories that show a library picture: as lead or social image, or in
        their text (which keeps the original's file name, see ``Image.file``)."""
        return self.filter(
            Q(lead_image=image)
            | Q(social_image=image)
            | Q(body__contains=image.file.name)
        )

    def scheduled(self):
        """Published stories still waiting for their time: they go live by themselves
        (unless their licence has already run out: then they are licence-expired)."""
        now = timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__gt=now).exclude(
            licence_expired_condition(now)
        )

    def taken_down(self):
        """Published stories past the time the desk set for them to leave the
        site (and not licence-expired, which says more)."""
        now = timezone.now()
        return self.filter(status=Status.PUBLISHED, unpublish_at__lte=now).exclude(
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

        A scheduled story going live, a wire licence running out or a story
        leaving at its ``unpublish_at`` changes pages without any save; caches
        must not outlive that moment. Three indexed look-ups (status +
        publish_at, licence_expires_at, unpublish_at).
        """
        upcoming = (
            self.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        expiring = (
            self.filter(licence_expires_at__gt=timezone.now(), status=Status.PUBLISHED)
            .order_by("licence_expires_at")
            .values_list("licence_expires_at", flat=True)
            .first()
        )
        leaving = (
            self.filter(unpublish_at__gt=timezone.now(), status=Status.PUBLISHED)
            .order_by("unpublish_at")
            .values_list("unpublish_at", flat=True)
            .first()
        )
        return min(
            (t for t in (upcoming, expiring, leaving) if t is not None), default=None
        )

    def in_section(self, category):
        """Stories filed under ``category`` or any section below it, as their
        primary section or a secondary one (their address stays the primary's).

        """
        return self.filter(filed_under(category_tree().section_ids(category)))

    def tagged(self, tag, *, few: bool = False):
        """Stories carrying ``tag``, as a semi-join; read through the tag's
        own rows when it is on ``few`` stories (see ``more_than_a_few``).

        A plain join reads every story with the tag and sorts them; EXISTS lets
        the database walk the newest-first index and stop after one page. For
        a tag on a handful of stories that walk is the whole edition (257 ms
        on SQLite at 100,000 stories): its few rows, sorted, cost nothing.
        """
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), tag=tag
        )
        if few:
            return self.filter(pk__in=items.values("object_id"))
        return self.filter(models.Exists(items.filter(object_id=models.OuterRef("pk"))))

    def by_author(self, author, *, few: bool = False):
        """Stories in ``author``'s byline, as a semi-join (see ``tagged``)."""
        bylines = self.model.authors.through.objects.filter(author=author)
        if few:
            return self.filter(pk__in=bylines.values("article_id"))
        return self.filter(models.Exists(bylines.filter(article=models.OuterRef("pk"))))

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
        ``listings.story_credits`` adds its linked authors and its tags."""
        return self.select_related("category", "lead_image", "social_image").fetch_mode(
            self.reader_fetch_mode
        )
