"""Import from WordPress in the admin: superusers only, run by a real worker."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import Image as PILImage

from articles.models import Article, Image
from magazine.site.models import ImportedItem, ImportRun
from magazine.site.wordpress.tasks import UnsafeArchive, unpack_uploads
from tests.articles.admin_helpers import staff
from tests.helpers import sign_in
from tests.site import wxr_builder as w

UPLOADS = "https://old.example.com/wp-content/uploads/2024/03/"


def uploads_zip(*extra: tuple[str, bytes]) -> bytes:
    picture = io.BytesIO()
    PILImage.new("RGB", (200, 100)).save(picture, "JPEG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("wp-content/uploads/2024/03/boat.jpg", picture.getvalue())
        for name, data in extra:
            packed.writestr(name, data)
    return archive.getvalue()


@pytest.fixture
def export(tmp_path):
    return w.export(
        tmp_path / "export.xml",
        w.item(1, "From the admin", metas=[w.meta("_thumbnail_id", "50")]),
        w.item(
            50,
            "Boat",
            post_type="attachment",
            status="inherit",
            attachment_url=f"{UPLOADS}boat.jpg",
        ),
    )


@pytest.mark.django_db(transaction=True)  # the worker opens and closes connections
def test_a_superuser_imports_through_the_worker(admin_client, export, admin_user):
    response = admin_client.post(
        "/admin/site/importrun/add/",
        {
            "export": SimpleUploadedFile("export.xml", export.read_bytes()),
            "uploads": SimpleUploadedFile("uploads.zip", uploads_zip()),
        },
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.QUEUED
    assert run.created_by == admin_user
    assert "/media/" not in run.export.path  # kept out of public media

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False)

    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE, run.report
    assert run.origin == "https://old.example.com"
    assert "posts: 1 imported" in run.report
    story = Article.objects.get(headline="From the admin")
    assert story.lead_image == Image.objects.get()
    page = admin_client.get(f"/admin/site/importrun/{run.pk}/change/")
    assert b"<progress" in page.content
    assert b"posts: 1 imported" in page.content
    story_page = admin_client.get(f"/admin/articles/article/{story.pk}/change/")
    assert b"WordPress import" in story_page.content

    admin_client.post(
        "/admin/site/importrun/",
        {"action": "remove_imported", "_selected_action": [run.pk]},
    )
    assert not Article.objects.exists()
    assert not ImportedItem.objects.exists()


@pytest.mark.django_db
def test_editors_cannot_import():
    editor = sign_in(Client(), staff("sophie", "Editors"))
    assert editor.get("/admin/site/importrun/add/").status_code == 403
    assert editor.get("/admin/site/importrun/").status_code == 403


@pytest.mark.parametrize(
    "name", ["../escape.jpg", "/etc/evil.jpg", "wp-content/uploads/../../x.jpg"]
)
def test_an_archive_that_reaches_outside_is_refused(tmp_path, name):
    archive = tmp_path / "bad.zip"
    archive.write_bytes(uploads_zip((name, b"x")))
    with pytest.raises(UnsafeArchive):
        unpack_uploads(archive, tmp_path / "out")
    assert not (tmp_path / "out" / "2024").exists()


def test_an_archive_unpacks_to_the_uploads_paths(tmp_path):
    archive = tmp_path / "good.zip"
    archive.write_bytes(uploads_zip(("wp-content/uploads/notes.php", b"<?php")))
    root = unpack_uploads(archive, tmp_path / "out")
    assert (root / "2024" / "03" / "boat.jpg").is_file()
    assert not (root / "notes.php").exists()
