"""The WordPress import: an export (and a copy of its uploads) into the magazine.

Idempotent and resumable: every item's WordPress id is kept with what it
became (``ImportedItem``) with a digest of the item, so a second run skips
what is unchanged, updates what changed and continues where an interrupted
run stopped. Items are written in batches of ``BATCH`` per transaction, each
in a savepoint of its own, so one broken item is reported and skipped. New
stories are inserted together at the end of their batch (one by one only if
the database refuses the lot, so that the refused one alone is skipped); the
rows an item adds beside itself (new comments, tag, section and byline links,
its ``ImportedItem``, a new story's first revision) are gathered and written
once per batch, as is the derived data (bylines, comment counts); the page
cache is invalidated once per import (``magazine.cache.held_invalidations``).
"""

import copy
import hashlib
import ipaddress
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem

from articles.images.markup import render_body
from articles.images.uploads import clean_upload
from articles.models import Article, ArticleAuthor, Author, Category, Comment, Image
from articles.models.categories import RESERVED_SLUGS
from articles.redirects import record_moves
from articles.services import record_revisions
from articles.signals import count_comments, write_bylines
from magazine.cache import held_invalidations, invalidate_pages
from magazine.plaintext import comment_html
from magazine.planner_statistics import refresh_planner_statistics
from magazine.richtext import only_library_images
from magazine.site.models import ImportedItem, ImportRun, Page
from magazine.site.wordpress import bodies, wxr

BATCH = 100
POST_STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
    "private": Article.Status.PRIVATE,
}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
COMMENT_STATES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
}
_SIZED_COPY = re.compile(r"-(\d+x\d+|scaled|rotated)(?=\.\w+$)")
_YOAST_VARIABLE = re.compile(r"%%\w+%%")


@dataclass
class Report:
    """What an import did, for the terminal and the admin page."""

    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    missing_media: set[str] = field(default_factory=set)
    redirects: int = 0
    held_invalidations: int = 0

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def mark(self) -> tuple:
        """Where the report stands, to go back to (``rewind``): the lists that
        only grow are kept as their lengths."""
        return (
            copy.deepcopy(self.counts),
            len(self.skipped),
            len(self.notes),
            self.unknown_shortcodes.copy(),
            set(self.missing_media),
            self.redirects,
        )

    def rewind(self, mark: tuple) -> None:
        self.counts, skipped, notes, shortcodes, missing, self.redirects = mark
        del self.skipped[skipped:], self.notes[notes:]
        self.unknown_shortcodes, self.missing_media = shortcodes, missing

    def skip(self, kind: str, what: str, reason: str) -> None:
        self.count(kind, "skipped")
        self.skipped.append(f"{kind} {what}: {reason}")

    def text(self) -> str:
        lines = [_("Dry run: nothing was written.")] if self.dry_run else []
        for kind in sorted(self.counts):
            outcomes = ", ".join(
                f"{n} {outcome}" for outcome, n in sorted(self.counts[kind].items())
            )
            lines.append(f"{kind}: {outcomes}")
        lines.append(_("redirects made: %(n)d") % {"n": self.redirects})
        if self.notes:
            lines.append(_("Notes:"))
            lines += [f"  {note}" for note in self.notes]
        if self.skipped:
            lines.append(_("Skipped:"))
            lines += [f"  {line}" for line in self.skipped]
        if self.unknown_shortcodes:
            lines.append(
                _("Shortcodes kept as text: %(codes)s")
                % {
                    "codes": ", ".join(
                        f"[{name}] ({n})"
                        for name, n in sorted(self.unknown_shortcodes.items())
                    )
                }
            )
        if self.missing_media:
            lines.append(_("Missing media:"))
            lines += [f"  {path}" for path in sorted(self.missing_media)]
        return "\n".join(lines)


class _DryRun(Exception):
    """Rolls a dry run's writes back."""


class _ItemFailed(Exception):
    """An item failed in a batch written without a savepoint per item."""


def digest(element: wxr.Element) -> str:
    hashed = hashlib.sha256()

    def walk(node):
        hashed.update(node.tag.encode())
        hashed.update(repr(sorted(node.attrs.items())).encode())
        hashed.update(node.text.encode("utf-8", "surrogatepass"))
        for child in node.children:
            walk(child)
        hashed.update(b"\x00")

    walk(element)
    return hashed.hexdigest()


def original_path(path: str) -> str:
    """WordPress's resized and scaled copies (``-1024x683``, ``-scaled``) name
    their original."""
    return _SIZED_COPY.sub("", unquote(path))


def readable_slug(name: str, fallback: str, max_length: int = 200) -> str:
    """A percent-encoded non-ASCII ``post_name`` as a readable ASCII slug."""
    slug = slugify(unquote(name or "")) or slugify(fallback) or "item"
    return slug[:max_length].strip("-") or "item"


def resolve_yoast(text: str, title: str) -> str:
    """Yoast's ``%%title%%``-style variables resolved, unknown ones dropped."""
    known = {"%%title%%": title, "%%sitename%%": settings.SITE_NAME, "%%sep%%": "–"}
    text = _YOAST_VARIABLE.sub(lambda m: known.get(m.group(0), ""), text or "")
    return re.sub(r"\s+", " ", text).strip(" –|-")


