"""Two editors on one story in real browsers: the second save is refused, shows
what each changed field by field, and saves the merge chosen per field."""

import pytest

from articles.models import Article
from tests.articles.admin_helpers import desk_editor, log_in
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_editors_edit_the_same_story_and_the_second_merges_per_field(
    page, browser, live_server
):
    desk_editor("editor"), desk_editor("sophie")
    story = ArticleFactory(
        headline="Seawall vote",
        standfirst="Six to one.",
        dateline="MIAMI",
        status=Article.Status.DRAFT,  # a live story's edits wait as pending changes
    )
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    sophie = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(sophie, live_server, "sophie")
    log_in(page, live_server, "editor")
    sophie.goto(change)
    page.goto(change)

    sophie.fill("#id_headline", "Seawall vote passes 6-1")
    sophie.fill("#id_dateline", "MIAMI BEACH")
    sophie.click("input[name=_continue]")
    sophie.locator(".messagelist .success").wait_for()

    page.fill("#id_headline", "Seawall vote: a late night")
    page.fill("#id_standfirst", "Six to one, after midnight.")
    page.fill("#id_dateline", "CORAL GABLES")
    page.click("input[name=_continue]")

    merge = page.locator("#merge")
    merge.wait_for()
    assert (
        "sophie saved this story at" in page.locator(".errorlist.nonfield").inner_text()
    )
    headline = merge.get_by_role("group", name="Headline")
    assert headline.locator("del").inner_text().strip() == "vote passes 6-1"
    assert headline.locator("ins").inner_text().strip() == "vote: a late night"
    # Only I changed the standfirst: not asked.
    assert merge.get_by_role("group", name="Standfirst").count() == 0
    headline.get_by_label("Keep theirs").check()
    # The keyboard reaches the choices: Tab into the dateline's group, arrow to pick.
    dateline = merge.get_by_role("group", name="Dateline")
    dateline.get_by_label("Keep theirs").focus()
    page.keyboard.press("ArrowRight")
    assert dateline.get_by_label("Keep mine").is_checked()
    merge.get_by_role("button", name="Save with these choices").click()
    page.locator(".messagelist .success").wait_for()

    stored = Article.objects.get(pk=story.pk)
    assert stored.headline == "Seawall vote passes 6-1"
    assert stored.standfirst == "Six to one, after midnight."
    assert stored.dateline == "CORAL GABLES"
