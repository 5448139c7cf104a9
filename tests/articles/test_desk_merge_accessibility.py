"""axe-core on what the merge of a refused save, the history and a live
story's pending changes add to the admin (the rest is Django's)."""

import pytest
from django.test import Client

from articles.models import Article
from tests.articles.admin_axe import axe_run, browser_context_options  # noqa: F401
from tests.articles.admin_helpers import article_form_data, desk_editor, log_in, staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def axe_violations(page, *selectors) -> list[str]:
    return [violation["id"] for violation in axe_run(page, *selectors)]


def test_the_merge_panel_and_the_history_pass_axe(page, live_server):
    desk_editor()
    # A draft: a live story's edits would wait as pending changes.
    story = ArticleFactory(headline="Seawall vote", status=Article.Status.DRAFT)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    log_in(page, live_server)
    page.goto(change)
    other = Client()
    sign_in(other, staff("sophie", "Editors"))
    other.post(change, article_form_data(story, headline="Seawall vote passes"))
    page.fill("#id_headline", "Seawall vote: late night")
    page.click("input[name=_continue]")
    page.locator("#merge").wait_for()

    assert axe_violations(page, "#merge") == []

    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/history/")
    assert axe_violations(page, "#content-main") == []


def test_the_pending_changes_banner_passes_axe(page, live_server):
    desk_editor()
    story = ArticleFactory(headline="Seawall vote")
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    other = Client()
    sign_in(other, staff("sophie", "Editors"))
    other.post(change, article_form_data(story, headline="Seawall vote passes"))
    log_in(page, live_server)
    page.goto(change)
    page.locator("#pending-changes").wait_for()

    assert axe_violations(page, "#pending-changes") == []