class WordPressImport:
    """``WordPressImport(path, uploads=None, dry_run=False).run()`` → Report."""

    def __init__(
        self,
        path,
        uploads=None,
        *,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
        run: ImportRun | None = None,
        batch_size: int = BATCH,
    ):
        self.path = Path(path)
        self.uploads = Path(uploads) if uploads else None
        self.dry_run = dry_run
        self.progress = progress
        self.import_run = run
        self.batch_size = batch_size
        self.report = Report(dry_run=dry_run)

    # The run -----------------------------------------------------------------

    def run(self) -> Report:
        self.channel = wxr.check(self.path)  # nothing written before this passes
        self.origin = self.channel.origin
        self.now = timezone.now()
        self.types = {
            model: ContentType.objects.get_for_model(model)
            for model in (
                Author,
                Category,
                Tag,
                Article,
                Page,
                Comment,
                Image,
                Redirect,
            )
        }
        self.known = {
            (kind, wp_id): (pk, object_id, item_digest)
            for pk, kind, wp_id, object_id, item_digest in ImportedItem.objects.filter(
                origin=self.origin
            ).values_list("pk", "kind", "wp_id", "object_id", "digest")
        }
        self.authors: dict[str, int] = {}
        self.categories: dict[str, int] = {}
        self.category_ids: dict[str, str] = {}  # term id → nicename
        self.pending_categories: list[wxr.Element] = []
        self.files: dict[str, tuple[str, str]] = {}
        self.attachments_by_path = {
            original_path(p): a
            for a in self.channel.attachments.values()
            if (p := bodies.uploads_path(a.url))
        }
        self.pending_links: set[int] = set()
        self.image_ids: dict[str, int] = {}
        self.author_names: dict[int, str] = {}
        self.stored_depths: dict[int, int | None] = {}
        # Looked up once per run, not once per story.
        self.slugs = dict(Article.objects.order_by().values_list("slug", "pk"))
        self.category_objects: dict[int, Category] = {}
        self.tag_ids: dict[str, int] = {}
        self.link_targets: dict[tuple[str, str], str | None] = {}
        self.attachment_ids = {
            original_path(p): attachment_id
            for attachment_id, a in self.channel.attachments.items()
            if (p := bodies.uploads_path(a.url))
        }
        try:
            with held_invalidations() as held:
                if self.dry_run:
                    with transaction.atomic():
                        self._import_all()
                        raise _DryRun
                else:
                    self._import_all()
        except _DryRun:
            pass
        self.report.held_invalidations = held.asked
        if not self.dry_run:
            # Thousands of stories at once: the planner must hear of them now.
            refresh_planner_statistics()
        return self.report

    def _import_all(self) -> None:
        total, done = self.channel.items, 0
        batch: list[wxr.Entry] = []
        for entry in wxr.entries(self.path):
            if entry.kind == "item" and batch and batch[-1].kind != "item":
                # Terms come first in an export: all of them are known here.
                self._write_batch(batch)
                done += len(batch)
                batch = []
            if entry.kind == "item" and self.pending_categories:
                with transaction.atomic():
                    self._create_categories()
            batch.append(entry)
            if len(batch) >= self.batch_size:
                self._write_batch(batch)
                done += len(batch)
                batch = []
                self._progress(done, total)
        self._write_batch(batch)
        if self.pending_categories:
            with transaction.atomic():
                self._create_categories()
        done += len(batch)
        self._progress(done, total)
        self._relink_pending()

    def _progress(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(done, total)
        if self.import_run is not None and not self.dry_run:
            ImportRun.objects.filter(pk=self.import_run.pk).update(
                items_done=done, items_total=total
            )

    def _write_batch(self, batch: list[wxr.Entry]) -> None:
        """The batch in one transaction, its items first without a savepoint
        each (two statements an item saved); if one of them fails, the batch
        is rolled back, what the run remembers is put back as it was, and the
        batch is written again with a savepoint per item, so that the broken
        item alone is reported and skipped."""
        if not batch:
            return
        before = self._remembered()
        try:
            self._write_items(batch, savepoints=False)
        except _ItemFailed:
            self._restore(before)
            self._write_items(batch, savepoints=True)

    _REMEMBERED = (
        "known",
        "authors",
        "author_names",
        "categories",
        "category_ids",
        "pending_categories",
        "files",
        "image_ids",
        "pending_links",
        "stored_depths",
        "slugs",
        "category_objects",
        "tag_ids",
        "link_targets",
    )

    def _remembered(self) -> dict:
        """What the run holds in memory, as a batch may have to find it again."""
        kept = {name: copy.copy(getattr(self, name)) for name in self._REMEMBERED}
        kept["report"] = self.report.mark()
        return kept

    def _restore(self, kept: dict) -> None:
        self.report.rewind(kept.pop("report"))
        for name, value in kept.items():
            setattr(self, name, value)

    def _write_items(self, batch: list[wxr.Entry], *, savepoints: bool) -> None:
        self.touched_articles: set[int] = set()
        self.updated_stories: list[int] = []
        self.moves: dict[str, str] = {}
        rows = self.batch_rows = _BatchRows()
        with transaction.atomic():
            new_stories: list[_BatchRows] = []
            for entry in batch:
                what = entry.element.get("wp:post_id") or entry.kind
                if entry.broken:
                    self.report.skip(entry.kind, what, entry.broken)
                    continue
                self.rows = _BatchRows(line=entry.line)
                try:
                    with transaction.atomic() if savepoints else nullcontext():
                        getattr(self, f"_{entry.kind}")(entry.element)
                except (ValidationError, ValueError, LookupError) as error:
                    if not savepoints:
                        raise _ItemFailed from error
                    self.report.skip(
                        entry.kind, f"{what} (line {entry.line})", str(error)[:300]
                    )
                except DatabaseError as error:
                    if not savepoints:
                        raise _ItemFailed from error
                    raise
                else:
                    rows.merge(self.rows)
                    if self.rows.story is not None:
                        new_stories.append(self.rows)
            landed = self._insert_stories(rows, new_stories)
            # Comments of a story met again on a later one: counted afresh.
            self.touched_articles.update(s.pk for s in rows.recount if s.pk)
            self._write_rows(rows)
            record_revisions(
                story_ids=[story.pk for story in landed],
                comment=_("Imported from WordPress."),
                date_created=self.now,
            )
            if self.touched_articles:
                write_bylines(self.touched_articles)
                count_comments(self.touched_articles)
            record_revisions(
                story_ids=self.updated_stories,
                comment=_("Updated from WordPress."),
                date_created=self.now,
            )
            if self.moves:
                record_moves(self.moves)
                self.report.redirects += len(self.moves)

    def _insert_stories(
        self, rows: "_BatchRows", new_stories: list["_BatchRows"]
    ) -> list[Article]:
        """The batch's new stories in one INSERT, then what their saves would
        have done: the rows that needed their ids, the page cache told once.

        A story the database refuses (a slug taken since the run began, say)
        would fail the whole INSERT: then each is inserted in a savepoint of
        its own, and the refused one is reported and skipped with every row
        it brought, while the rest land.
        """
        stories = [item.story for item in new_stories]
        if not stories:
            return []
        try:
            with transaction.atomic():
                Article.objects.bulk_create(stories)
            landed = new_stories
        except DatabaseError:
            landed = []
            for item in new_stories:
                item.story.pk = None
                try:
                    with transaction.atomic():
                        Article.objects.bulk_create([item.story])
                except DatabaseError as error:
                    item.story.pk = None
                    self._drop_story(rows, item, error)
                else:
                    landed.append(item)
        for item in landed:
            story = item.story
            self.slugs[story.slug] = story.pk
            if item.relink:
                self.pending_links.add(story.pk)
            rows.items[("post", item.post_id)].object_id = story.pk
            rows.tag_links += [
                TaggedItem(
                    content_type=self.types[Article],
                    object_id=story.pk,
                    tag_id=tag_id,
                )
                for tag_id in item.tag_ids
            ]
        if landed:
            invalidate_pages()  # a bulk INSERT sends no post_save
        return [item.story for item in landed]

    def _drop_story(self, rows: "_BatchRows", item: "_BatchRows", error) -> None:
        """A new story the database refused: reported, and nothing it brought
        is written (its comments, links, redirect, import record)."""
        story = item.story
        rows.discard(item)
        if self.slugs.get(story.slug) is story:
            del self.slugs[story.slug]
        self.known.pop(("post", item.post_id), None)
        self.link_targets.pop(("post", item.post_id), None)
        if item.moved_from:
            self.moves.pop(item.moved_from, None)
        self.report.counts["posts"] -= Counter(imported=1)
        self.report.counts["comments"] -= Counter(imported=len(item.comments))
        self.report.skip(
            "posts", f"{item.post_id} (line {item.line})", str(error).strip()[:300]
        )

    def _write_rows(self, rows: "_BatchRows") -> None:
        """The batch's new comments (parents first: one INSERT per depth), tag,
        section and byline links, written together once the items are through."""
        by_depth = defaultdict(list)
        for comment in rows.comments:
            by_depth[comment.depth].append(comment)
        for depth in sorted(by_depth):
            Comment.objects.bulk_create(by_depth[depth])
        noted = ImportedItem.objects.bulk_create(
            ImportedItem(
                origin=self.origin,
                kind="comment",
                wp_id=wp_id,
                content_type=self.types[Comment],
                object_id=comment.pk,
                imported_at=self.now,
            )
            for wp_id, comment in rows.comment_ids.items()
        )
        for item in noted:
            self.known[("comment", item.wp_id)] = (item.pk, item.object_id, "")
        for item in ImportedItem.objects.bulk_create(rows.items.values()):
            self.known[(item.kind, item.wp_id)] = (
                item.pk,
                item.object_id,
                item.digest,
            )
        TaggedItem.objects.bulk_create(rows.tag_links)
        ArticleAuthor.objects.bulk_create(rows.author_links)
        Article.secondary_categories.through.objects.bulk_create(rows.section_links)

    # Bookkeeping ---------------------------------------------------------------

    def _seen(self, kind: str, wp_id: str):
        return self.known.get((kind, wp_id))

    _COUNTED_AS = {"category": "categories"}

    def _reuse(self, kind, wp_id, existing, note: str = "", **extra) -> None:
        """What the site already holds stands for the WordPress item: said in
        the report (when ``note``), remembered as reused, counted."""
        if note:
            self.report.notes.append(note)
        self._remember(kind, wp_id, existing, reused=True, **extra)
        self.report.count(self._COUNTED_AS.get(kind, f"{kind}s"), "reused")

    def _remember(self, kind, wp_id, target, *, item_digest="", reused=False, **extra):
        """Notes what a WordPress item became: one UPDATE for a known one; a new
        post, page or comment is noted with its batch (``_write_rows``), any
        other new item by one INSERT."""
        values = {
            "run": self.import_run if self.import_run and self.import_run.pk else None,
            "content_type": self.types[type(target)],
            "object_id": target.pk,
            "digest": item_digest,
            "reused": reused,
            "imported_at": self.now,
            **extra,
        }
        seen = self._seen(kind, wp_id)
        if seen and seen[0] is None:  # twice in one batch: not written yet
            pending = (
                self.rows.items.get((kind, wp_id))
                or self.batch_rows.items[(kind, wp_id)]
            )
            for name, value in values.items():
                setattr(pending, name, value)
            pk = None
        elif seen:
            ImportedItem.objects.filter(pk=seen[0]).update(**values)
            pk = seen[0]
        elif kind in ("post", "page"):
            self.rows.items[(kind, wp_id)] = ImportedItem(
                origin=self.origin, kind=kind, wp_id=wp_id, **values
            )
            pk = None
        else:
            pk = ImportedItem.objects.create(
                origin=self.origin, kind=kind, wp_id=wp_id, **values
            ).pk
        self.known[(kind, wp_id)] = (pk, target.pk, item_digest)

    # Authors, categories, tags -------------------------------------------------

    def _author(self, element: wxr.Element) -> None:
        login = element.get("wp:author_login").strip()
        if not login:
            raise ValueError(_("an author without a login"))
        self._ensure_author(
            login,
            element.get("wp:author_display_name").strip() or login,
            element.get("wp:author_email").strip(),
            wp_author_id=element.get("wp:author_id").strip(),
        )

    def _ensure_author(
        self, login: str, name: str, email: str = "", *, wp_author_id: str = ""
    ) -> int:
        """The author of a WordPress login; its numeric WordPress id, when the
        export gives one, is kept for ``/?author=ID``."""
        if login in self.authors:
            return self.authors[login]
        slug = readable_slug(login, login, 150)
        seen = self._seen("author", login)
        author = Author.objects.filter(pk=seen[1]).first() if seen else None
        custom = {"author_id": wp_author_id} if wp_author_id else {}
        if author is None:
            author = Author.objects.filter(slug=slug).first()
            if author is not None:
                self._reuse(
                    "author",
                    login,
                    author,
                    _("author %(login)s: the existing author “%(name)s” is used")
                    % {"login": login, "name": author.name},
                    custom_fields=custom,
                )
            else:
                author = Author.objects.create(name=name[:150], slug=slug, email=email)
                self._remember("author", login, author, custom_fields=custom)
                self.report.count("authors", "imported")
            self.authors[login] = author.pk
            self.author_names[author.pk] = author.name
            return author.pk
        if custom:  # imported before its id was kept, or renumbered since
            ImportedItem.objects.filter(pk=seen[0]).filter(
                Q(custom_fields__author_id__isnull=True)
                | ~Q(custom_fields__author_id=wp_author_id)
            ).update(custom_fields=custom)
        if (author.name, author.email) != (name[:150], email) and not seen_reused(
            self.known, "author", login
        ):
            author.name, author.email = name[:150], email
            author.save()
            self.report.count("authors", "updated")
        else:
            self.report.count("authors", "unchanged")
        self.authors[login] = author.pk
        self.author_names[author.pk] = author.name
        return author.pk

    def _category(self, element: wxr.Element) -> None:
        self.pending_categories.append(element)

    def _term(self, element: wxr.Element) -> None:
        taxonomy = element.get("wp:term_taxonomy")
        if taxonomy == "category":
            self.pending_categories.append(
                _as_category(element, "wp:term_slug", "wp:term_parent", "wp:term_name")
            )
        elif taxonomy == "post_tag":
            self._ensure_tag(element.get("wp:term_slug"), element.get("wp:term_name"))
        else:
            self.report.skip(
                "term",
                element.get("wp:term_slug"),
                _("taxonomy %(t)s") % {"t": taxonomy},
            )

    def _tag(self, element: wxr.Element) -> None:
        self._ensure_tag(element.get("wp:tag_slug"), element.get("wp:tag_name"))

    def _ensure_tag(self, slug: str, name: str) -> str:
        slug = readable_slug(slug.strip(), name, 100)
        name = (name.strip() or slug)[:100]
        if seen := self._seen("tag", slug):
            self.tag_ids.setdefault(name, seen[1])
            return name
        tag = (
            Tag.objects.filter(slug=slug).first()
            or Tag.objects.filter(name=name).first()
        )
        if tag is not None:
            self._reuse("tag", slug, tag)
        else:
            tag = Tag.objects.create(name=name, slug=slug)
            self._remember("tag", slug, tag)
            self.report.count("tags", "imported")
        self.tag_ids[tag.name] = tag.pk
        return tag.name

    def _create_categories(self) -> None:
        """Categories nested by their parents, whichever comes first in the file."""
        by_slug = {}
        for element in self.pending_categories:
            slug = unquote(element.get("wp:category_nicename").strip())
            by_slug[slug] = element
            if term_id := element.get("wp:term_id").strip():
                self.category_ids[term_id] = slug
        self.pending_categories = []

        def ensure(slug: str, trail=()) -> int | None:
            if slug in self.categories:
                return self.categories[slug]
            element = by_slug.get(slug)
            parent_slug = (
                unquote(element.get("wp:category_parent").strip()) if element else ""
            )
            parent_id = None
            if parent_slug and parent_slug not in trail and parent_slug in by_slug:
                parent_id = ensure(parent_slug, (*trail, slug))
            name = element.get("wp:cat_name").strip() if element else slug
            return self._ensure_category(slug, name or slug, parent_id, element)

        for slug in by_slug:
            ensure(slug)

    def _ensure_category(self, nicename, name, parent_id, element=None) -> int:
        seen = self._seen("category", nicename)
        if seen and (category := Category.objects.filter(pk=seen[1]).first()):
            self.categories[nicename] = category.pk
            self.report.count("categories", "unchanged")
            return category.pk
        slug = readable_slug(nicename, name, 100)
        if parent_id is None and slug in RESERVED_SLUGS:
            renamed = f"{slug}-section"
            self.report.notes.append(
                _("category %(slug)s: the address is the site's own; renamed %(new)s")
                % {"slug": slug, "new": renamed}
            )
            slug = renamed
        existing = Category.objects.filter(parent_id=parent_id, slug=slug).first()
        if existing is not None:
            self._reuse(
                "category",
                nicename,
                existing,
                _("category %(slug)s: the existing section “%(name)s” is used")
                % {"slug": nicename, "name": existing.full_name},
            )
            self.categories[nicename] = existing.pk
            return existing.pk
        category = Category(
            name=name[:100].replace("›", "-"),
            slug=slug,
            parent_id=parent_id,
            description=strip_tags(element.get("wp:category_description"))
            if element
            else "",
        )
        category.save()
        term_id = element.get("wp:term_id").strip() if element else ""
        self._remember(
            "category", nicename, category, custom_fields={"term_id": term_id}
        )
        self.report.count("categories", "imported")
        self.categories[nicename] = category.pk
        return category.pk

    # Items ---------------------------------------------------------------------

    def _item(self, element: wxr.Element) -> None:
        post_type = element.get("wp:post_type").strip()
        post_id = element.get("wp:post_id").strip()
        status = element.get("wp:status").strip()
        if post_type == "attachment":
            self.report.count("attachments", "stored when used")
            return
        if post_type not in ("post", "page"):
            self.report.skip(post_type or "item", post_id, _("not a post or a page"))
            return
        if status in SKIPPED_STATUSES:
            self.report.skip(
                post_type + "s", post_id, _("status %(s)s") % {"s": status}
            )
            return
        item_digest = digest(element)
        seen = self._seen(post_type, post_id)
        if seen and seen[2] == item_digest:
            self.report.count(post_type + "s", "unchanged")
            return
        if post_type == "post":
            self._post(element, post_id, status, item_digest, seen)
        else:
            self._page(element, post_id, status, item_digest, seen)

    def _convert(self, element: wxr.Element, sanitize) -> str:
        conversion = bodies.convert(
            element.get("content:encoded"),
            sanitize=sanitize,
            attachment=self._attachment,
            picture=self._picture,
            link=self._link,
        )
        self.report.unknown_shortcodes.update(conversion.unknown_shortcodes)
        self.report.missing_media |= conversion.missing_media
        self._pending = conversion.pending_links
        return conversion.html

    def _post(self, element, post_id, status, item_digest, seen) -> None:
        custom = wxr.meta(element)
        title = element.get("title").strip() or _("Untitled")
        if seen and seen[1] is None:
            raise ValueError(
                _("post %(id)s comes twice in the export: the first is kept")
                % {"id": post_id}
            )
        article = Article.objects.filter(pk=seen[1]).first() if seen else None
        created = article is None
        if created:
            article = Article(created_by=None)
        login = element.get("dc:creator").strip()
        author_id = None
        if login:
            author_id = self._ensure_author(login, login)
        names = [
            (
                c.attrs.get("domain"),
                unquote(c.attrs.get("nicename", "")),
                c.text.strip(),
            )
            for c in element.findall("category")
        ]
        sections = []
        tags = []
        for domain, nicename, name in names:
            if domain == "category":
                if nicename not in self.categories:
                    self._ensure_category(nicename or slugify(name), name, None)
                sections.append(self.categories[nicename or slugify(name)])
            elif domain == "post_tag":
                tags.append(self._ensure_tag(nicename or slugify(name), name))
        primary_term = custom.pop("_yoast_wpseo_primary_category", "").strip()
        primary = self.categories.get(self.category_ids.get(primary_term, ""))
        if primary not in sections:
            primary = sections[0] if sections else None
        if primary is None:
            primary = self._ensure_category("uncategorized", _("Uncategorized"), None)
        password = element.get("wp:post_password").strip()
        article.headline = title[:200]
        article.slug = self._unique_slug(
            readable_slug(element.get("wp:post_name").strip(), title), article.pk
        )
        article.standfirst = strip_tags(element.get("excerpt:encoded")).strip()
        article.body = self._convert(element, Article._meta.get_field("body").sanitize)
        article.status = (
            Article.Status.PRIVATE
            if password
            else POST_STATUSES.get(status, Article.Status.DRAFT)
        )
        if password:
            self.report.notes.append(
                _("post %(id)s is password-protected: imported as private")
                % {"id": post_id}
            )
        article.publish_at = (
            wxr.export_time(
                element.get("wp:post_date_gmt"), element.get("wp:post_date")
            )
            or self.now
        )
        article.category = self._category_object(primary)
        article.is_featured = element.get("wp:is_sticky").strip() == "1"
        article.comments = (
            Article.Comments.OPEN
            if element.get("wp:comment_status").strip() == "open"
            else Article.Comments.CLOSED
        )
        article.seo_title = resolve_yoast(custom.pop("_yoast_wpseo_title", ""), title)[
            :200
        ]
        article.meta_description = resolve_yoast(
            custom.pop("_yoast_wpseo_metadesc", ""), title
        )[:300]
        thumbnail = custom.pop("_thumbnail_id", "").strip()
        article.lead_image_id = self._featured(thumbnail) if thumbnail else None
        if created:
            # Inserted with the batch's other new stories (``_insert_stories``),
            # prepared as ``Article.save()`` and its pre_save signal would.
            article.prepare_body()
            article.rendered_body = render_body(article.body)
            self.rows.story, self.rows.post_id = article, post_id
            self.rows.relink = bool(self._pending)
            self.slugs[article.slug] = article  # taken; its id comes with the INSERT
        else:
            article.save()
            self.slugs[article.slug] = article.pk
            self.touched_articles.add(article.pk)
            self.updated_stories.append(article.pk)
            if self._pending:
                self.pending_links.add(article.pk)
        secondary = [s for s in sections if s != primary]
        if not created:
            article.secondary_categories.set(secondary)
            article.tags.set(tags)
        else:  # a new story: its rows written with the batch's
            self.rows.section_links += [
                Article.secondary_categories.through(article=article, category_id=pk)
                for pk in dict.fromkeys(secondary)
            ]
            self.rows.tag_ids += [
                self.tag_ids[name]
                for name in dict.fromkeys(tags)
                if name in self.tag_ids
            ]
        if author_id and not created:
            ArticleAuthor.objects.filter(article=article).exclude(
                author_id=author_id
            ).delete()
            ArticleAuthor.objects.bulk_create(
                [ArticleAuthor(article=article, author_id=author_id, position=0)],
                ignore_conflicts=True,
            )
        elif author_id:
            self.rows.author_links.append(
                ArticleAuthor(article=article, author_id=author_id, position=0)
            )
        self._comments(article, element)
        if created:  # what write_bylines() and count_comments() would write
            article.byline = self.author_names.get(author_id, "")
            article.comment_count = sum(
                c.status == Comment.Status.APPROVED for c in self.rows.comments
            )
        self.rows.moved_from = self._redirect(
            element, article, article.status == Article.Status.PUBLISHED
        )
        # Stories later in the file that link here need not read it back.
        self.link_targets[("post", post_id)] = article.get_absolute_url()
        self._remember(
            "post",
            post_id,
            article,
            item_digest=item_digest,
            old_url=element.get("link").strip()[:2000],
            custom_fields={k: v for k, v in custom.items() if not k.startswith("_")},
        )
        self.report.count("posts", "imported" if created else "updated")

    def _unique_slug(self, slug: str, pk) -> str:
        candidate, n = slug, 1
        while self.slugs.get(candidate, pk) != pk:
            n += 1
            candidate = f"{slug[:190]}-{n}"
        return candidate

    def _category_object(self, pk: int) -> Category:
        """A story's section, read once per run (its address needs the path)."""
        if pk not in self.category_objects:
            self.category_objects[pk] = Category.objects.get(pk=pk)
        return self.category_objects[pk]

    def _page(self, element, post_id, status, item_digest, seen) -> None:
        title = element.get("title").strip() or _("Untitled")
        page = Page.objects.filter(pk=seen[1]).first() if seen else None
        created = page is None
        slug = readable_slug(element.get("wp:post_name").strip(), title, 50)
        if created:
            existing = Page.objects.filter(slug=slug).first()
            if existing is not None:
                self._reuse(
                    "page",
                    post_id,
                    existing,
                    _("page %(slug)s: the existing page “%(title)s” is kept")
                    % {"slug": slug, "title": existing.title},
                    item_digest=item_digest,
                )
                return
            if slug in RESERVED_SLUGS or Category.objects.filter(path=slug).exists():
                self.report.notes.append(
                    _(
                        "page %(slug)s: a section has that address; renamed %(slug)s-page"
                    )
                    % {"slug": slug}
                )
                slug = f"{slug}-page"
            page = Page(slug=slug)
        page.title = title[:200]
        sanitize = Page._meta.get_field("body").sanitize
        page.body = only_library_images(sanitize(self._convert(element, sanitize)))
        page.summary = strip_tags(element.get("excerpt:encoded")).strip()[:300]
        locked = bool(element.get("wp:post_password").strip())
        # A scheduled page keeps its time: published, and public from then.
        public = status in ("publish", "future") and not locked
        page.status = Page.Status.PUBLISHED if public else Page.Status.DRAFT
        page.publish_at = (
            wxr.export_time(
                element.get("wp:post_date_gmt"), element.get("wp:post_date")
            )
            if public and status == "future"
            else None
        )
        with reversion.create_revision(manage_manually=True):
            page.save()
            # Where the page's history starts in the admin, as a story's does.
            reversion.add_to_revision(page)
            reversion.set_date_created(self.now)
            reversion.set_comment(
                _("Imported from WordPress.")
                if created
                else _("Updated from WordPress.")
            )
        self._redirect(element, page, public)
        self._remember(
            "page",
            post_id,
            page,
            item_digest=item_digest,
            old_url=element.get("link").strip()[:2000],
        )
        self.report.count("pages", "imported" if created else "updated")

    def _redirect(self, element, target, public: bool) -> str:
        """Records the redirect from the item's old address; returns that
        address ("" for none)."""
        link = element.get("link").strip()
        if not (public and link):
            return ""
        old = wxr.old_path(link)
        new = target.get_absolute_url()
        if old in ("/", new) or old.startswith("/?"):
            return ""
        self.moves[old[:200]] = new
        return old[:200]

    # Comments ------------------------------------------------------------------

    def _comments(self, article: Article, element: wxr.Element) -> None:
        cutoff = self.now - timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS)
        rows = {}
        for comment in element.findall("wp:comment"):
            wp_id = comment.get("wp:comment_id").strip()
            kind = comment.get("wp:comment_type").strip()
            state = comment.get("wp:comment_approved").strip()
            if kind in ("pingback", "trackback"):
                self.report.skip("comments", wp_id, kind)
                continue
            if state not in COMMENT_STATES:
                self.report.skip("comments", wp_id, _("state %(s)s") % {"s": state})
                continue
            rows[wp_id] = comment
        placed: dict[str, Comment] = {}
        for wp_id in _parents_first(rows):
            comment = rows[wp_id]
            parent_wp = comment.get("wp:comment_parent").strip()
            # A parent of this batch may not be written yet: the row is linked.
            parent, parent_pk, depth = None, None, 0
            if parent_wp not in ("", "0"):
                parent = placed.get(parent_wp) or self.batch_rows.comment_ids.get(
                    parent_wp
                )
                known_parent = None if parent else self._seen("comment", parent_wp)
                if parent is not None:
                    depth = parent.depth + 1
                elif known_parent and (
                    (stored := self._stored_depth(known_parent[1])) is not None
                ):
                    # Imported by an earlier run, not in this item any more.
                    parent_pk, depth = known_parent[1], stored + 1
            when = (
                wxr.export_time(
                    comment.get("wp:comment_date_gmt"), comment.get("wp:comment_date")
                )
                or self.now
            )
            ip = comment.get("wp:comment_author_IP").strip() or None
            if when < cutoff:
                ip = None
            body = comment.get("wp:comment_content")
            seen = self._seen("comment", wp_id)
            # The same id on an earlier story of this batch: that row, as in
            # a later batch, is updated (it is not written yet).
            pending = self.batch_rows.comment_ids.get(wp_id)
            row = pending or (
                Comment.objects.filter(pk=seen[1]).first() if seen else None
            )
            created = row is None
            row = row or Comment(article=article)
            if parent is not None:
                row.parent = parent
            else:
                row.parent_id = parent_pk
            row.name = comment.get("wp:comment_author").strip()[:100] or _("Anonymous")
            row.email = comment.get("wp:comment_author_email").strip()[:254]
            row.website = comment.get("wp:comment_author_url").strip()[:200]
            row.body = body
            row.body_html = comment_html(body)
            row.status = COMMENT_STATES[comment.get("wp:comment_approved").strip()]
            row.created_at = when
            row.ip_address = _valid_ip(ip)
            row.depth = depth
            if created:
                self.rows.comments.append(row)
                self.rows.comment_ids[wp_id] = row
            elif pending is not None:
                self.rows.recount.append(pending.article)
            elif pending is None:
                Comment.objects.bulk_update(
                    [row],
                    [
                        "parent",
                        "name",
                        "email",
                        "website",
                        "body",
                        "body_html",
                        "status",
                        "created_at",
                        "ip_address",
                        "depth",
                    ],
                )
            placed[wp_id] = row
            if not created and pending is None:
                self._remember("comment", wp_id, row)
            self.report.count("comments", "imported" if created else "updated")

    def _stored_depth(self, comment_pk: int) -> int | None:
        """A comment's depth as stored, None if it is gone (deleted since)."""
        if comment_pk not in self.stored_depths:
            self.stored_depths[comment_pk] = (
                Comment.objects.filter(pk=comment_pk)
                .values_list("depth", flat=True)
                .first()
            )
        return self.stored_depths[comment_pk]

    # Media and links -------------------------------------------------------------

    def _attachment(self, attachment_id: str):
        attachment = self.channel.attachments.get(attachment_id)
        if attachment is None:
            return None
        path = bodies.uploads_path(attachment.url)
        found = self._picture(path) if path else None
        if found is None:
            return None
        return attachment.url, attachment.alt or found[1], attachment.caption

    def _featured(self, attachment_id: str) -> int | None:
        attachment = self.channel.attachments.get(attachment_id)
        path = bodies.uploads_path(attachment.url) if attachment else None
        if path is None or self._picture(path) is None:
            self.report.missing_media.add(
                path or _("attachment %(id)s") % {"id": attachment_id}
            )
            return None
        return self.image_ids[original_path(path)]

    def _picture(self, path: str) -> tuple[str, str] | None:
        """The library picture for a file of the uploads, stored once."""
        original = original_path(path)
        if original in self.files:
            return self.files[original]
        seen = self._seen("file", original)
        image = Image.objects.filter(pk=seen[1]).first() if seen else None
        if image is None:
            source = self._uploaded_file(original, path)
            if source is None:
                return None
            attachment = self.attachments_by_path.get(original)
            with open(source, "rb") as handle:
                try:
                    cleaned = clean_upload(File(handle, name=source.name))
                except ValidationError as error:
                    self.report.skip("media", original, " ".join(error.messages))
                    return None
            image = Image(
                title=((attachment.title if attachment else "") or source.stem)[:200],
                alt_text=((attachment.alt if attachment else "") or "")[:300],
                caption=strip_tags(attachment.caption if attachment else "")[:500],
            )
            image.file.save(cleaned.name, cleaned, save=False)
            image.save()
            self._remember(
                "file",
                original,
                image,
                custom_fields={"attachment_id": self.attachment_ids.get(original, "")},
            )
            self.report.count("images", "imported")
        self.image_ids[original] = image.pk
        self.files[original] = (image.file.url, image.alt_text)
        return self.files[original]

    def _uploaded_file(self, original: str, path: str) -> Path | None:
        if self.uploads is None:
            return None
        root = self.uploads.resolve()
        for candidate in (original, unquote(path)):
            file = (root / candidate).resolve()
            if file.is_relative_to(root) and file.is_file():
                return file
        return None

    def _link(self, href: str) -> str | None:
        found = self.channel.permalinks.get(wxr.old_path(href)) if href else None
        if found is None or not _same_site(href, self.origin):
            return None
        seen = self._seen(*found)
        if not seen:
            return ""
        if found in self.link_targets:
            return self.link_targets[found]
        if found[0] == "post":
            target = (
                Article.objects.filter(pk=seen[1]).select_related("category").first()
            )
        else:
            target = Page.objects.filter(pk=seen[1]).first()
        url = self.link_targets[found] = target.get_absolute_url() if target else None
        return url

    def _relink_pending(self) -> None:
        """Stories that linked to ones later in the file, pointed at their new
        addresses: only the text and its rendering are written (no new
        version), in one transaction."""
        pending = sorted(self.pending_links)
        with transaction.atomic():
            for start in range(0, len(pending), self.batch_size):
                stories = list(
                    Article.objects.filter(
                        pk__in=pending[start : start + self.batch_size]
                    ).only("pk", "body")
                )
                changed = []
                for story in stories:
                    body = bodies.relink(story.body, self._link)
                    if body != story.body:
                        story.body, story.rendered_body = body, render_body(body)
                        changed.append(story)
                Article.objects.bulk_update(changed, ["body", "rendered_body"])


