"""A story's card, built in Python.

A card was ``{% include "components/article_card.html" %}``: one nested
template render per card, some 35 on the home page, which made template
rendering the larger part of a cold page (issue 18: under cProfile, the
includes took 20 ms of the home page's 39 ms). This tag writes the very same
bytes (tests/articles/test_cards.py compares it with the template it
replaced) with ``format_html`` and the tags the template called.
"""

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from articles.templatetags.comments import comment_count
from articles.templatetags.images import image
from magazine.templatetags.dates import time_tag

register = template.Library()

LARGE_SIZES = "(min-width: 48rem) 60vw, 100vw"
SIZES = "(min-width: 60rem) 25vw, (min-width: 40rem) 50vw, 100vw"
EXCERPT_WORDS = 30


@register.simple_tag
def article_card(
    article,
    *,
    large: bool = False,
    top_level: bool = False,
    show_excerpt: bool = False,
    snippet: str = "",
    loading: str = "",
) -> SafeString:
    """``large``: the home page's lead; ``top_level``: the card's headline
    is an ``h2`` (a list of its own), else an ``h3`` under a section's
    heading; ``snippet`` (search) is shown instead of the excerpt, which
    ``show_excerpt`` shows cut to 30 words; ``loading`` defaults to lazy."""
    url = article.get_absolute_url()
    picture = ""
    if article.lead_image:
        picture = format_html(
            '<a class="card__image" href="{}" tabindex="-1" aria-hidden="true">{}</a>',
            url,
            image(
                article.lead_image,
                sizes=LARGE_SIZES if large else SIZES,
                loading=loading or "lazy",
                ratio="3:2",
            ),
        )
    sponsored = ""
    if article.is_sponsored:
        sponsored = format_html(
            ' <span class="sponsored">{}</span>', gettext("Sponsored")
        )
    level = "h2" if large or top_level else "h3"
    excerpt = ""
    if snippet:
        excerpt = format_html('<p class="card__excerpt">{}</p>', snippet)
    elif show_excerpt:
        excerpt = format_html(
            '<p class="card__excerpt">{}</p>',
            truncatewords(article.excerpt, EXCERPT_WORDS),
        )
    byline = format_html("{} · ", article.byline) if article.byline else ""
    comments = ""
    if count := comment_count(article):
        # {% blocktranslate %} left the translation unescaped; escaping it
        # changes no catalogue's words and trusts none.
        counted = ngettext("%(counter)s comment", "%(counter)s comments", count) % {
            "counter": count
        }
        comments = format_html(' · <a href="{}#comments">{}</a>', url, counted)
    return format_html(
        '\n<article class="card{}">\n'
        "  {}\n"
        '  <div class="card__text">\n'
        '    <p class="card__meta"><a class="label" href="{}">{}</a>{}</p>\n'
        '    <{} class="card__headline"><a href="{}">{}</a></{}>\n'
        "    {}\n"
        '    <p class="card__byline">{}{}{}</p>\n'
        "  </div>\n"
        "</article>\n",
        " card--large" if large else "",
        picture,
        article.category.get_absolute_url(),
        article.category.name,
        sponsored,
        level,
        url,
        article.headline,
        level,
        excerpt,
        byline,
        time_tag(article.publish_at, "M j, Y"),
        comments,
    )
