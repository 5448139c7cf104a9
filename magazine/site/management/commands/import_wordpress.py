import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from magazine.site.wordpress import wxr
from magazine.site.wordpress.importer import WordPressImport, remove_import


class Command(BaseCommand):
    help = _(
        "Imports a WordPress export (WXR 1.0–1.2): authors, categories, tags, "
        "posts, pages, comments and pictures, with redirects from the old addresses. "
        "Running it again updates what changed and skips the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help=_("the export file (Tools › Export)"))
        parser.add_argument(
            "--uploads", help=_("a copy of the site's wp-content/uploads folder")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("report only, write nothing")
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help=_("remove everything imports of this export's site created"),
        )

    def handle(self, export, uploads=None, dry_run=False, remove=False, **options):
        try:
            if remove:
                channel = wxr.check(export)
                removed = remove_import(channel.origin)
                self.stdout.write(
                    _("Removed: %(what)s")
                    % {"what": ", ".join(f"{n} {k}" for k, n in removed.items()) or "0"}
                )
                return
            if uploads and not os.path.isdir(uploads):
                raise CommandError(_("%(path)s is not a folder") % {"path": uploads})
            importer = WordPressImport(
                export, uploads, dry_run=dry_run, progress=self.progress_bar()
            )
            report = importer.run()
        except FileNotFoundError as error:
            raise CommandError(
                _("%(path)s: no such file") % {"path": error.filename}
            ) from None
        except wxr.WXRError as error:
            raise CommandError(f"{export}: {error}") from None
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        self.stdout.write(report.text())

    def progress_bar(self):
        """Items done, rate and time left, redrawn in place on a terminal."""
        if not sys.stderr.isatty():
            return None
        started = time.monotonic()

        def show(done: int, total: int) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            rate = done / elapsed
            left = (total - done) / rate if rate else 0
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                f"{rate:.0f}/s, {left:.0f} s left "
            )
            sys.stderr.flush()

        return show
