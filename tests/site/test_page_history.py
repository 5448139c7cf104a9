"""Standing pages keep their history as stories do: who changed what, and
restore of an earlier version (issue 14's imported pages start it)."""

import pytest
from reversion.models import Version

from magazine.site.models import Page
from tests.articles.admin_helpers import staff
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def page_form(page: Page, **changes) -> dict:
    data = {
        "title_en": page.title_en,
        "title_es": page.title_es or "",
        "slug_en": page.slug_en,
        "slug_es": page.slug_es or "",
        "summary_en": page.summary_en or "",
        "summary_es": page.summary_es or "",
        "body_en": page.body_en or "",
        "body_es": page.body_es or "",
        "status": page.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "site-importeditem-content_type-object_id-TOTAL_FORMS": "0",
        "site-importeditem-content_type-object_id-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_an_editors_change_is_kept_and_an_earlier_version_restored(client):
    sign_in(client, staff("eddie", "Editors"))
    page = Page.objects.create(title="About", slug="about", body="<p>First.</p>")
    url = f"/admin/site/page/{page.pk}/change/"

    first = client.post(url, page_form(page, body_en="<p>First, kept.</p>"))
    second = client.post(url, page_form(page, body_en="<p>Second.</p>"))

    assert (first.status_code, second.status_code) == (302, 302)
    page.refresh_from_db()
    assert page.body_en == "<p>Second.</p>"
    older, newest = reversed(Version.objects.get_for_object(page))
    assert older.revision.user.username == newest.revision.user.username == "eddie"
    assert newest.field_dict["body_en"] == "<p>Second.</p>"
    history = client.get(f"/admin/site/page/{page.pk}/history/")
    assert history.status_code == 200
    assert f"/admin/site/page/{page.pk}/history/{older.pk}/" in history.text

    shown = client.get(f"/admin/site/page/{page.pk}/history/{older.pk}/")
    assert "First, kept." in shown.text  # the form holds the chosen version
    restored = client.post(
        f"/admin/site/page/{page.pk}/history/{older.pk}/",
        page_form(page, body_en="<p>First, kept.</p>"),
    )

    assert restored.status_code == 302
    page.refresh_from_db()
    assert page.body_en == "<p>First, kept.</p>"
    assert Version.objects.get_for_object(page).count() == 3
