"""WCAG 2.2 AA on every reader page type, in headless Chromium.

axe-core checks what a machine can (contrast, names, labels, landmarks, ARIA) at
phone and desktop widths in the light and the dark scheme; the rest is checked by
hand: one h1, headings in order, a skip link to <main>, a visible focus ring on
every link, and no sideways scrolling at 320 px."""

from itertools import pairwise
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.magazine.reader_pages import Visit, build_reader_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(__file__).resolve().parents[2] / ".ci/node_modules/axe-core/axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 320)
SCHEMES = ("light", "dark")
SERVER_ERROR = Visit("server-error", "/server-error/", status=500)

SEND_FORM = """([action, fields]) => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = action;
    // A form of the page that carries a CSRF token sends it, as the page's own would.
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) fields = {...fields, csrfmiddlewaretoken: token.value};
    for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
    }
    document.body.append(form);
    setTimeout(() => form.submit());
}"""

HEADING_LEVELS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .map(heading => Number(heading.tagName[1]))"""

BROKEN_ID_REFERENCES = """() => [...document.querySelectorAll(
        "[aria-describedby], [aria-labelledby], [aria-controls], label[for]")]
    .flatMap(element => ["aria-describedby", "aria-labelledby", "aria-controls", "for"]
        .flatMap(name => (element.getAttribute(name) || "").split(/\\s+/))
        .filter(id => id && !document.getElementById(id))
        .map(id => `${element.tagName.toLowerCase()}#${element.id} -> ${id}`))"""

LINKS_WITHOUT_FOCUS_RING = """() => [...document.querySelectorAll("a[href]")]
    .filter(link => link.tabIndex >= 0 && link.getClientRects().length)
    .filter(link => {
        link.focus();
        const style = getComputedStyle(link);
        return style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2;
    })
    .map(link => link.outerHTML.slice(0, 100))"""


@pytest.fixture
def browser_context_options() -> dict:
    """axe-core is injected as a script, which the site's CSP rightly forbids."""
    return {"bypass_csp": True}


@pytest.fixture
def reader_site(live_server, page) -> list[Visit]:
    """The demo magazine behind the live server; the 500 page, which no URL
    reaches on purpose, is served to the tab as Django renders it."""
    visits = build_reader_site()
    body = server_error(RequestFactory().get("/")).content
    page.route(
        live_server.url + SERVER_ERROR.path,
        lambda route: route.fulfill(status=500, content_type="text/html", body=body),
    )
    return [*visits, SERVER_ERROR]


def open_page(page, site: str, visit: Visit) -> None:
    """Follows the link, or sends the form as the reader's browser would."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme="light")
    response = page.goto(site + visit.path)
    if visit.method == "POST":
        with page.expect_navigation() as navigation:
            page.evaluate(SEND_FORM, [visit.path, visit.data])
        response = navigation.value
    assert response.status == visit.status, visit.name
    assert visit.shows in page.content(), visit.name


def axe_violations(page) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_22_AA,
    )
    return [
        f"{violation['id']}: {violation['help']} at {node['target']}: "
        + node["failureSummary"].replace("\n", " ")
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def test_every_reader_page_passes_axe_for_wcag_22_aa(page, live_server, reader_site):
    assert AXE_JS.exists(), "axe-core is missing: run .ci/test, or npm ci --prefix .ci"
    problems = {}
    for visit in reader_site:
        open_page(page, live_server.url, visit)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                for violation in axe_violations(page):
                    problems.setdefault(visit.name, []).append(
                        f"{width} px, {scheme}: {violation}"
                    )

    report = "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in problems.items()
    )
    assert problems == {}, f"axe-core found WCAG 2.2 AA violations:\n{report}"


def hand_check(page, visit: Visit) -> list[str]:
    """What axe cannot judge alone, on the page as it is open in the tab."""
    problems = []
    levels = page.evaluate(HEADING_LEVELS)
    if levels.count(1) != 1 or levels[0] != 1:
        problems.append(f"one h1, and first: headings are {levels}")
    if skips := [(a, b) for a, b in pairwise(levels) if b > a + 1]:
        problems.append(f"headings skip a level: {skips} in {levels}")

    if broken := page.evaluate(BROKEN_ID_REFERENCES):
        problems.append(f"labels or descriptions point at no element: {broken}")

    if visit.method == "GET":  # after a POST the tab is scrolled to a fragment
        page.keyboard.press("Tab")
        skip_link = page.evaluate(
            "() => [document.activeElement.className,"
            " document.activeElement.getBoundingClientRect().top >= 0]"
        )
        if skip_link != ["skip-link", True]:
            problems.append(f"the first Tab does not show the skip link: {skip_link}")
        else:
            page.keyboard.press("Enter")
            if page.evaluate("document.activeElement.id") != "main":
                problems.append("the skip link does not move focus to <main>")
    if unringed := page.evaluate(LINKS_WITHOUT_FOCUS_RING):
        problems.append(f"links without a visible focus ring: {unringed}")

    page.set_viewport_size({"width": 320, "height": 800})
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll_width > 320:
        problems.append(f"scrolls sideways at 320 px: {scroll_width} px wide")
    return problems


def test_every_reader_page_has_ordered_headings_a_skip_link_focus_and_no_sideways_scroll(
    page, live_server, reader_site
):
    problems = {}
    for visit in reader_site:
        open_page(page, live_server.url, visit)
        if found := hand_check(page, visit):
            problems[visit.name] = found

    report = "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in problems.items()
    )
    assert problems == {}, f"Pages break the hand-checked rules:\n{report}"
