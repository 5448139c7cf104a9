"""The Spanish catalogues: complete (every message marked in the code is in them),
compiled, and in use on every reader page."""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from magazine.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

CATALOGUES = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("*/**/locale/es/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)


def read_po(path: Path) -> dict[tuple[str | None, str], list[str]]:
    """``(context, msgid)`` → its translations (one per plural form), fuzzy
    entries under the key ``("#fuzzy", msgid)``; obsolete entries skipped."""
    entries = {}
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                fields[current] += ast.literal_eval(line)
                continue
            current, _, value = line.partition(" ")
            fields[current] = ast.literal_eval(value)
        if "msgid" not in fields or not fields["msgid"]:
            continue
        key = ("#fuzzy" if fuzzy else fields.get("msgctxt"), fields["msgid"])
        if "msgid_plural" in fields:
            entries[key] = [
                v for k, v in sorted(fields.items()) if k.startswith("msgstr[")
            ]
        else:
            entries[key] = [fields["msgstr"]]
    return entries


def test_there_is_a_spanish_catalogue_for_the_kernel_the_site_and_each_app():
    owners = {path.relative_to(settings.BASE_DIR).parts[0:-4] for path in CATALOGUES}

    assert owners == {
        ("magazine",),
        ("magazine", "site"),
        ("articles",),
        ("newsletter",),
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.parent.parent.parent))
def test_every_message_has_a_spanish_translation_and_none_is_fuzzy(path):
    entries = read_po(path)
    missing = [msgid for (context, msgid), forms in entries.items() if not all(forms)]
    fuzzy = [msgid for (context, msgid) in entries if context == "#fuzzy"]

    assert entries
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.parent.parent.parent))
def test_the_compiled_catalogue_is_up_to_date_with_its_source(path):
    with path.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog

    for (context, msgid), forms in read_po(path).items():
        key = msgid if context is None else f"{context}\x04{msgid}"
        if len(forms) == 1:
            assert catalog.get(key) == forms[0], (
                f"{msgid!r}: run manage.py compilemessages"
            )
        else:
            compiled_forms = [catalog.get((key, n)) for n in range(len(forms))]
            assert compiled_forms == forms, f"{msgid!r}: run manage.py compilemessages"


# README "Languages": what makemessages reads, and what it leaves out.
MAKEMESSAGES_IGNORES = (".venv", ".git", ".ci", "tests", "static", "var")


@pytest.fixture(scope="module")
def regenerated_catalogues(tmp_path_factory) -> dict[Path, Path]:
    """Each catalogue → its copy after README's makemessages ran over a copy of the
    code: a message marked in the code but missing from the catalogue comes back
    in the copy untranslated (or as a fuzzy guess). Run on a copy so that the
    test never writes to the working tree."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("makemessages") / "project"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            *MAKEMESSAGES_IGNORES, "__pycache__", "*.egg-info", "*.mo", ".*_cache"
        ),
    )
    ignores = [arg for name in MAKEMESSAGES_IGNORES for arg in ("-i", f"{name}/*")]
    environment = {**os.environ, "ENV_FILE": str(base / ".env")}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-wrap",
            *ignores,
        ],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {path: copy / path.relative_to(base) for path in CATALOGUES}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.parent.parent.parent))
def test_every_message_marked_in_the_code_is_in_the_catalogue(
    path, regenerated_catalogues
):
    committed = read_po(path)
    regenerated = read_po(regenerated_catalogues[path])
    missing = sorted(
        msgid
        for (context, msgid), forms in regenerated.items()
        if (context, msgid) not in committed or not all(forms)
    )

    assert missing == [], (
        "marked in the code but not translated in the catalogue: run README's "
        "makemessages, translate, then compilemessages"
    )


def interface_strings() -> set[str]:
    """Our English interface words, from the catalogues' msgids: each piece of
    text between placeholders and tags, long enough to mean something."""
    pieces = set()
    for path in CATALOGUES:
        for context, msgid in read_po(path):
            if context == "date format":
                continue
            for piece in re.split(r"%\(\w+\)[sd]|\{[^}]*\}|<[^>]+>|\n", msgid):
                piece = piece.strip(" .,:;“”←·")
                if len(piece) >= 12 and piece.count(" ") >= 1:
                    pieces.add(piece)
    return pieces


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/es/",
        "/es/boats/",
        "/es/boats/record-show/",
        "/es/tag/boats/",
        "/es/author/elena/",
        "/es/buscar/",
        "/es/buscar/?q=crowds",
        "/es/no-such-page/",
        "/es/newsletter/",
    ],
)
def test_a_spanish_page_shows_none_of_our_english_interface_strings(client, path):
    SiteSettings.load()
    boats = CategoryFactory(name="Boats", slug="boats", in_navigation=True)
    story = ArticleFactory(
        category=boats,
        slug="record-show",
        headline="Record crowds",
        authors=[AuthorFactory(name="Elena Marquez", slug="elena")],
    )
    story.tags.add("boats")

    page = client.get(path).content.decode()
    leaked = sorted(piece for piece in interface_strings() if piece in page)

    assert 'lang="es"' in page
    assert leaked == []
