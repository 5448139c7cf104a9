"""axe-core (WCAG 2.2 AA) on the history's pages and on what the story form
adds when it opens with pending changes and an autosave to restore: the
history, "Compare versions", a version's preview, the form's banners."""

from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, Autosave, PendingChanges, VersionTags
from tests.articles.admin_axe import axe_run, browser_context_options  # noqa: F401
from tests.articles.admin_helpers import desk_editor, log_in
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def axe_violations(page, *selectors) -> list[str]:
    """Each violation with where it is; the whole document without selectors."""
    return [
        f"{violation['id']} at {node['target']}"
        for violation in axe_run(page, *selectors)
        for node in violation["nodes"]
    ]


def save_headline(page, headline):
    page.fill("#id_headline", headline)
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()


def test_the_history_compare_and_a_versions_preview_pass_axe(page, live_server):
    desk_editor()
    story = ArticleFactory(
        headline="Seawall vote",
        status=Article.Status.DRAFT,
        authors=[AuthorFactory(name="Ana Ruiz")],
    )
    story.tags.set(["Seawall"])
    base = f"{live_server.url}/admin/articles/article/{story.pk}"
    log_in(page, live_server)
    page.goto(f"{base}/change/")
    save_headline(page, "Seawall vote passes")
    story.tags.add("Flooding")
    page.goto(f"{base}/change/")  # the form opens with the new tag
    save_headline(page, "Seawall vote: the mayor's veto")
    first = Version.objects.get_for_object(story).last()

    page.goto(f"{base}/history/")
    assert axe_violations(page, "#content-main") == []

    page.goto(f"{base}/history/compare/")
    page.locator(".compare-versions__text").first.wait_for()
    assert "Flooding" in page.locator("#content-main").inner_text()
    assert axe_violations(page, "#content-main") == []
    VersionTags.objects.filter(version=first).delete()  # as an older version
    page.reload()
    assert "did not record them" in page.locator("#content-main").inner_text()
    assert axe_violations(page, "#content-main") == []

    page.goto(f"{base}/history/{first.pk}/preview/")
    assert (
        "Its tags were not recorded" in page.locator("#revision-credits").inner_text()
    )
    assert axe_violations(page) == []


def test_the_form_with_pending_changes_and_a_restore_offer_passes_axe(
    page, live_server
):
    editor = desk_editor()
    story = ArticleFactory(headline="Seawall vote passes")
    story = Article.objects.get(pk=story.pk)
    services.keep_pending_changes(
        story=story,
        user=editor,
        values=PendingChanges.values_of(story) | {"headline": "Seawall vote delayed"},
        tags=[],
        lists=PendingChanges.lists_of(story),
        material_update=False,
    )
    Autosave.objects.create(
        article=story,
        user=editor,
        headline="Seawall vote delayed to Friday",
        saved_at=timezone.now() + timedelta(minutes=1),
    )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator("#autosave-offer").wait_for(state="visible")
    page.locator("#pending-changes").wait_for()

    ours = ["#pending-changes", "#autosave-offer", "#autosave-status", "#presence"]
    assert axe_violations(page, *ours) == []
    # The whole form, Django's autocomplete boxes included (named by our script).
    problems = axe_violations(page, "#content")
    assert problems == [], problems
