"""The card tag writes the very bytes the card template it replaced wrote
(issue 18: one Python call per card instead of a nested template render)."""

import itertools
from datetime import timedelta

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.models.listings import (
    CARD_ARTICLE_FIELDS,
    CARD_COLUMNS,
    CARD_IMAGE_FIELDS,
    cards_from_rows,
)
from articles.templatetags.cards import article_card
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db

# templates/components/article_card.html as it was, included once per card.
CARD_TEMPLATE = """{% load i18n comments dates images %}
<article class="card{% if large %} card--large{% endif %}">
  {% if article.lead_image %}<a class="card__image" href="{{ article.get_absolute_url }}" tabindex="-1" aria-hidden="true">{% if large %}{% image article.lead_image sizes="(min-width: 48rem) 60vw, 100vw" loading=loading|default:"lazy" ratio="3:2" %}{% else %}{% image article.lead_image sizes="(min-width: 60rem) 25vw, (min-width: 40rem) 50vw, 100vw" loading=loading|default:"lazy" ratio="3:2" %}{% endif %}</a>{% endif %}
  <div class="card__text">
    <p class="card__meta"><a class="label" href="{{ article.category.get_absolute_url }}">{{ article.category.name }}</a>{% if article.is_sponsored %} <span class="sponsored">{% translate "Sponsored" %}</span>{% endif %}</p>
    {% if large or top_level %}<h2 class="card__headline">{% else %}<h3 class="card__headline">{% endif %}<a href="{{ article.get_absolute_url }}">{{ article.headline }}</a>{% if large or top_level %}</h2>{% else %}</h3>{% endif %}
    {% if snippet %}<p class="card__excerpt">{{ snippet }}</p>{% elif show_excerpt %}<p class="card__excerpt">{{ article.excerpt|truncatewords:30 }}</p>{% endif %}
    <p class="card__byline">{% if article.byline %}{{ article.byline }} · {% endif %}{% time_tag article.publish_at "M j, Y" %}{% comment_count article as count %}{% if count %} · <a href="{{ article.get_absolute_url }}#comments">{% blocktranslate count counter=count %}{{ counter }} comment{% plural %}{{ counter }} comments{% endblocktranslate %}</a>{% endif %}</p>
  </div>
</article>
"""

OPTIONS = [
    {},
    {"large": True, "show_excerpt": True, "loading": "eager"},
    {"show_excerpt": True},
    {"show_excerpt": True, "top_level": True},
    {"snippet": mark_safe("the <mark>bay</mark> &amp; more"), "top_level": True},
    {"snippet": "a <plain> snippet & more"},
]


def stories():
    long_excerpt = " ".join(f"word{n}" for n in range(45)) + " <b>&</b>"
    plain = ArticleFactory(byline="", standfirst="Short & sweet <em>")
    pictured = ArticleFactory(
        lead_image=ImageFactory(),
        headline="Boats & <b>bays</b>",
        byline="Ana Díaz & Bo Lee",
        standfirst=long_excerpt,
        is_sponsored=True,
    )
    pictured.comment_count = 1
    counted = ArticleFactory(byline="Someone")
    counted.comment_count = 12
    return [plain, pictured, counted]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_card_tag_writes_what_the_card_template_wrote(language):
    old = engines["django"].from_string(CARD_TEMPLATE)
    written = []
    for article, options in itertools.product(stories(), OPTIONS):
        with translation.override(language):
            expected = old.render({"article": article, **options})
            written.append(article_card(article, **options))
            assert written[-1] == expected, (article, options)
    every_card = "".join(written)
    # Every branch of the template was taken at least once.
    for part in ("card__image", "card--large", "<h2", "<h3", "sponsored", "#comments"):
        assert part in every_card
    assert "Boats &amp; &lt;b&gt;bays&lt;/b&gt;" in every_card
    assert "<mark>bay</mark>" in every_card
    assert "&lt;plain&gt;" in every_card


def test_templates_call_the_tag_with_filtered_arguments():
    article = ArticleFactory(lead_image=ImageFactory(), standfirst="Long " * 40)
    written = engines["django"].from_string(
        '{% load cards %}{% article_card story large=True show_excerpt=True loading="eager" %}'
    )
    old = engines["django"].from_string(CARD_TEMPLATE)
    assert written.render({"story": article}) == old.render(
        {"article": article, "large": True, "show_excerpt": True, "loading": "eager"}
    )


