from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models.articles import Article


class SearchDocument(models.Model):
    """A story's words as PostgreSQL's full-text search reads them.

    PostgreSQL writes this row itself, by a trigger on every insert or update
    of a story (migration 0006), so saves, bulk loads, restored revisions and
    raw updates all keep it in step. It lives beside the story, not in it, so
    that no page listing stories reads it. On SQLite it stays empty: search
    there falls back to matching headline and standfirst.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    # GIN-indexed on PostgreSQL by the same migration (SQLite has no GIN).
    document = SearchVectorField()
    # The story's publish time while it is published, else NULL (migrations
    # 0009, 0012): the newest matches of a rare word are found among the
    # matches alone, without reading each story.
    publish_at = models.DateTimeField(null=True)
    # The story's edition (migration 0027): the newest matches are picked
    # among one edition's stories, not both, before they are ranked.
    language = models.CharField(
        max_length=5, choices=settings.LANGUAGES, default="en", db_default="en"
    )

    class Meta:
        indexes = [
            # Combined with the text index, it narrows a search to one edition's
            # newest stories first (articles.search.recent_matches).
            models.Index(
                fields=["language", "publish_at"],
                name="search_document_edition_time",
            )
        ]

    def __str__(self):
        return f"Search words of {self.article_id}"