@dataclass
class _BatchRows:
    """New rows of a batch's items, written together (``_write_rows``); an
    item's own also name the new story they come with, if any."""

    comments: list[Comment] = field(default_factory=list)
    comment_ids: dict[str, Comment] = field(default_factory=dict)
    tag_links: list[TaggedItem] = field(default_factory=list)
    author_links: list[ArticleAuthor] = field(default_factory=list)
    section_links: list = field(default_factory=list)
    items: dict[tuple[str, str], ImportedItem] = field(default_factory=dict)
    # An item's new story (inserted with its batch) and what waits for its id.
    line: int = 0
    story: Article | None = None
    post_id: str = ""
    relink: bool = False
    moved_from: str = ""
    tag_ids: list[int] = field(default_factory=list)
    recount: list[Article] = field(default_factory=list)

    def merge(self, other: "_BatchRows") -> None:
        self.items.update(other.items)
        self.recount += other.recount
        self.comments += other.comments
        self.comment_ids.update(other.comment_ids)
        self.tag_links += other.tag_links
        self.author_links += other.author_links
        self.section_links += other.section_links

    def discard(self, other: "_BatchRows") -> None:
        """Takes an item's rows out of its batch's again."""
        for key in other.items:
            self.items.pop(key, None)
        dropped = {id(row) for row in other.comments}
        self.comments = [c for c in self.comments if id(c) not in dropped]
        for wp_id in other.comment_ids:
            if id(self.comment_ids.get(wp_id)) in dropped:
                del self.comment_ids[wp_id]
        for name in ("tag_links", "author_links", "section_links"):
            gone = {id(row) for row in getattr(other, name)}
            setattr(self, name, [r for r in getattr(self, name) if id(r) not in gone])


