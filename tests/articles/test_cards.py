"""The card tag writes the very bytes the card template it replaced wrote
(issue 18: one Python call per card instead of a nested template render)."""

import itertools

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from articles.templatetags.cards import article_card
from tests.factories import ArticleFactory, ImageFactory

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