def fresh_card(article, **options) -> str:
    return (
        engines["django"]
        .from_string(CARD_TEMPLATE)
        .render({"article": article, **options})
    )


def test_a_kept_card_is_written_once_and_given_again_while_nothing_it_shows_changes():
    (article,) = Article.objects.filter(pk=ArticleFactory(lead_image=ImageFactory()).pk)
    first = article_card(article, show_excerpt=True)
    again = Article.objects.get(pk=article.pk)
    assert article_card(again, show_excerpt=True) is first
    # Other options, another language: other cards.
    assert article_card(again, large=True) is not first
    with translation.override("es"):
        assert article_card(again, show_excerpt=True) is not first


def renditions(img, suffix: str) -> dict:
    """``Image.sources`` as the rendition task writes them, named ``suffix``."""
    files = {
        image_format: [[f"renditions/{n}{suffix}.{image_format}", n, n * 2 // 3]]
        for image_format, n in (("jpeg", 480), ("webp", 480), ("avif", 480))
    }
    return {
        "source": img.rendition_source,
        "shapes": {"3:2": [[name, rows] for name, rows in files.items()]},
    }


CHANGES = {
    "headline": lambda story: setattr(story, "headline", "A new & better headline"),
    "standfirst": lambda story: setattr(story, "standfirst", "Another standfirst"),
    "byline": lambda story: setattr(story, "byline", "Ana Díaz"),
    "comment count": lambda story: setattr(story, "comment_count", 7),
    "publish time": lambda story: setattr(
        story, "publish_at", story.publish_at - timedelta(days=40)
    ),
    "sponsorship": lambda story: setattr(story, "is_sponsored", True),
    "slug": lambda story: setattr(story, "slug", "a-new-address"),
    "section": lambda story: setattr(story, "category", CategoryFactory(name="Boats")),
    "section's name": lambda story: setattr(story.category, "name", "Renamed"),
    "alt text": lambda story: setattr(story.lead_image, "alt_text", "A new alt text"),
    "Spanish alt text": lambda story: setattr(
        story.lead_image, "alt_text_es", "Otro texto"
    ),
    "focal point": lambda story: setattr(story.lead_image, "focal_x", 0.2),
    "renditions": lambda story: setattr(
        story.lead_image, "sources", renditions(story.lead_image, "b")
    ),
    "picture": lambda story: setattr(story, "lead_image", ImageFactory()),
    "no picture": lambda story: setattr(story, "lead_image", None),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_anything_a_card_shows_writes_it_anew(change, language):
    article = ArticleFactory(lead_image=ImageFactory(), standfirst="First words")
    article.lead_image.sources = renditions(article.lead_image, "a")
    with translation.override(language):
        for options in ({}, {"show_excerpt": True}):
            article_card(article, **options)
        CHANGES[change](article)
        for options in ({}, {"show_excerpt": True}):
            assert article_card(article, **options) == fresh_card(article, **options)


def test_cards_from_rows_are_the_instances_from_db_would_make():
    """``loaded()`` skips ``Model.__init__``: what it makes must not differ."""
    with_picture = ArticleFactory(lead_image=ImageFactory(), byline="Ana")
    without = ArticleFactory(byline="")
    rows = list(
        Article.objects.filter(pk__in=[with_picture.pk, without.pk])
        .order_by("pk")
        .values_list(*CARD_COLUMNS)
    )

    cards = cards_from_rows(rows)

    for card, row in zip(cards, rows, strict=True):
        made = Article.from_db(
            "default", CARD_ARTICLE_FIELDS, row[: len(CARD_ARTICLE_FIELDS)]
        )
        assert card._state.adding is False
        assert card._state.db == "default"
        assert card.get_deferred_fields() == made.get_deferred_fields()
        for name in CARD_ARTICLE_FIELDS:
            assert getattr(card, name) == getattr(made, name), name
        assert card.category.pk == card.category_id
    picture = cards[0].lead_image
    stored = with_picture.lead_image
    assert picture.pk == stored.pk
    assert picture.file == stored.file
    assert picture.sources == stored.sources
    assert picture.get_deferred_fields() == {
        f.attname for f in picture._meta.concrete_fields
    } - set(CARD_IMAGE_FIELDS)
    assert picture._rendered_source == stored.rendition_source
    assert cards[1].lead_image is None
