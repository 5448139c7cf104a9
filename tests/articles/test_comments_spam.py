"""Spam defences on the comment form, each with a submission that trips it and one
that passes; nothing is half-saved and the reader's text stays in the form."""

from email.utils import parseaddr

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from articles.models import Blocked, Comment
from magazine.bots import form_max_age
from tests.articles.commenting import comment_data, post_comment
from tests.factories import ArticleFactory
from tests.helpers import aged_stamp

pytestmark = pytest.mark.django_db

BODY = "Our street in Sunset Harbour floods every October."


@pytest.fixture
def article():
    return ArticleFactory()


def assert_refused(response, message, status=400):
    html = response.content.decode()
    assert response.status_code == status
    assert message in html
    assert BODY in html, "the reader's text stays in the form"
    assert not Comment.objects.exists()


def test_a_person_passes_every_defence(client, article):
    assert post_comment(client, article).status_code == 302
    assert Comment.objects.count() == 1


def test_the_honeypot(client, article):
    assert_refused(
        post_comment(client, article, leave_empty="http://casino.example"),
        "leave empty",
    )


def test_a_form_sent_too_fast(client, article):
    assert_refused(
        post_comment(client, article, issued=aged_stamp(0.5)),
        "quicker than a person can type",
    )


def test_a_form_kept_open_too_long(client, article):
    stale = aged_stamp(form_max_age() + 60)
    response = post_comment(client, article, issued=stale)

    assert_refused(response, "open too long")
    assert stale not in response.content.decode(), "the retry gets a fresh stamp"


def test_a_forged_or_missing_stamp(client, article):
    for stamp in ("1:forged", ""):
        assert_refused(
            post_comment(client, article, issued=stamp),
            "could not check where this form came from",
        )


def test_cross_site_posts_are_refused(client, article):
    response = client.post(
        f"/comments/{article.pk}/",
        {"body": BODY},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_too_many_links(client, article, settings):
    settings.COMMENTS_MAX_LINKS = 2
    two = f"{BODY} See https://a.example and www.b.example"
    three = f"{BODY} See https://a.example, www.b.example and http://c.example/x"

    assert_refused(post_comment(client, article, body=three), "at most 2 links")
    assert post_comment(client, article, body=two).status_code == 302


def test_rate_limit_per_ip_address(client, article, settings):
    settings.COMMENTS_PER_IP_PER_HOUR = 3
    for n in range(3):
        response = post_comment(client, article, email=f"reader{n}@example.com")
        assert response.status_code == 302
    Comment.objects.all().delete()

    response = post_comment(client, article, email="fourth@example.com")

    assert_refused(response, "Too many comments from your network", status=429)
    other_network = client.post(
        f"/comments/{article.pk}/",
        comment_data(email="fifth@example.com"),
        REMOTE_ADDR="198.51.100.7",
    )
    assert other_network.status_code == 302


def test_rate_limit_per_address(client, article, settings):
    settings.COMMENTS_PER_EMAIL_PER_HOUR = 2
    for n in range(2):
        response = client.post(
            f"/comments/{article.pk}/",
            comment_data(body=f"Comment {n}."),
            REMOTE_ADDR=f"198.51.100.{n}",
        )
        assert response.status_code == 302
    Comment.objects.all().delete()

    response = client.post(
        f"/comments/{article.pk}/", comment_data(), REMOTE_ADDR="198.51.100.99"
    )

    assert_refused(response, "Too many comments from this e-mail address", status=429)
    assert post_comment(client, article, email="tom@example.com").status_code == 302


@pytest.mark.parametrize(
    ("kind", "value", "tripping", "passing"),
    [
        ("word", "casino", {"body": f"{BODY} Best CASINO bonus!"}, {}),
        ("word", "casino", {"website": "https://casino.example"}, {}),
        ("word", "cheap pills", {"name": "Cheap Pills"}, {"name": "Pillsbury"}),
        (
            "address",
            "spammer@example.com",
            {"email": "Spammer@example.com"},
            {"email": "not-spammer@example.com"},
        ),
        (
            "address",
            "@spam.example",
            {"email": "anyone@spam.example"},
            {"email": "anyone@notspam.example"},
        ),
        ("network", "127.0.0.0/8", {}, None),
        ("network", "203.0.113.0/24", None, {}),
    ],
)
def test_the_blocklist(client, article, kind, value, tripping, passing):
    entry = Blocked(kind=kind, value=value)
    entry.full_clean()
    entry.save()

    if tripping is not None:
        assert_refused(
            post_comment(client, article, **tripping),
            f"write to the newsroom at {parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}.",
        )
    if passing is not None:
        assert post_comment(client, article, **passing).status_code == 302
        assert Comment.objects.count() == 1


def test_blocklist_entries_are_checked_when_editors_save_them():
    with pytest.raises(ValidationError, match="IP address or a range"):
        Blocked(kind="network", value="not a network").full_clean()
    domain = Blocked(kind="address", value=" Spam.Example ")
    domain.full_clean()
    assert domain.value == "@spam.example"


def test_one_stamp_carries_at_most_five_comments(client, article):
    scraped = aged_stamp()

    def send(n):
        data = comment_data(email=f"reader{n}@example.com", issued=scraped)
        return client.post(
            f"/comments/{article.pk}/", data, REMOTE_ADDR=f"198.51.100.{n}"
        )

    assert [send(n).status_code for n in range(5)] == [302] * 5
    assert_refused_after(send(5), 5)


def assert_refused_after(response, kept):
    assert response.status_code == 429
    assert "Many readers have sent this form" in response.content.decode()
    assert BODY in response.content.decode()
    assert Comment.objects.count() == kept
