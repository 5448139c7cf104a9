"""Moves every stored media file between the local folder and object storage."""

import re

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Q
from reversion.models import Version

from articles.models import (
    Article,
    Author,
    Autosave,
    Category,
    Comment,
    Image,
    StoryNote,
)
from magazine.cache import invalidate_pages
from magazine.models import SiteSettings
from magazine.site.models import Page
from newsletter.models import Edition

# Where a media address may be written down: HTML and plain text (every
# language's column), the admin's revisions, an edition's intro, and where
# redirects lead (not what they answer: readers keep asking for that).
TEXT_MODELS = {
    Article: None,
    Autosave: None,
    Author: None,
    Category: None,
    Comment: None,
    Image: None,
    StoryNote: None,
    Page: None,
    SiteSettings: None,
    Edition: None,
    Version: None,
    Redirect: ["new_path"],
}


class Command(BaseCommand):
    help = (
        "Copy every media file (originals, renditions, portraits) to local disk or "
        "to the configured S3 bucket, and rewrite the media addresses stored in "
        "bodies, rendered bodies and revisions. Safe to run again: files already "
        "there are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", choices=["s3", "local"], required=True)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be copied and which texts rewritten; change nothing.",
        )

    def handle(self, *args, to, dry_run=False, **options):
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
            if dry_run:
                copied += 1
                continue
            if target.exists(name):  # a copy cut short
                target.delete(name)
            with source.open(name) as file:
                saved = target.save(name, file)
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}: stopping.")
            copied += 1
        if to == "s3":
            rewrite = to_remote_addresses(remote)
        else:
            rewrite = to_local_addresses(remote)
        needle = settings.LOCAL_MEDIA_URL if to == "s3" else remote
        rewritten = rewrite_texts(needle, rewrite, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"Dry run: {copied} files to copy, {skipped} already there; "
                f"{sum(rewritten.values())} stored texts to rewrite."
            )
        else:
            invalidate_pages()
            self.stdout.write(
                f"{copied} files copied, {skipped} already there; "
                f"{sum(rewritten.values())} stored texts rewritten."
            )
        for where, count in sorted(rewritten.items()):
            self.stdout.write(f"  {where}: {count}")


def stored_names(storage, folder: str = ""):
    """Every file name under ``folder``, depth first."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def to_remote_addresses(remote: str):
    """The rewrite of local media addresses into ``remote`` ones: a path
    starting a text or following anything but a letter, digit, dot, dash or
    slash (a quote, ``srcset``'s comma, a space, a bracket), or the site's
    absolute address. Other sites' ``/media/`` paths and ``/media/`` with no
    file name after it (prose) stay."""
    path = re.escape(settings.LOCAL_MEDIA_URL)
    site = re.escape(settings.SITE_URL)
    address = re.compile(rf"(?:{site}|(?<![\w./:-])){path}(?=[\w%])")
    return lambda text: address.sub(lambda _match: remote, text)


def to_local_addresses(remote: str):
    """The rewrite of ``remote`` media addresses back into local paths."""
    return lambda text: text.replace(remote, settings.LOCAL_MEDIA_URL)


def text_fields(model) -> list[str]:
    """A model's free-text columns, each language's included."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, (models.TextField, models.CharField))
        and not isinstance(field, (models.EmailField, models.SlugField))
        and not field.choices
        and not field.primary_key
    ]


def rewrite_texts(needle: str, rewrite, *, dry_run: bool) -> dict[str, int]:
    """Applies ``rewrite`` to every stored text containing ``needle``; returns
    the rows changed per model. Rows are updated, not saved: no signal, no
    revision, no change of "last modified" for an address that moved."""
    changed = {}
    with transaction.atomic():
        for model, only in TEXT_MODELS.items():
            fields = only or text_fields(model)
            holding = Q()
            for field in fields:
                holding |= Q(**{f"{field}__contains": needle})
            rows = model._default_manager.filter(holding).values_list("pk", *fields)
            count = 0
            for pk, *texts in rows.iterator():
                changes = {
                    field: new
                    for field, old in zip(fields, texts, strict=True)
                    if old and (new := rewrite(old)) != old
                }
                if changes:
                    count += 1
                    if not dry_run:
                        model._default_manager.filter(pk=pk).update(**changes)
            if count:
                changed[model._meta.label] = count
    return changed
