from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles import feeds
from articles.views import comments, pages, preview
from magazine.cache import cached_for_readers


def feed_paths(route: str, feed_class: type[feeds.LatestStories], name: str) -> list:
    """RSS at ``route``, Atom at ``route + "atom/"``."""
    return [
        path(
            f"{route}atom/",
            cached_for_readers(feeds.atom(feed_class)()),
            name=f"{name}_atom",
        ),
        path(route, cached_for_readers(feed_class()), name=name),
    ]


app_name = "articles"
urlpatterns = [
    path("preview/<int:pk>/", preview.article_preview, name="article_preview"),
    path(
        "preview/shared/<str:token>/",
        preview.shared_preview,
        name="shared_preview",
    ),
    path("author/<slug:slug>/", pages.author_detail, name="author"),
    path("tag/<slug:slug>/", pages.tag_detail, name="tag"),
    # The Spanish edition searches at /es/buscar/; /search/ stays as it was.
    path(_("search/"), pages.search_page, name="search"),
    path("comments/<int:article_id>/", comments.comment_form, name="comment_form"),
    path(
        "comments/<int:article_id>/reply-to/<int:parent_id>/",
        comments.comment_form,
        name="comment_reply",
    ),
    path(
        "comments/stop/<str:token>/", comments.stop_notifications, name="comment_stop"
    ),
    path(
        "comments/confirm/<str:token>/",
        comments.confirm_address,
        name="comment_confirm",
    ),
    *feed_paths("feed/", feeds.LatestStories, "feed"),
    *feed_paths("feed/tag/<slug:slug>/", feeds.TagStories, "tag_feed"),
    *feed_paths("feed/author/<slug:slug>/", feeds.AuthorStories, "author_feed"),
    *feed_paths("feed/<path:path>/", feeds.CategoryStories, "category_feed"),
]
