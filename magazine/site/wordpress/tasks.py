"""The admin's imports, run by the task worker (``db_worker``)."""

import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from magazine.site.models import ImportRun
from magazine.site.wordpress import wxr
from magazine.site.wordpress.importer import WordPressImport

# An uploads archive is unpacked whole before the import: bounded, so a zip
# bomb cannot fill the disk.
MAX_UNPACKED_BYTES = 20 * 1024**3
MAX_MEMBERS = 500_000
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}


class UnsafeArchive(Exception):
    pass


def unpack_uploads(archive: Path, into: Path) -> Path:
    """The pictures of a zip of ``wp-content/uploads``, unpacked under ``into``
    (the folder the paths after ``/wp-content/uploads/`` start from).

    Refuses members that would land outside ``into`` (absolute paths, ``..``,
    links) and archives past the size and count caps, before writing any.
    """
    root = into.resolve()
    with zipfile.ZipFile(archive) as packed:
        members = packed.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeArchive(_("the archive holds too many files"))
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise UnsafeArchive(_("the archive unpacks to more than 20 GB"))
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts:
                raise UnsafeArchive(
                    _("the archive names a file outside itself: %(name)s")
                    % {"name": member.filename}
                )
            if (member.external_attr >> 16) & 0o170000 == 0o120000:
                raise UnsafeArchive(_("the archive holds a symbolic link"))
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/"))
            if member.is_dir() or name.suffix.lower() not in PICTURE_SUFFIXES:
                continue
            parts = name.parts
            if "uploads" in parts:  # wp-content/uploads/2024/… or uploads/2024/…
                parts = parts[parts.index("uploads") + 1 :]
            target = root.joinpath(*parts).resolve()
            if not target.is_relative_to(root):
                raise UnsafeArchive(_("the archive names a file outside itself"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with packed.open(member) as source, open(target, "wb") as copy:
                while chunk := source.read(1024 * 1024):
                    copy.write(chunk)
    return root


@task()
def run_import(run_id: int) -> str:
    """Runs an import started from the admin; its page shows the progress and
    the report. Running it again continues an interrupted import."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        return ""
    ImportRun.objects.filter(pk=run_id).update(state=ImportRun.State.RUNNING)
    state, report = ImportRun.State.DONE, ""
    try:
        with tempfile.TemporaryDirectory(prefix="wordpress-uploads-") as folder:
            uploads = None
            if run.uploads:
                with run.uploads.open("rb") as archive:
                    uploads = unpack_uploads(archive, Path(folder))
            importer = WordPressImport(
                run.export.path, uploads, dry_run=run.dry_run, run=run
            )
            report = importer.run().text()
            ImportRun.objects.filter(pk=run_id).update(origin=importer.origin)
    except (wxr.WXRError, UnsafeArchive, zipfile.BadZipFile) as error:
        state, report = ImportRun.State.FAILED, str(error)
    except Exception as error:
        # Recorded on the run's page, then left to the worker's own log.
        ImportRun.objects.filter(pk=run_id).update(
            state=ImportRun.State.FAILED,
            report=_("The import stopped: %(error)s. Start it again to continue.")
            % {"error": error},
            finished_at=timezone.now(),
        )
        raise
    ImportRun.objects.filter(pk=run_id).update(
        state=state, report=report, finished_at=timezone.now()
    )
    return state
