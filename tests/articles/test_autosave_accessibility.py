"""axe-core on what the autosave and presence add to the story form (the rest
of the page is Django's admin)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles import services
from articles.models import Autosave
from tests.articles.admin_helpers import desk_editor, log_in, staff
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(__file__).resolve().parents[2] / ".ci/node_modules/axe-core/axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def editor(db):
    return desk_editor()


@pytest.fixture
def browser_context_options() -> dict:
    """axe-core is injected as a script, which the admin's CSP rightly forbids."""
    return {"bypass_csp": True}


def test_the_offer_and_presence_banners_pass_axe(page, live_server, editor):
    assert AXE_JS.exists(), "axe-core is missing: run .ci/test, or npm ci --prefix .ci"
    article = ArticleFactory()
    sophie = staff("sophie", "Editors")
    Autosave.objects.create(
        article=article,
        user=editor,
        headline="Typed but not saved",
        saved_at=timezone.now() + timedelta(minutes=5),
    )
    services.record_presence(user=sophie, article=article)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#autosave-offer").wait_for(state="visible")
    page.locator("#presence").wait_for(state="visible")
    page.add_script_tag(content=AXE_JS.read_text())

    results = page.evaluate(
        """tags => axe.run(
            {include: [["#autosave-offer"], ["#presence"], ["#autosave-status"]]},
            {runOnly: {type: "tag", values: tags}})""",
        WCAG_22_AA,
    )

    assert [violation["id"] for violation in results["violations"]] == []
