"""Stored rich text: allow-listed HTML only, and sponsored links marked as such."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

# Known XSS vectors (OWASP filter-evasion cheat sheet, PortSwigger's list, html5sec).
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">click</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="jav&#x09;ascript:alert(1)">link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p style="color:red">styled</p>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<body onload="alert(1)">',
    '<input autofocus onfocus="alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<details open ontoggle="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<base href="https://evil.example/">',
    '<a href="https://example.com" onmouseover="alert(1)">hover</a>',
    '<img src="x" onerror="&#97;lert(1)">',
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>",
    '<div id="x" tabindex="1" onfocus="alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
    '<a href=" javascript:alert(1)">x</a>',
]

FORBIDDEN = [
    "<script",
    "javascript:",
    "vbscript:",
    "data:",
    "style=",
    "<svg",
    "<iframe",
    "<object",
    "<embed",
    "<math",
    "<input",
    "<form",
    "<meta",
    "<link",
    "<base",
    "<style",
    "<video",
    "<body",
    "srcdoc",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_html_is_defused_when_the_story_is_saved(payload):
    story = ArticleFactory(body=f"<p>Before.</p>{payload}<p>After.</p>")
    story.refresh_from_db()
    body = story.body.lower()

    assert not any(marker in body for marker in FORBIDDEN), body
    assert all(f" {event}=" not in body for event in EVENT_ATTRIBUTES)
    assert "<p>Before.</p>" in story.body
    assert "<p>After.</p>" in story.body


EVENT_ATTRIBUTES = [
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "onstart",
]


def test_the_editors_vocabulary_survives():
    body = (
        "<h2>Heading</h2><p><strong>Bold</strong>, <em>italic</em>, <s>gone</s>, "
        '<a href="https://www.miamidade.gov/">a link</a>.</p>'
        "<ul><li><p>one</p></li></ul><ol><li><p>two</p></li></ol>"
        "<blockquote><p>A quote.</p></blockquote><hr>"
    )
    assert ArticleFactory(body=body).body == body


def test_sponsored_stories_mark_outbound_links_when_saved(settings):
    settings.SITE_URL = "https://miamicurrent.example"
    story = ArticleFactory(
        is_sponsored=True,
        sponsor_name="Biscayne Yacht Brokers",
        body=(
            '<p><a href="https://brokers.example/sea-ray-350">See the boat</a>, '
            '<a href="https://miamicurrent.example/boats/">our boats section</a>, '
            '<a href="/about/">about us</a> and '
            '<a href="https://partner.example/" rel="nofollow">a partner</a>.</p>'
        ),
    )
    assert story.body == (
        '<p><a href="https://brokers.example/sea-ray-350" rel="sponsored noopener">'
        'See the boat</a>, <a href="https://miamicurrent.example/boats/">our boats '
        'section</a>, <a href="/about/">about us</a> and <a '
        'href="https://partner.example/" rel="sponsored noopener">a partner</a>.</p>'
    )
    story.save()
    assert story.body.count('rel="sponsored noopener"') == 2


def test_editorial_stories_keep_plain_links():
    story = ArticleFactory(body='<p><a href="https://brokers.example/">x</a></p>')
    assert story.body == '<p><a href="https://brokers.example/">x</a></p>'


def test_a_sponsored_story_is_labelled_where_readers_see_it(client):
    story = ArticleFactory(
        is_sponsored=True, sponsor_name="Biscayne Yacht Brokers", headline="For Sale!"
    )
    ArticleFactory(category=story.category)

    detail = client.get(story.get_absolute_url()).text
    section = client.get(story.category.get_absolute_url()).text

    assert "Sponsored by Biscayne Yacht Brokers" in detail
    assert section.count('<span class="sponsored">Sponsored</span>') == 1


def test_pictures_from_the_library_stay_and_hot_linked_ones_go():
    library = (
        '<figure class="figure"><img src="/media/images/2026/11/bay.jpg" '
        'alt="The bay at dawn"><figcaption>Dawn.</figcaption>'
        "</figure>"
    )
    story = ArticleFactory(
        body=library + '<p>Text<img src="https://tracker.example/pixel.gif"></p>'
    )
    assert story.body == library + "<p>Text</p>"


def test_the_editors_picture_picker_lists_the_library(admin_client):
    picture = ImageFactory(title="Regatta start", caption="Forty boats")
    ImageFactory(title="Palm shade")

    response = admin_client.get(
        "/admin/articles/image/picker/", {"CKEditorFuncNum": "-1", "q": "regatta"}
    )

    assert response.status_code == 200
    assert f'data-url="{picture.file.url}"' in response.text
    assert 'data-alt="A boat on the bay"' in response.text
    assert 'data-caption="Forty boats"' in response.text
    assert 'data-callback="-1"' in response.text
    assert "Palm shade" not in response.text


def test_the_editor_is_configured_to_browse_the_library():
    widget = Article._meta.get_field("body").formfield().widget
    assert "/admin/articles/image/picker/" in widget.render("body", "")


def test_a_lone_youtube_or_x_link_is_drawn_as_a_link_card():
    story = ArticleFactory(
        body=(
            '<p><a href="https://www.youtube.com/watch?v=abc123">Boat show tour</a></p>'
            '<p><a href="https://x.com/miamicurrent/status/1">Our post</a></p>'
            '<p>Read <a href="https://youtu.be/xyz">this clip</a> in a sentence.</p>'
            '<p><a href="https://example.com/">Elsewhere</a></p>'
        )
    )
    html = story.rendered_body  # made on save, printed as is by the article page

    assert (
        '<p class="link-card link-card--youtube"><a href="https://www.youtube.com/'
        'watch?v=abc123"><span class="link-card__source">YouTube</span> <span '
        'class="link-card__title">Boat show tour</span></a></p>'
    ) in html
    assert '<p class="link-card link-card--x">' in html
    assert (
        '<p>Read <a href="https://youtu.be/xyz">this clip</a> in a sentence.</p>'
        in html
    )
    assert '<p><a href="https://example.com/">Elsewhere</a></p>' in html
    assert "<iframe" not in html
    assert "<script" not in html
    assert "link-card" not in story.body  # the stored text stays as the editor made it
