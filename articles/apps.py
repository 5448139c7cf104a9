from django.apps import AppConfig

from magazine import cache as page_cache


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from articles import signals  # noqa: F401 - connects the derived-data receivers
        from articles.models import (
            Article,
            ArticleAuthor,
            Author,
            Category,
            Comment,
            Image,
            RelatedArticle,
        )
        from articles.models.comments import pages_showing

        page_cache.shown_on_pages(
            Article,
            ArticleAuthor,
            Author,
            Category,
            Image,
            RelatedArticle,
            Tag,
            TaggedItem,
        )
        # A comment changes only the pages that showed its thread or its count.
        page_cache.shown_on_pages(Comment, changes=pages_showing)
        page_cache.changes_by_the_clock(Article.objects.next_change_at)