def seen_reused(known, kind, wp_id) -> bool:
    return bool(
        (found := known.get((kind, wp_id)))
        and ImportedItem.objects.filter(pk=found[0], reused=True).exists()
    )


def _as_category(element, slug_tag, parent_tag, name_tag) -> wxr.Element:
    category = wxr.Element("wp:category", {})
    for tag, source in (
        ("wp:category_nicename", slug_tag),
        ("wp:category_parent", parent_tag),
        ("wp:cat_name", name_tag),
        ("wp:term_id", "wp:term_id"),
    ):
        child = wxr.Element(tag, {})
        child.parts = [element.get(source)]
        category.children.append(child)
    return category


def _parents_first(rows: dict) -> list[str]:
    ordered, placed = [], set()

    def place(wp_id, trail=()):
        if wp_id in placed or wp_id in trail:
            return
        parent = rows[wp_id].get("wp:comment_parent").strip()
        if parent in rows:
            place(parent, (*trail, wp_id))
        placed.add(wp_id)
        ordered.append(wp_id)

    for wp_id in rows:
        place(wp_id)
    return ordered


def _valid_ip(ip):
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def _same_site(href: str, origin: str) -> bool:
    return href.startswith(("/", origin)) or href.replace(
        "https://", "http://"
    ).startswith(origin.replace("https://", "http://"))


