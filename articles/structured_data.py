"""JSON-LD for search engines: ``NewsArticle`` and ``BreadcrumbList``."""

from django.conf import settings
from django.templatetags.static import static


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def breadcrumb_list(request, crumbs: list[tuple[str, str]]) -> dict:
    """``crumbs``: (name, URL) from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": _absolute(request, url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def news_article(request, article) -> dict:
    image = article.social_image or article.lead_image
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.meta_description or article.excerpt,
        "mainEntityOfPage": _absolute(request, article.get_absolute_url()),
        "datePublished": article.publish_at.isoformat(),
        "dateModified": (article.revised_at or article.publish_at).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": _absolute(request, author.get_absolute_url()),
            }
            for author in article.ordered_authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": _absolute(request, "/"),
            "logo": {
                "@type": "ImageObject",
                "url": _absolute(request, static("img/icon.svg")),
            },
        },
        "articleSection": article.category.name,
    }
    if image is not None:
        data["image"] = [_absolute(request, image.file.url)]
    if article.is_sponsored:
        data["sponsor"] = {"@type": "Organization", "name": article.sponsor_name}
    return data
