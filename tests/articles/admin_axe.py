"""axe-core (WCAG 2.2 AA) on admin pages, for the desk's accessibility tests."""

from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / ".ci/node_modules/axe-core/axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def browser_context_options() -> dict:
    """axe-core is injected as a script, which the admin's CSP rightly forbids."""
    return {"bypass_csp": True}


def axe_run(page, *selectors) -> list[dict]:
    """axe's violations in the parts ``selectors`` name, or the whole document."""
    assert AXE_JS.exists(), "axe-core is missing: run .ci/test, or npm ci --prefix .ci"
    page.add_script_tag(content=AXE_JS.read_text())
    results = page.evaluate(
        """([include, tags]) => axe.run(include.length ? {include} : document,
            {runOnly: {type: "tag", values: tags}})""",
        [[[selector] for selector in selectors], WCAG_22_AA],
    )
    return results["violations"]