def remove_import(origin: str) -> Counter:
    """Deletes everything imports from ``origin`` created, nothing else."""
    removed = Counter()
    items = ImportedItem.objects.filter(origin=origin, reused=False)
    order = [
        ("comment", Comment),
        ("post", Article),
        ("page", Page),
        ("file", Image),
        ("tag", Tag),
        ("category", Category),
        ("author", Author),
    ]
    with held_invalidations(), transaction.atomic():
        for kind, model in order:
            ids = list(items.filter(kind=kind).values_list("object_id", flat=True))
            if kind == "post":
                old_urls = [
                    wxr.old_path(u)
                    for u in ImportedItem.objects.filter(
                        origin=origin, kind__in=["post", "page"]
                    ).values_list("old_url", flat=True)
                    if u
                ]
                Redirect.objects.filter(old_path__in=old_urls).delete()
            if kind == "category":
                for category in model.objects.filter(pk__in=ids).order_by("-depth"):
                    category.delete()
                    removed[kind] += 1
                continue
            removed[kind] += (
                model.objects.filter(pk__in=ids).delete()[1].get(model._meta.label, 0)
            )
        ImportedItem.objects.filter(origin=origin).delete()
        ImportRun.objects.filter(origin=origin).update(state=ImportRun.State.REMOVED)
    return removed
