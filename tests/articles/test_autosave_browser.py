"""Autosave in a real browser: a closed tab loses at most the last few seconds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, Autosave, PendingChanges
from tests.articles.admin_helpers import desk_editor, log_in
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(db):
    return desk_editor()


def test_typed_text_survives_a_closed_tab(page, live_server, editor):
    article = ArticleFactory(
        headline="Seawall vote", body="<p>The vote.</p>", status=Article.Status.DRAFT
    )
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server)
    page.goto(url)
    page.locator("[contenteditable=true].ProseMirror").wait_for()

    with page.expect_response(
        lambda response: (
            response.url.endswith("/autosave/") and response.request.method == "POST"
        )
    ) as autosaved:
        page.fill("#id_headline", "Seawall vote passes six to one")
        page.locator("[contenteditable=true].ProseMirror").click()
        page.keyboard.press("End")
        page.keyboard.type(" It came late at night.")
    assert autosaved.value.ok
    page.locator("#autosave-status", has_text="Autosaved at").wait_for()
    context = page.context
    page.close(run_before_unload=False)

    again = context.new_page()
    again.goto(url)
    offer = again.locator("#autosave-offer")
    offer.wait_for(state="visible")
    assert again.input_value("#id_headline") == "Seawall vote"
    again.get_by_role("button", name="Restore unsaved changes").click()

    assert again.input_value("#id_headline") == "Seawall vote passes six to one"
    assert (
        "It came late at night."
        in again.locator("[contenteditable=true].ProseMirror").inner_text()
    )
    assert offer.is_hidden()
    again.on("dialog", lambda dialog: dialog.accept())
    again.locator("input[name=_continue]").click()
    again.locator(".messagelist .success").wait_for()
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Seawall vote passes six to one"
    assert "It came late at night." in stored.body
    assert not Autosave.objects.filter(article=article).exists()


def test_typing_over_pending_changes_survives_a_closed_tab_and_stays_pending(
    page, browser, live_server, editor
):
    story = ArticleFactory(headline="Seawall vote passes", body="<p>The vote.</p>")
    now = timezone.now()
    Article.objects.filter(pk=story.pk).update(modified_at=now - timedelta(minutes=10))
    story = Article.objects.get(pk=story.pk)
    Autosave.objects.create(  # typed before the pending changes were saved
        article=story,
        user=editor,
        headline="An older typing",
        saved_at=now - timedelta(minutes=5),
    )
    services.keep_pending_changes(
        story=story,
        user=editor,
        values=PendingChanges.values_of(story) | {"headline": "Seawall vote delayed"},
        tags=[],
        lists=PendingChanges.lists_of(story),
        material_update=False,
    )
    url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    log_in(page, live_server)
    page.goto(url)
    page.locator("[contenteditable=true].ProseMirror").wait_for()
    assert page.input_value("#id_headline") == "Seawall vote delayed"
    assert page.locator("#autosave-offer").is_hidden()  # nothing newer than the form

    with page.expect_response(
        lambda response: (
            response.url.endswith("/autosave/") and response.request.method == "POST"
        )
    ) as autosaved:
        page.fill("#id_headline", "Seawall vote delayed to Friday")
        page.locator("[contenteditable=true].ProseMirror").click()
        page.keyboard.press("End")
        page.keyboard.type(" A second study first.")
    assert autosaved.value.ok
    page.locator("#autosave-status", has_text="Autosaved at").wait_for()
    context = page.context
    page.close(run_before_unload=False)

    again = context.new_page()
    again.goto(url)
    offer = again.locator("#autosave-offer")
    offer.wait_for(state="visible")
    assert again.locator("#pending-changes").is_visible()
    assert again.input_value("#id_headline") == "Seawall vote delayed"
    again.get_by_role("button", name="Restore unsaved changes").click()
    assert again.input_value("#id_headline") == "Seawall vote delayed to Friday"
    assert (
        "A second study first."
        in again.locator("[contenteditable=true].ProseMirror").inner_text()
    )
    again.on("dialog", lambda dialog: dialog.accept())
    again.get_by_role("button", name="Save and continue editing").click()
    again.locator(".messagelist .info").wait_for()

    assert again.locator("#pending-changes").is_visible()
    assert again.input_value("#id_headline") == "Seawall vote delayed to Friday"
    pending = PendingChanges.objects.get(article=story)
    assert pending.headline == "Seawall vote delayed to Friday"
    assert "A second study first." in pending.body
    published = Article.objects.get(pk=story.pk)
    assert (published.headline, published.body) == (
        "Seawall vote passes",
        "<p>The vote.</p>",
    )
    reader = browser.new_context().new_page()
    reader.goto(live_server.url + published.get_absolute_url())
    assert reader.locator("article h1").inner_text() == "Seawall vote passes"
    assert not Autosave.objects.filter(article=story).exists()


def test_without_a_connection_the_browsers_copy_comes_back(page, live_server, editor):
    article = ArticleFactory(headline="Seawall vote")
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server)
    page.route("**/autosave/", lambda route: route.abort())
    page.goto(url)
    page.locator("[contenteditable=true].ProseMirror").wait_for()

    page.fill("#id_headline", "Seawall vote, typed offline")
    page.locator("#autosave-status", has_text="no connection").wait_for()
    assert not Autosave.objects.exists()
    page.unroute("**/autosave/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(url)

    page.get_by_role("button", name="Restore unsaved changes").click()
    assert page.input_value("#id_headline") == "Seawall vote, typed offline"


def test_leaving_with_unsaved_changes_asks_first(page, live_server, editor):
    article = ArticleFactory()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_headline", "A changed headline")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)

    assert asked.value.type == "beforeunload"
    asked.value.dismiss()


def test_one_editor_takes_over_from_another(browser, live_server, editor):
    article = ArticleFactory()
    sophie = desk_editor("sophie")
    sophie.first_name, sophie.last_name = "Sophie", "Laurent"
    sophie.save()
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    hers = browser.new_context().new_page()
    mine = browser.new_context().new_page()
    try:
        for page, username in ((hers, "sophie"), (mine, "editor")):
            log_in(page, live_server, username)
            page.clock.install()
            page.goto(url)

        banner = mine.locator("#presence")
        banner.get_by_text("Sophie Laurent is editing since").wait_for()
        with mine.expect_response(lambda response: "/presence/" in response.url):
            banner.get_by_role("button", name="Take over").click()
        banner.wait_for(state="hidden")

        # her next heartbeat (every 30 s) brings the news: her page's clock is run on
        with hers.expect_response(lambda response: "/presence/" in response.url):
            hers.clock.run_for(31_000)
        hers.locator("#taken-over", has_text="took over this story").wait_for()
    finally:
        hers.context.close()
        mine.context.close()
