"""Search and social help on the article form: what a search result and a shared
link's card will show, the lengths search engines cut at, and what is missing or
already used by another story. Drawn here for the page as it opens;
``articles/seo-preview.js`` keeps it live as the editor types and asks
:func:`title_check` for other stories with the same title."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.images.markup import uncropped_url
from articles.models import Article
from articles.models.articles import DESCRIPTION_LENGTHS, SEO_TITLE_MAX

DUPLICATES_SHOWN = 3

MESSAGES = {
    "titleTooLong": _(
        "The search title is %(length)s characters long; search engines cut it "
        "after about %(limit)s."
    ),
    "noDescription": _(
        "No description: search engines and shares will pick text from the story. "
        "Write a standfirst or a meta description."
    ),
    "descriptionTooLong": _(
        "The description is %(length)s characters long; search engines cut it "
        "after about %(limit)s."
    ),
    "descriptionTooShort": _(
        "The description is short (%(length)s characters): %(low)s to %(high)s read "
        "best."
    ),
    "noPicture": _("No picture: a shared link will show none. Choose a lead image."),
    "duplicate": _("Another story already has this title:"),
    "counter": _("%(length)s of %(limit)s characters"),
}


def duplicate_titles(title: str, *, exclude_pk=None, among=None) -> list[Article]:
    """Other stories whose headline or search title reads the same, among those
    ``among`` (every story when None)."""
    title = title.strip()
    if not title:
        return []
    stories = (
        (Article.objects.all() if among is None else among)
        .filter(Q(headline__iexact=title) | Q(seo_title__iexact=title))
        .only("pk", "headline")
    )
    if exclude_pk is not None:
        stories = stories.exclude(pk=exclude_pk)
    return list(stories[:DUPLICATES_SHOWN])


def warnings_for(article: Article) -> list[str]:
    """The same rules as seo-preview.js, for the page as it opens."""
    found = []
    title = article.search_title
    if len(title) > SEO_TITLE_MAX:
        found.append(
            MESSAGES["titleTooLong"] % {"length": len(title), "limit": SEO_TITLE_MAX}
        )
    description = article.meta_description or article.standfirst
    low, high = DESCRIPTION_LENGTHS
    if not description:
        found.append(str(MESSAGES["noDescription"]))
    elif len(description) > high:
        found.append(
            MESSAGES["descriptionTooLong"] % {"length": len(description), "limit": high}
        )
    elif len(description) < low:
        found.append(
            MESSAGES["descriptionTooShort"]
            % {"length": len(description), "low": low, "high": high}
        )
    if not (article.social_image_id or article.lead_image_id):
        found.append(str(MESSAGES["noPicture"]))
    return found


def preview(article: Article) -> str:
    """The search result and the social card, filled for the page as it opens."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    title = article.search_title
    description = article.meta_description or article.standfirst
    image = (article.social_image or article.lead_image) if article.pk else None
    path = article.get_absolute_url() if article.pk and article.category_id else "/"
    # Other stories with the same title are asked for by the page itself, among
    # those its reader may know of (ArticleAdmin.title_check_view).
    warnings = [format_html("<li>{}</li>", text) for text in warnings_for(article)]
    return format_html(
        '<div class="seo-preview" data-seo-preview data-site-name="{site_name}"'
        ' data-duplicates-url="{duplicates_url}" data-story="{story}"'
        ' data-title-limit="{title_limit}" data-description-low="{low}"'
        ' data-description-high="{high}" data-messages="{messages}">'
        '<section class="seo-preview__search" aria-label="{search_label}">'
        '<p class="seo-preview__url">{url}</p>'
        '<p class="seo-preview__title" data-preview-title>{title} — {site_name}</p>'
        '<p class="seo-preview__description" data-preview-description>{description}</p>'
        "</section>"
        '<section class="seo-preview__card" aria-label="{card_label}">'
        "{picture}"
        '<p class="seo-preview__host">{host}</p>'
        '<p class="seo-preview__card-title" data-preview-card-title>{title}</p>'
        '<p class="seo-preview__card-description" data-preview-description>'
        "{description}</p>"
        "</section>"
        '<ul class="seo-preview__warnings" data-preview-warnings aria-live="polite">'
        "{warnings}</ul></div>",
        site_name=settings.SITE_NAME,
        duplicates_url=reverse("admin:articles_article_title_check"),
        story=article.pk or "",
        title_limit=SEO_TITLE_MAX,
        low=DESCRIPTION_LENGTHS[0],
        high=DESCRIPTION_LENGTHS[1],
        messages=_json(MESSAGES),
        search_label=_("Search result preview"),
        url=host + path,
        title=title,
        description=description,
        card_label=_("Social card preview"),
        picture=(
            format_html(
                '<img class="seo-preview__picture" src="{}" alt="" data-preview-picture>',
                uncropped_url(image, at_least=600),
            )
            if image is not None
            else format_html(
                '<span class="seo-preview__picture seo-preview__picture--none"'
                " data-preview-picture>{}</span>",
                _("No picture"),
            )
        ),
        host=host.upper(),
        warnings=format_html_join("", "{}", ((item,) for item in warnings)),
    )


def _json(messages: dict) -> str:
    return json.dumps({name: str(text) for name, text in messages.items()})


def title_check(request, *, among):
    """Other stories with this title, as the editor types (GET ``title``, ``story``);
    ``among``: the stories this member may know of."""
    story = request.GET.get("story", "")
    duplicates = duplicate_titles(
        request.GET.get("title", "")[:300],
        exclude_pk=int(story) if story.isdigit() else None,
        among=among,
    )
    return JsonResponse(
        {
            "duplicates": [
                {
                    "headline": found.headline,
                    "url": reverse("admin:articles_article_change", args=[found.pk]),
                }
                for found in duplicates
            ]
        }
    )
