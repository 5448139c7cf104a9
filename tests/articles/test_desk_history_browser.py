"""History and the review round trip in a real browser: a chosen version
previewed and restored, and a submission for review that goes to the editors
and comes back to its writer with a note."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article
from tests.articles.admin_helpers import DESK_PASSWORD, desk_editor, log_in, staff
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False)


def save_headline(page, headline):
    page.fill("#id_headline", headline)
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()


def test_a_chosen_version_is_previewed_then_restored(page, live_server):
    desk_editor()
    # A draft: a live story's edits would wait as pending changes.
    story = ArticleFactory(headline="Seawall vote", status=Article.Status.DRAFT)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    log_in(page, live_server)
    page.goto(change)
    save_headline(page, "Seawall vote passes 6-1")
    save_headline(page, "Seawall vote: the mayor's veto")

    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 2
    first = rows.first  # oldest first, as django-reversion lists them
    first.get_by_role("link", name="Preview").click()
    assert page.locator("article h1").inner_text() == "Seawall vote passes 6-1"
    assert "Preview of version 1" in page.locator(".preview-banner").inner_text()
    assert page.locator("meta[name=robots]").get_attribute("content") == (
        "noindex, nofollow"
    )

    page.go_back()
    first.locator("th a").click()
    assert page.input_value("#id_headline") == "Seawall vote passes 6-1"
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()

    story.refresh_from_db()
    assert story.headline == "Seawall vote passes 6-1"
    newest = Version.objects.get_for_object(story).first()
    assert newest.revision.get_comment().startswith("Reverted to previous version")
    assert newest.field_dict["headline"] == "Seawall vote passes 6-1"


def test_a_submission_goes_to_the_editors_and_comes_back_with_a_note(
    page, browser, live_server
):
    editor = desk_editor("eddie")
    writer = staff("casey", "Contributors")
    writer.set_password(DESK_PASSWORD)
    writer.save()
    story = ArticleFactory(
        headline="Manatees return", status=Article.Status.DRAFT, created_by=writer
    )
    change = f"/admin/articles/article/{story.pk}/change/"
    log_in(page, live_server, "casey")
    page.goto(live_server.url + change)
    page.fill("#id_desk_note", "Quotes checked with the park rangers.")
    page.get_by_role("button", name="Submit for review").click()
    page.locator(".messagelist .success").wait_for()
    assert Article.objects.get(pk=story.pk).status == Article.Status.IN_REVIEW

    run_worker()
    (to_editors,) = mail.outbox
    assert to_editors.to == [editor.email]
    assert "Quotes checked with the park rangers." in to_editors.body
    link = re.search(r"https?://\S+", to_editors.body)[0]
    assert link.endswith(change)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, live_server, "eddie")
    desk.goto(live_server.url + change)
    desk.fill("#id_desk_note", "Needs a second source.")
    desk.get_by_role("button", name="Send back to the writer").click()
    desk.locator(".messagelist .success").wait_for()

    mail.outbox.clear()
    run_worker()
    (to_writer,) = mail.outbox
    assert to_writer.to == [writer.email]
    assert "Needs a second source." in to_writer.body
    page.goto(live_server.url + change)
    notes = page.locator(".story-notes li")
    assert "Needs a second source." in notes.first.inner_text()
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT
