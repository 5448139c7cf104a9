"""Every reader page is valid HTML5, and the stylesheet valid CSS: the Nu Html
Checker reports no error.

The pages are rendered through the test client, written to files, and checked in
one run of the checker (one JVM start for them all)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.views.defaults import server_error

from tests.magazine.reader_pages import build_reader_site

ROOT = Path(__file__).resolve().parents[2]
# A comment or tag the template language did not take (a {# #} over two lines).
TEMPLATE_SYNTAX = re.compile(r"\{[#%{].{0,60}")
VNU_JAR = ROOT / ".ci/node_modules/vnu-jar/build/dist/vnu.jar"
STYLESHEET = ROOT / "static/css/site.css"

pytestmark = pytest.mark.django_db


def nu_html_errors(
    pages: dict[str, str], folder: Path, stylesheets: list[Path]
) -> dict[str, list[str]]:
    """The checker's errors for each page and stylesheet, keyed by its name, as
    "line N: message"."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(
            "The HTML checker needs Java and the pinned vnu-jar: run .ci/test once, "
            "or `apt-get install default-jre-headless` and `npm ci --prefix .ci`."
        )
    files = []
    for name, html in pages.items():
        files.append(folder / f"{name}.html")
        files[-1].write_text(html)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]
        + ["--also-check-css"]
        + [str(path) for path in files + stylesheets],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        page = Path(message.get("url", "unknown")).stem
        line = message.get("lastLine", "?")
        extract = message.get("extract", "").strip()
        errors.setdefault(page, []).append(
            f"line {line}: {message['message']}  [{extract}]"
        )
    return errors


def test_every_reader_page_is_valid_html5_and_its_stylesheet_valid_css(
    client, rf, settings, tmp_path
):
    settings.PAGE_CACHE_SECONDS = 0  # pages as drawn, not as cached
    pages = {}
    for visit in build_reader_site():
        send = client.post if visit.method == "POST" else client.get
        response = send(visit.path, visit.data, follow=True)
        assert response.status_code == visit.status, visit.name
        pages[visit.name] = response.content.decode()
        assert visit.shows in pages[visit.name], visit.name
        leaked = TEMPLATE_SYNTAX.search(pages[visit.name])
        assert leaked is None, f"{visit.name} shows template code: {leaked.group()}"
    pages["server-error"] = server_error(rf.get("/")).content.decode()

    errors = nu_html_errors(pages, tmp_path, [STYLESHEET])

    report = "\n".join(
        f"{page}:\n  " + "\n  ".join(messages) for page, messages in errors.items()
    )
    assert errors == {}, f"The Nu Html Checker found errors:\n{report}"
