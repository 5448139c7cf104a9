"""Every kind of page a reader can reach, built on the demo magazine, for the checkers
that read them all: the HTML validator and the accessibility tests."""

import io
from dataclasses import dataclass, field

from django.core.management import call_command
from django.urls import translate_url
from django.utils import translation

from articles.models import Article, Category, Comment
from magazine.site.models import Page
from newsletter.signing import confirmation_token, my_data_token, unsubscribe_token
from tests.factories import ArticleFactory, ImageFactory
from tests.helpers import aged_stamp
from tests.newsletter.factories import SubscriberFactory

DEMO_ARTICLES = 56  # the 40 written out (16 of them in Spanish) and 16 more
DISCUSSED = "miami-beach-approves-seawall-plan"  # the demo story with a comment thread
WIRE = "uk-heat-record-london"
SPONSORED = "for-sale-2016-sea-ray-350-sundancer"


@dataclass(frozen=True)
class Visit:
    """One page as a reader reaches it: a link followed, or a form sent.

    A POST follows its redirect, as a browser does (a posted comment lands on its
    story with the pending-moderation note). ``shows`` is a piece of the page that
    proves the visit reached the state it is named after."""

    name: str
    path: str
    method: str = "GET"
    data: dict[str, str] = field(default_factory=dict)
    status: int = 200
    shows: str = "</main>"


def build_reader_site() -> list[Visit]:
    """Loads a small demo magazine, adds what it lacks (a body picture, a link card,
    a second page of stories, newsletter readers) and lists a visit per page type."""
    call_command("load_demo", articles=DEMO_ARTICLES, stdout=io.StringIO())
    story = Article.objects.get(slug=DISCUSSED)
    picture = ImageFactory(caption="Pumps at work on Alton Road", credit="Ana Ruiz")
    story.body += (
        f'<figure class="figure"><img src="{picture.file.url}" alt="{picture.alt_text}">'
        "<figcaption>The pumps on Alton Road.</figcaption></figure>"
        '<p><a href="https://www.youtube.com/watch?v=abc123">The council vote</a></p>'
    )
    story.save()
    headlines = Category.objects.get(path="news/headlines")
    ArticleFactory.create_batch(21, category=headlines)
    # The Spanish edition lists its own stories: the demo's, among them its
    # translation of the discussed story, a second page of them and a sponsored
    # listing.
    ArticleFactory.create_batch(21, category=headlines, language="es")
    tag = story.tags.first()
    author = story.authors.first()
    anuncio = ArticleFactory(
        category=Category.objects.get(slug="boats"),
        slug="se-vende-sea-ray-350",
        headline="Se vende: Sea Ray 350 Sundancer de 2016",
        language="es",
        is_sponsored=True,
        sponsor_name="Biscayne Yacht Brokers",
        authors=[],
    )
    reply_to = Comment.objects.filter(article=story, parent=None).first()
    subscriber = SubscriberFactory()
    newcomer = SubscriberFactory(status="pending", confirmed_at=None)
    comment = {
        "name": "Rosa Delgado",
        "email": "first.comment@example.com",
        "website": "",
        "body": "Our street in Sunset Harbour floods every October.",
        "consent": "on",
        "issued": aged_stamp(),
    }
    signup = {
        "email": "new.reader@example.com",
        "consent": "on",
        "next": "/",
        "issued": aged_stamp(),
    }
    wire = Article.objects.get(slug=WIRE).get_absolute_url()
    sponsored = Article.objects.select_related("category").get(slug=SPONSORED)
    post_to = f"/comments/{story.pk}/"
    confirm = f"/newsletter/confirm/{confirmation_token(newcomer)}/"
    unsubscribe = f"/newsletter/unsubscribe/{unsubscribe_token(subscriber.pk)}/"
    my_data = f"/newsletter/my-data/{my_data_token(subscriber.pk)}/"
    visits = [
        Visit("home", "/"),
        Visit("section", "/news/", shows="News sections"),
        Visit("section-page-2", "/news/?page=2", shows="Page 2"),
        Visit("subsection", headlines.get_absolute_url()),
        Visit("article", story.get_absolute_url(), shows="link-card"),
        Visit("wire-article", wire, shows="Originally published by"),
        Visit("sponsored", sponsored.get_absolute_url(), shows="Sponsored by"),
        Visit(
            "sponsored-section",
            sponsored.category.get_absolute_url(),
            shows='<span class="sponsored">Sponsored</span>',
        ),
        Visit("tag", f"/tag/{tag.slug}/"),
        Visit("author", author.get_absolute_url()),
        Visit("search", "/search/?q=miami"),
        Visit("search-nothing", "/search/?q=zanzibar", shows="No stories match"),
        Visit("search-junk", "/search/?q=%22%27%29%28%2A%26%5E"),
        Visit("search-empty", "/search/"),
        Visit("about", "/about/"),
        Visit("legal", "/legal/"),
        Visit("reply", reply_to.get_reply_url(), shows="Reply to"),
        Visit(
            "comment-errors",
            post_to,
            "POST",
            {**comment, "email": "x"},
            400,
            "valid e-mail",
        ),
        Visit(
            "comment-pending", post_to, "POST", comment, shows="waiting for moderation"
        ),
        Visit("signup", "/newsletter/"),
        Visit(
            "signup-errors",
            "/newsletter/",
            "POST",
            {**signup, "email": "x"},
            400,
            "valid e-mail",
        ),
        Visit("signup-sent", "/newsletter/", "POST", signup, shows="Check your inbox"),
        Visit("confirm", confirm),
        Visit("confirmed", confirm, "POST", shows="You are subscribed"),
        Visit("confirm-expired", "/newsletter/confirm/expired/", status=400),
        Visit("unsubscribe", unsubscribe),
        Visit("my-data", my_data),
        Visit(
            "language-errors",
            my_data,
            "POST",
            {"language": "fr"},
            400,
            "Select a valid choice",
        ),
        # The confirmation is said in the language chosen, on its Spanish address.
        Visit("language-saved", my_data, "POST", {"language": "es"}, shows="Guardado"),
        Visit("unsubscribed", unsubscribe, "POST", shows="You are unsubscribed"),
        Visit("not-found", "/no-such-page/", status=404),
    ]
    # Sections and pages have Spanish addresses of their own (/es/noticias/,
    # /es/acerca/); a story's twin is its translation, at its own address.
    with translation.override("es"):
        news = headlines.parent.get_absolute_url()
        own_addresses = {
            "section": news,
            "section-page-2": f"{news}?page=2",
            "article": story.translations.get(language="es").get_absolute_url(),
            "sponsored": anuncio.get_absolute_url(),
            "about": Page.objects.get(slug_en="about").get_absolute_url(),
        }
    return visits + spanish_twins(visits, own_addresses)


# The page types whose Spanish twin the checkers read too (a GET, no state to reach).
SPANISH_TWINS = (
    "home",
    "section",
    "section-page-2",
    "article",
    "sponsored",
    "tag",
    "author",
    "search",
    "search-empty",
    "about",
    "signup",
    "my-data",
    "not-found",
)


def spanish_twins(visits: list[Visit], own_addresses: dict[str, str]) -> list[Visit]:
    """The same pages at their Spanish addresses (``/es/...``); a story's twin
    is its translation, at its own address (``own_addresses``)."""
    return [
        Visit(
            f"es-{visit.name}",
            own_addresses.get(visit.name)
            or (
                "/es/no-such-page/"
                if visit.status == 404
                else translate_url(visit.path, "es")
            ),
            status=visit.status,
        )
        for visit in visits
        if visit.name in SPANISH_TWINS
    ]
