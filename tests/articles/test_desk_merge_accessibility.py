"""axe-core on what the merge of a refused save, the history and a live
story's pending changes add to the admin (the rest is Django's)."""

from pathlib import Path

import pytest
from django.test import Client

from articles.models import Article
from tests.articles.admin_helpers import article_form_data, desk_editor, log_in, staff
from tests.factories import ArticleFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(__file__).resolve().parents[2] / ".ci/node_modules/axe-core/axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def browser_context_options() -> dict:
    """axe-core is injected as a script, which the admin's CSP rightly forbids."""
    return {"bypass_csp": True}


def axe_violations(page, *selectors) -> list[str]:
    page.add_script_tag(content=AXE_JS.read_text())
    results = page.evaluate(
        """([include, tags]) => axe.run({include},
            {runOnly: {type: "tag", values: tags}})""",
        [[[selector] for selector in selectors], WCAG_22_AA],
    )
    return [violation["id"] for violation in results["violations"]]


def test_the_merge_panel_and_the_history_pass_axe(page, live_server):
    assert AXE_JS.exists(), "axe-core is missing: run .ci/test, or npm ci --prefix .ci"
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
    assert AXE_JS.exists(), "axe-core is missing: run .ci/test, or npm ci --prefix .ci"
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
