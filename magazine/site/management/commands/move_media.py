"""Moves every stored media file between the local folder and object storage."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace
from reversion.models import Version

from articles.models import Article
from magazine.cache import invalidate_pages
from magazine.site.models import Page


class Command(BaseCommand):
    help = (
        "Copy every media file (originals, renditions, portraits) to local disk or "
        "to the configured S3 bucket, and rewrite the media addresses stored in "
        "bodies, rendered bodies and revisions. Safe to run again: files already "
        "there are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", choices=["s3", "local"], required=True)

    def handle(self, *args, to, **options):
        if not getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""):
            raise CommandError(
                "Set AWS_STORAGE_BUCKET_NAME (and the other AWS_* variables) to "
                "the bucket to move media to or from."
            )
        remote = settings.MEDIA_URL
        if remote == settings.LOCAL_MEDIA_URL:
            raise CommandError(
                "MEDIA_URL must be the bucket's address: unset it to have it derived."
            )
        # Here, not at the top: django-storages is the optional "s3" extra.
        from storages.backends.s3 import S3Storage

        local = FileSystemStorage(
            location=settings.MEDIA_ROOT, base_url=settings.LOCAL_MEDIA_URL
        )
        bucket = S3Storage()
        source, target = (local, bucket) if to == "s3" else (bucket, local)
        copied = skipped = 0
        for name in stored_names(source):
            if target.exists(name) and target.size(name) == source.size(name):
                skipped += 1
                continue
            if target.exists(name):  # a copy cut short
                target.delete(name)
            with source.open(name) as file:
                saved = target.save(name, file)
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}: stopping.")
            copied += 1
        if to == "s3":
            rewritten = rewrite_addresses(local_prefixes(), remote)
        else:
            rewritten = rewrite_addresses([remote], settings.LOCAL_MEDIA_URL)
        invalidate_pages()
        self.stdout.write(
            f"{copied} files copied, {skipped} already there; "
            f"{rewritten} stored texts rewritten."
        )


def stored_names(storage, folder: str = ""):
    """Every file name under ``folder``, depth first."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def local_prefixes() -> list[str]:
    """How a body may spell a local media address: absolute, or a path after
    a quote (``src``, also inside a revision's JSON) or a comma (``srcset``)."""
    path = settings.LOCAL_MEDIA_URL
    return [f"{settings.SITE_URL}{path}", f'"{path}', f", {path}"]


def rewrite_addresses(old_prefixes: list[str], new: str) -> int:
    """Replaces media address prefixes in every stored text; returns rows changed."""
    fields = [
        (Article, "body"),
        (Article, "rendered_body"),
        (Page, "body"),
        (Version, "serialized_data"),
    ]
    changed = 0
    with transaction.atomic():
        for model, field in fields:
            for old in old_prefixes:
                lead = old[: len(old) - len(old.lstrip('", '))]
                changed += model.objects.filter(**{f"{field}__contains": old}).update(
                    **{field: Replace(F(field), Value(old), Value(lead + new))}
                )
    return changed
