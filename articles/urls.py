from django.urls import path

from articles import feeds
from articles.views import pages
from magazine.cache import cached_for_readers

rss, atom = feeds.LatestStories, feeds.atom
urlpatterns = [
    path("author/<slug:slug>/", pages.author_detail, name="author"),
    path("tag/<slug:slug>/", pages.tag_detail, name="tag"),
    path("search/", pages.search_page, name="search"),
    # Feeds: RSS at feed/, Atom at feed/atom/, for the site and per section, tag, author.
    path("feed/", cached_for_readers(rss()), name="feed"),
    path("feed/atom/", cached_for_readers(atom(rss)()), name="feed_atom"),
    path(
        "feed/tag/<slug:slug>/",
        cached_for_readers(feeds.TagStories()),
        name="tag_feed",
    ),
    path(
        "feed/tag/<slug:slug>/atom/",
        cached_for_readers(atom(feeds.TagStories)()),
        name="tag_feed_atom",
    ),
    path(
        "feed/author/<slug:slug>/",
        cached_for_readers(feeds.AuthorStories()),
        name="author_feed",
    ),
    path(
        "feed/author/<slug:slug>/atom/",
        cached_for_readers(atom(feeds.AuthorStories)()),
        name="author_feed_atom",
    ),
    path(
        "feed/<path:path>/atom/",
        cached_for_readers(atom(feeds.CategoryStories)()),
        name="category_feed_atom",
    ),
    path(
        "feed/<path:path>/",
        cached_for_readers(feeds.CategoryStories()),
        name="category_feed",
    ),
]
