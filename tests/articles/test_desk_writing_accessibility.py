"""axe-core (WCAG 2.2 AA) on the desk's writing widgets: the editor with its word
count, the search and social previews, the picture dialog and the library's
upload page, light and dark."""

import base64

import pytest

from tests.articles.test_desk_writing_browser import (
    drop_picture,
    editor,  # noqa: F401 - a fixture
    log_in,
    open_story,
)
from tests.factories import ArticleFactory, jpeg_bytes
from tests.magazine.test_accessibility import AXE_JS, WCAG_22_AA

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_options() -> dict:
    """axe-core is injected as a script, which the admin's CSP rightly forbids."""
    return {"bypass_csp": True}


def violations(page, *selectors: str) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text())
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        results = page.evaluate(
            """([selectors, tags]) => axe.run(
                {include: selectors.map(selector => [selector])},
                {runOnly: {type: 'tag', values: tags}})""",
            [list(selectors), WCAG_22_AA],
        )
        found += [
            f"{scheme}: {violation['id']} at {node['target']}: {node['failureSummary']}"
            for violation in results["violations"]
            for node in violation["nodes"]
        ]
    return found


def test_the_writing_widgets_pass_axe(page, live_server, editor):  # noqa: F811
    assert AXE_JS.exists(), "axe-core is missing: run .ci/test, or npm ci --prefix .ci"
    story = ArticleFactory(body="<p>Some words.</p>")
    log_in(page, live_server)
    open_story(page, live_server, story)
    page.get_by_role("heading", name="Search and social").click()
    page.locator("#id_seo_title").fill("A" * 70)
    assert (
        violations(page, ".prose-editor", ".prose-editor-status", ".seo-preview") == []
    )

    drop_picture(page, "pier.jpg", jpeg_bytes(300, 200))
    page.get_by_role("dialog").wait_for()
    assert violations(page, ".prose-upload-dialog") == []
    page.get_by_role("dialog").get_by_role("button", name="Skip this picture").click()

    page.goto(f"{live_server.url}/admin/articles/image/upload/")
    page.evaluate(
        """encoded => {
            const bytes = Uint8Array.from(atob(encoded), c => c.charCodeAt(0))
            const data = new DataTransfer()
            data.items.add(new File([bytes], "pier.jpg", {type: "image/jpeg"}))
            document.querySelector("[data-drop-zone]").dispatchEvent(
                new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}))
        }""",
        base64.b64encode(jpeg_bytes(300, 200)).decode(),
    )
    page.locator(".library-upload__item").wait_for()
    assert violations(page, ".library-upload") == []
