"""Comments are plain text: whatever a reader types is shown, never run."""

from html.parser import HTMLParser

import pytest

from articles.models import Comment
from magazine.plaintext import comment_html, link_count
from tests.articles.commenting import post_comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "<iframe src=https://evil.example></iframe>",
    "<body onload=alert(1)>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</script>",
    "<object data=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "<form action=https://evil.example><input name=q></form>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    'https://example.com/"onmouseover="alert(1)',
    "http://example.com/<script>alert(1)</script>",
    "data:text/html,<script>alert(1)</script>",
    "<a href='https://evil.example' onclick='alert(1)'>x</a>",
    "<base href=https://evil.example/>",
    "<details open ontoggle=alert(1)>",
    "{{ request.user }} {% csrf_token %}",
]


class RenderedComment(HTMLParser):
    """What a browser would build from a comment's HTML: its elements and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def comment_body_on_page(html: str, comment) -> str:
    start = html.index(f'id="comment-{comment.pk}"')
    body = html[html.index('<div class="comment__body">', start) :]
    return body[: body.index("</div>")].removeprefix('<div class="comment__body">')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_attempts_are_shown_as_text(client, payload):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body=f"Look: {payload}")

    html = client.get(article.get_absolute_url()).content.decode()
    rendered = RenderedComment(comment_body_on_page(html, comment))

    assert rendered.text == f"Look: {payload}", "the reader sees exactly what was typed"
    for tag, attributes in rendered.elements:
        assert tag in {"p", "br", "a"}
        if tag == "a":
            assert set(attributes) == {"href", "rel"}
            assert attributes["rel"] == "nofollow ugc"
            assert attributes["href"].startswith(("https://", "http://", "mailto:"))


def test_a_posted_script_reaches_the_page_as_visible_text(client):
    article = ArticleFactory()
    CommentFactory(email="rosa@example.com")

    post_comment(client, article, body="<script>alert('hi')</script>\nSecond line")

    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert('hi')&lt;/script&gt;<br>Second line" in html
    assert "<script>alert" not in html


def test_line_breaks_are_kept_and_urls_become_nofollow_links():
    html = comment_html("First line\nSecond line\n\nNew paragraph www.example.com")

    assert html == (
        "<p>First line<br>Second line</p>\n\n"
        '<p>New paragraph <a href="https://www.example.com" rel="nofollow ugc">'
        "www.example.com</a></p>"
    )


def test_a_commenters_website_is_a_nofollow_link_and_never_a_script(client):
    article = ArticleFactory()
    CommentFactory(article=article, name="Rosa", website="https://rosa.example")

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="https://rosa.example" rel="nofollow ugc">Rosa</a>' in html
    response = post_comment(client, article, website="javascript:alert(1)")
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_links_are_counted_as_readers_see_them():
    assert link_count("none here, and not javascript:alert(1) either") == 0
    assert link_count("https://a.example www.b.example c@d.example") == 3
