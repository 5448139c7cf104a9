"""RSS 2.0 and Atom feeds: the whole site, and per section, tag and author.

Every item carries its lead image as a Media RSS ``<media:content>`` element
(an RSS ``<enclosure>`` would need the file's byte size, a storage call per item).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

from articles.models import Article
from articles.models.categories import category_tree
from articles.models.listings import (
    BEFORE_ANY_STORY,
    authors_by_slug,
    listed_newest,
    newest_or_own,
    tags_by_slug,
)
from articles.models.publication import newest_filed_under
from magazine.links import absolute_url

FEED_SIZE = 20
MEDIA_NS = "http://search.yahoo.com/mrss/"


class MediaMixin:
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if image := item.get("image"):
            handler.addQuickElement(
                "media:content",
                attrs={
                    "url": image["url"],
                    "medium": "image",
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )


class MediaRssFeed(MediaMixin, Rss201rev2Feed):
    pass


class MediaAtomFeed(MediaMixin, Atom1Feed):
    pass


class LatestStories(Feed):
    """Newest published stories first; subclasses narrow them down."""

    feed_type = MediaRssFeed
    description_template = None

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return obj.get_absolute_url() if obj is not None else "/"

    def description(self, obj=None):
        return gettext("The latest stories from %(site)s.") % {
            "site": settings.SITE_NAME
        }

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        """The active language's edition only: ``/es/feed/`` lists Spanish stories."""
        return self.stories(obj).in_language().for_listing()[:FEED_SIZE]

    def item_title(self, item):
        # In the title, the one field every feed reader shows: few show categories.
        if item.is_sponsored:
            return gettext("Sponsored: %(headline)s") % {"headline": item.headline}
        return item.headline

    def item_description(self, item):
        return item.excerpt

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.revised_at or item.publish_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]

    def item_extra_kwargs(self, item):
        image = item.lead_image
        if image is None:
            return {}
        return {
            "image": {
                "url": absolute_url(image.file.url),
                "width": image.width,
                "height": image.height,
            }
        }


class CategoryStories(LatestStories):
    def get_object(self, request, path):
        """The section at its address in the active language (the tree knows both)."""
        if (category := category_tree().get(path)) is None:
            raise Http404("No such section.")
        return category

    def title(self, obj=None):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj=None):
        return obj.description or gettext("The latest %(name)s stories.") % {
            "name": obj.name
        }

    def stories(self, obj):
        return Article.objects.published().in_section(obj)

    def items(self, obj=None):
        """As the section's page finds them: each sub-section's newest by its
        own index, so the feed costs the same whatever the archive's size."""
        live = Article.objects.published().in_language()
        section_ids = category_tree().section_ids(obj)
        newest = newest_filed_under(live, section_ids, FEED_SIZE)
        return newest.for_listing()[:FEED_SIZE]


def newest_of_listed(obj, stories_of) -> list[Article]:
    """A tag's or author's newest stories (``stories_of`` is ``tagged`` or
    ``by_author``), found as its page finds them (``listings.newest_or_own``)."""
    now, since = timezone.now(), obj.walked_since or BEFORE_ANY_STORY

    def rows_of(own: bool) -> list[Article]:
        stories = stories_of(obj, few=own).published(now).in_language()
        listed = listed_newest(stories.for_listing(), own, since)
        return list(listed[:FEED_SIZE])

    return newest_or_own(rows_of, FEED_SIZE, few=obj.crowded is None)


class TagStories(LatestStories):
    def get_object(self, request, slug):
        return get_object_or_404(tags_by_slug(slug))

    def link(self, obj=None):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def title(self, obj=None):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj=None):
        return gettext("Stories tagged %(name)s.") % {"name": obj.name}

    def items(self, obj=None):
        return newest_of_listed(obj, Article.objects.tagged)


class AuthorStories(LatestStories):
    def get_object(self, request, slug):
        return get_object_or_404(authors_by_slug(slug))

    def title(self, obj=None):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj=None):
        return gettext("Stories by %(name)s.") % {"name": obj.name}

    def items(self, obj=None):
        return newest_of_listed(obj, Article.objects.by_author)


def atom(feed_class: type[LatestStories]) -> type[LatestStories]:
    """The same feed in Atom: subtitle instead of description."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": MediaAtomFeed, "subtitle": feed_class.description},
    )
