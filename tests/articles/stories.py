"""The sections and the story the reader-page tests share."""

from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory


def news_sections():
    """News, in the navigation, and its sub-section Headlines."""
    news = CategoryFactory(name="News", slug="news", in_navigation=True)
    return news, CategoryFactory(name="Headlines", slug="headlines", parent=news)


def seawall_story(headlines) -> Article:
    """A live story with every piece of furniture: picture, bylines, tags."""
    article = ArticleFactory(
        category=headlines,
        slug="seawall",
        headline="Miami Beach approves a seawall",
        standfirst="The city votes for higher walls.",
        lead_image=ImageFactory(caption="The bay at dusk", credit="Ana Ruiz"),
        authors=[
            AuthorFactory(name="Elena Marquez", slug="elena"),
            AuthorFactory(name="Sam Ortiz", slug="sam"),
        ],
        dateline="MIAMI BEACH, Fla.",
        contributors="Jill Lawless contributed to this report.",
        revised_at=timezone.now(),
    )
    article.tags.add("Climate", "Miami Beach")
    return article
