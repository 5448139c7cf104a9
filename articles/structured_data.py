"""JSON-LD for search engines: ``NewsArticle`` and ``BreadcrumbList``.

Every URL is on ``SITE_URL``, like the canonical link, the feeds and the
sitemaps, whatever host name the request came in on.
"""

from django.conf import settings
from django.templatetags.static import static

from magazine.links import absolute_url


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """``crumbs``: (name, URL) from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def credited_authors(article, authors) -> list[dict]:
    """Who wrote it, as search engines require for a NewsArticle: the byline's
    people; without a byline, the sponsor of a listing, the agency of a wire
    story, else the magazine's desk."""
    if authors:
        return [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(author.get_absolute_url()),
            }
            for author in authors
        ]
    if article.is_sponsored and article.sponsor_name:
        return [{"@type": "Organization", "name": article.sponsor_name}]
    if article.source_name:
        organization = {"@type": "Organization", "name": article.source_name}
        if article.source_url:
            organization["url"] = article.source_url
        return [organization]
    return [
        {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
        }
    ]


def news_article(article, authors) -> dict:
    """``authors``: the story's, in byline order."""
    image = article.social_image or article.lead_image
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "inLanguage": article.language,
        "description": article.meta_description or article.excerpt,
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "datePublished": article.publish_at.isoformat(),
        "dateModified": (article.revised_at or article.publish_at).isoformat(),
        "author": credited_authors(article, authors),
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute_url(static("img/icon.svg")),
            },
        },
        "articleSection": article.category.name,
    }
    if image is not None:
        data["image"] = [absolute_url(image.file.url)]
    if article.is_sponsored:
        data["sponsor"] = {"@type": "Organization", "name": article.sponsor_name}
    return data
