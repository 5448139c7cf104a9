"""Privacy: IP addresses are kept a set number of days; a commenter's data can be
found, exported and removed by e-mail address."""

import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles.models import Comment
from tests.articles.commenting import post_comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_the_ip_address_is_stored_then_purged_after_the_retention_period(
    client, settings
):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    article = ArticleFactory()
    with time_machine.travel(timezone.now() - timezone.timedelta(days=31)):
        old = CommentFactory(ip_address="198.51.100.4")
    post_comment(client, article)
    recent = Comment.objects.get(article=article)
    assert recent.ip_address == "127.0.0.1"

    out = io.StringIO()
    call_command("purge_comment_ips", stdout=out)

    assert "1 comment(s) older than 30 days" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert recent.ip_address == "127.0.0.1"


def test_a_data_request_exports_every_comment_by_the_address():
    article = ArticleFactory(headline="Seawall plan approved")
    mine = CommentFactory(article=article, email="rosa@example.com", body="Mine.")
    CommentFactory(email="ROSA@example.com", body="Also mine.")
    CommentFactory(email="tom@example.com", body="Not mine.")

    out = io.StringIO()
    call_command(
        "comment_data",
        "Rosa@Example.com",
        export=True,
        stdout=out,
        stderr=io.StringIO(),
    )
    exported = json.loads(out.getvalue())

    assert sorted(c["text"] for c in exported) == ["Also mine.", "Mine."]
    first = next(c for c in exported if c["id"] == mine.pk)
    assert first["article"] == "Seawall plan approved"
    assert first["url"] == f"{article.get_absolute_url()}#comment-{mine.pk}"
    assert set(first) >= {"name", "email", "website", "ip_address", "created_at"}


def test_a_data_request_removes_the_comments_but_keeps_others_replies_in_place(
    client,
):
    article = ArticleFactory()
    answered = CommentFactory(article=article, email="rosa@example.com", body="Rosa's.")
    reply = CommentFactory(article=article, parent=answered, body="Tom's answer.")
    alone = CommentFactory(email="rosa@example.com", ip_address="198.51.100.4")

    out = io.StringIO()
    call_command("comment_data", "rosa@example.com", remove=True, stdout=out)

    assert "Removed 2 comment(s)" in out.getvalue()
    assert not Comment.objects.filter(pk=alone.pk).exists()
    assert not Comment.objects.by_address("rosa@example.com").exists()
    placeholder = Comment.objects.get(pk=answered.pk)
    assert (placeholder.name, placeholder.body, placeholder.ip_address) == (
        "Removed",
        "",
        None,
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Rosa's." not in html
    assert "This comment was removed." in html
    assert html.index("This comment was removed.") < html.index("Tom's answer.")
    assert Comment.objects.get(pk=reply.pk).parent_id == answered.pk


def test_a_removed_comment_nobody_answered_leaves_no_trace_on_the_page(client):
    article = ArticleFactory()
    CommentFactory(article=article, status=Comment.Status.REMOVED, body="")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "This comment was removed." not in html
    assert "No comments yet." in html
