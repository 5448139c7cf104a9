"""A story's card, built in Python.

A card was ``{% include "components/article_card.html" %}``: one nested
template render per card, some 35 on the home page, which made template
rendering the larger part of a cold page (issue 18: under cProfile, the
includes took 20 ms of the home page's 39 ms). This tag writes the very same
bytes (tests/articles/test_cards.py compares it with the template it
replaced) with ``format_html`` and the tags the template called.

The same story's card is the same bytes on every page that shows it until
something it shows changes, so each process keeps the cards it wrote, keyed by
everything they show (see :func:`_card_inputs`): after an edit empties the
page cache, the pages drawn again write only the edited story's card anew.
"""

from operator import attrgetter

from django import template
from django.conf import settings
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from articles.templatetags.comments import comment_count
from articles.templatetags.images import image
from magazine.memos import process_memo
from magazine.templatetags.dates import time_tag

register = template.Library()

LARGE_SIZES = "(min-width: 48rem) 60vw, 100vw"
SIZES = "(min-width: 60rem) 25vw, (min-width: 40rem) 50vw, 100vw"
EXCERPT_WORDS = 30
PICTURE_RATIO = "3:2"

# A section's name and address in every language, read as plain attributes: its
# translated ``name`` and ``path`` resolve the language at each read (two thirds
# of a kept card's cost).
_section_shown = attrgetter(
    *(f"{name}_{code}" for name in ("name", "path") for code, _ in settings.LANGUAGES)
)
_cards: dict[tuple, SafeString] = {}
process_memo(_cards.clear)
# A home page shows some 35 cards, a section page 20; a card is 1-2 kB.
CARDS_KEPT = 4096


def _card_inputs(article, count: int, show_excerpt: bool) -> tuple:
    """Everything a card shows, as values: two cards with equal inputs (and
    options, in the active language) are the same bytes. Its section comes
    from the category tree of the moment, its picture from the image row."""
    category = article.category
    picture = None
    if (img := article.lead_image) is not None:
        formats = img.picture_sources(PICTURE_RATIO)
        picture = (
            img.pk,
            img.width,
            img.height,
            img.alt_text,
            img.alt_text_es,
            img.rendition_source,
            settings.MEDIA_URL,
            formats and tuple(name for _, files in formats for name, *_ in files),
        )
    return (
        article.pk,
        article.language,
        article.slug,
        article.headline,
        (article.standfirst or article.body) if show_excerpt else None,
        article.byline,
        article.is_sponsored,
        article.publish_at,
        count,
        category.pk,
        _section_shown(category),
        picture,
    )


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
    ``show_excerpt`` shows cut to 30 words; ``loading`` defaults to lazy.

    Search's cards (a ``snippet`` each) are written every time; other cards
    are kept (see the module's docstring)."""
    count = comment_count(article)
    if snippet:
        return _written_card(
            article, count, large, top_level, show_excerpt, snippet, loading
        )
    key = (
        get_language(),
        large,
        top_level,
        show_excerpt,
        loading,
        *_card_inputs(article, count, show_excerpt),
    )
    if (card := _cards.get(key)) is not None:
        return card
    card = _written_card(article, count, large, top_level, show_excerpt, "", loading)
    if len(_cards) >= CARDS_KEPT:
        _cards.clear()
    _cards[key] = card
    return card


def _written_card(
    article, count, large, top_level, show_excerpt, snippet, loading
) -> SafeString:
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
                ratio=PICTURE_RATIO,
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
    if count:
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
