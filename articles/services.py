"""Multi-step writes on stories that go around the models' signals.

Most writes are plain saves: the signals keep derived data and the page cache
(``articles.signals``, ``ArticlesConfig.ready``). A write made in bulk sends no
signals, so the service that makes it says itself that pages changed.
"""

import json
import operator
from collections import defaultdict
from functools import partial, reduce

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.utils import timezone
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from articles import tasks
from articles.models import (
    Article,
    Autosave,
    EditingPresence,
    PendingChanges,
    PreviewLink,
    StoryNote,
    VersionTags,
)
from articles.models.sharing import LIFETIME
from magazine.cache import invalidate_pages


def set_status(
    *, stories: models.QuerySet, user, verb: str, **changes
) -> list[Article]:
    """One UPDATE for the whole selection (URLs do not change, so no redirects),
    then what a save from the form would leave behind: a revision of each story
    and a log entry, in a fixed number of queries, and the page cache dropped once.

    ``changes``: the fields to write, such as ``status`` and ``publish_at``;
    ``verb`` names the change in the history ("Archived"). Joins the revision
    block around it (the admin's change list opens one), or opens its own.
    The writers of a story it publishes are told, as a save from the form
    tells them (one task per story, once committed).
    """
    with transaction.atomic(), reversion.create_revision():
        status_before = dict(stories.values_list("pk", "status"))
        ids = list(status_before)
        Article.objects.filter(pk__in=ids).update(
            version=models.F("version") + 1, **changes
        )
        changed = list(
            Article.objects.filter(pk__in=ids).prefetch_related(
                "secondary_categories", "articleauthor_set__author", "picks__related"
            )
        )
        comment = f"{verb} by bulk action"
        for article in changed:
            reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(comment)
        if changed:
            LogEntry.objects.log_actions(
                user_id=user.pk,
                queryset=changed,
                action_flag=CHANGE,
                change_message=comment,
            )
            transaction.on_commit(invalidate_pages)
        if changes.get("status") == Article.Status.PUBLISHED:
            for pk in ids:
                if status_before[pk] != Article.Status.PUBLISHED:
                    transaction.on_commit(
                        partial(tasks.notify_writers.enqueue, pk, "published", user.pk)
                    )
    return changed


def record_desk_step(
    *, story: Article, user, status_before: str | None, note: str, sent_back: bool
) -> None:
    """After a save from the form: keep the note with the story, and tell who
    must know once the save is committed: the editors of a story newly in
    review, the writers of one sent back or newly published (or scheduled)."""
    with transaction.atomic():
        if note.strip():
            StoryNote.objects.create(
                article=story,
                author=user,
                text=note.strip(),
                kind=StoryNote.Kind.SENT_BACK if sent_back else StoryNote.Kind.NOTE,
            )
        if sent_back:
            event = "sent-back"
        elif story.status == status_before:
            return
        elif story.status == Article.Status.IN_REVIEW:
            transaction.on_commit(
                partial(tasks.notify_editors_of_review.enqueue, story.pk)
            )
            return
        elif story.status == Article.Status.PUBLISHED:
            event = "published"
        else:
            return
        transaction.on_commit(
            partial(tasks.notify_writers.enqueue, story.pk, event, user.pk)
        )


class StalePendingChanges(Exception):
    """The story was saved after its pending changes were made on it."""

    def __init__(self, pending: PendingChanges, story: Article):
        super().__init__(pending, story)
        self.pending = pending
        self.story = story


def keep_pending_changes(
    *,
    story: Article,
    user,
    values: dict,
    tags: list[str],
    lists: dict,
    material_update: bool,
) -> PendingChanges | None:
    """A save of a live story: its reader-facing ``values`` (``PENDING_FIELDS``,
    foreign keys as ids), ``tags`` and ``lists`` (``pending.LISTS``: the
    secondary sections, the byline's authors and the related picks, ids in
    order) are kept as the story's one draft of changes, made on its current
    version; the story and its rows are not written, so no page goes stale.
    Changes that would leave the story as it is published are no draft at
    all (any earlier one is dropped). Returns the draft."""
    lists = {**lists, "secondary_categories": sorted(lists["secondary_categories"])}
    published_tags = list(story.tags.names())
    if (
        values == PendingChanges.values_of(story)
        and sorted(tags) == sorted(published_tags)
        and lists == PendingChanges.lists_of(story)
    ):
        PendingChanges.objects.filter(article=story).delete()
        return None
    with transaction.atomic():
        earlier = (
            PendingChanges.objects.select_for_update()
            .filter(article=story)
            .values_list("material_update", flat=True)
            .first()
        )
        pending, _created = PendingChanges.objects.update_or_create(
            article=story,
            defaults={
                **{
                    PendingChanges._meta.get_field(name).attname: value
                    for name, value in values.items()
                },
                "tags": tags,
                **lists,
                "material_update": material_update or bool(earlier),
                "based_on_version": story.version,
                "saved_by": user,
                "saved_at": timezone.now(),
            },
        )
    return pending


def publish_pending_changes(*, story: Article, user) -> Article:
    """An editor's "Publish changes": the story takes its pending changes in one
    transaction, as a save from the form would write it (a new version, one
    revision "Published changes", the same page-cache hooks through its save
    signals), the draft goes, and its writers are told once it is committed.

    Raises ``PendingChanges.DoesNotExist`` when there is no draft, and
    ``StalePendingChanges`` when the story was saved after the draft was made
    on it: publishing would overwrite that save.
    """
    with transaction.atomic(), reversion.create_revision():
        story = Article.objects.select_for_update(of=("self",)).get(pk=story.pk)
        pending = (
            PendingChanges.objects.select_for_update(of=("self",))
            .select_related("saved_by")
            .get(article=story)
        )
        if pending.based_on_version != story.version:
            raise StalePendingChanges(pending, story)
        # The rows first: the story's save then puts them in its revision.
        story.secondary_categories.set(pending.shown_secondary_categories())
        put_rows(
            story.articleauthor_set,
            "author_id",
            [author.pk for author in pending.shown_authors()],
        )
        put_rows(
            story.picks,
            "related_id",
            [pick.pk for pick in pending.shown_related() if pick.pk != story.pk],
        )
        pending.apply_to(story)
        if pending.material_update:
            story.revised_at = timezone.now()
        story.save()
        story.tags.set(pending.tags)
        pending.delete()
        reversion.set_user(user)
        reversion.set_comment("Published changes")
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[story],
            action_flag=CHANGE,
            change_message="Published changes",
            single_object=True,
        )
        transaction.on_commit(
            partial(tasks.notify_writers.enqueue, story.pk, "published", user.pk)
        )
    return story


def put_rows(rows: models.Manager, key: str, ids: list[int]) -> None:
    """A story's ordered rows (its byline's, its related picks') made to hold
    ``ids`` in that order: a row whose ``key`` is gone is deleted, one kept is
    moved to its place, a new one added. Each row is saved or deleted on its
    own, so its signals keep the byline text and the page cache."""
    ids = list(dict.fromkeys(ids))
    existing = {getattr(row, key): row for row in rows.all()}
    for value, row in existing.items():
        if value not in ids:
            row.delete()
    for position, value in enumerate(ids):
        row = existing.get(value)
        if row is None:
            rows.create(**{key: value, "position": position})
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def discard_pending_changes(*, story: Article) -> bool:
    """The draft of changes is dropped; readers never saw it. Returns whether
    there was one."""
    deleted, _ = PendingChanges.objects.filter(article=story).delete()
    return bool(deleted)


def share_preview(*, story: Article, user) -> PreviewLink:
    """A new shareable preview link to ``story``, working for ``LIFETIME``."""
    return PreviewLink.objects.create(
        article=story, created_by=user, expires_at=timezone.now() + LIFETIME
    )


def autosave_story(
    *,
    user,
    article: Article | None,
    draft_token,
    headline: str,
    standfirst: str,
    body: str,
) -> Autosave:
    """Keep what ``user`` has typed in a story's form: one INSERT … ON CONFLICT
    UPDATE, so an autosave every few seconds costs a single write and never
    touches the story itself (no version bump, no revision)."""
    autosave = Autosave(
        article=article,
        draft_token=None if article is not None else draft_token,
        user=user,
        headline=headline,
        standfirst=standfirst,
        body=body,
        saved_at=timezone.now(),
    )
    Autosave.objects.bulk_create(
        [autosave],
        update_conflicts=True,
        unique_fields=["article", "user"] if article else ["user", "draft_token"],
        update_fields=["headline", "standfirst", "body", "saved_at"],
    )
    return autosave


def discard_autosaves(*, user, article: Article | None = None, draft_token=None):
    """The story was saved: its autosaves (and the draft's it began as) are spent."""
    spent = [models.Q(article=article)] if article is not None else []
    if draft_token:
        spent.append(models.Q(draft_token=draft_token))
    if spent:
        Autosave.objects.filter(reduce(operator.or_, spent), user=user).delete()


def record_presence(*, user, article: Article, take_over: bool = False):
    """A heartbeat from ``user``'s open form: their presence goes on (or begins
    again, after it expired); with ``take_over`` everyone else's open form is
    told the story is theirs now. Returns (the others editing, who took over
    from ``user``)."""
    now = timezone.now()
    live = EditingPresence.objects.filter(
        article=article, seen_at__gte=now - EditingPresence.EXPIRES_AFTER
    )
    with transaction.atomic():
        if not live.filter(user=user).update(seen_at=now):
            EditingPresence.objects.update_or_create(
                article=article,
                user=user,
                defaults={"started_at": now, "seen_at": now, "taken_over_by": None},
            )
        if take_over:
            live.exclude(user=user).update(taken_over_by=user)
            live.filter(user=user).update(taken_over_by=None)
    presences = list(live.select_related("user", "taken_over_by"))
    mine = next(p for p in presences if p.user_id == user.pk)
    others = [
        p for p in presences if p.user_id != user.pk and p.taken_over_by_id is None
    ]
    return others, mine.taken_over_by


def translate_story(*, original: Article, language: str, user) -> Article:
    """A draft of ``original`` in ``language``, linked to it, for a translator
    to write: its pictures, section, secondary sections, tags and authors
    carried over, its text to be replaced. The existing translation when there
    is one. Checked against the original's current version, so it starts
    current."""
    if original.translation_of_id is not None:
        original = original.translation_of
    if language == original.language:
        raise ValueError("A story is not translated into its own language.")
    with transaction.atomic(), reversion.create_revision():
        existing = original.translations.filter(language=language).first()
        if existing is not None:
            return existing
        draft = Article.objects.create(
            headline=original.headline,
            slug=f"{original.slug}-{language}"[:200],
            standfirst=original.standfirst,
            body=original.body,
            lead_image=original.lead_image,
            lead_image_caption=original.lead_image_caption,
            social_image=original.social_image,
            category=original.category,
            dateline=original.dateline,
            comments=original.comments,
            is_sponsored=original.is_sponsored,
            sponsor_name=original.sponsor_name,
            status=Article.Status.DRAFT,
            language=language,
            translation_of=original,
            translated_version=original.version,
            created_by=user,
        )
        draft.secondary_categories.set(original.secondary_categories.all())
        draft.tags.set(list(original.tags.all()))
        for credit in original.articleauthor_set.all():
            draft.articleauthor_set.create(
                author_id=credit.author_id, position=credit.position
            )
        reversion.set_user(user)
        reversion.set_comment(f"Translation of “{original.headline}” started.")
    return draft


def mark_translations_current(*, stories: models.QuerySet) -> int:
    """Editors checked these translations against their originals as they are
    now: none of them is out of date any more. Shows on no reader page."""
    with transaction.atomic():
        translations = list(
            stories.filter(translation_of__isnull=False).select_related(
                "translation_of"
            )
        )
        for story in translations:
            story.translated_version = story.translation_of.version
        Article.objects.bulk_update(translations, ["translated_version"])
    return len(translations)


def record_revisions(*, story_ids: list[int], comment: str, date_created) -> int:
    """A revision of each story written in bulk (an import: its first, so
    that an editor's history of it starts there, or the import's update).

    One revision per story, as a save from the form makes (restoring one
    story's version restores no other story), written as two INSERTs for any
    number of stories, and their tags (``VersionTags``) in one read and one
    write: ``reversion.create_revision()`` per story would cost four
    statements each. The versions hold what reversion's own would, the
    story and the rows its registration follows, serialised with the
    registered options (a test compares them with ``add_to_revision``'s);
    the JSON text is made by one C-encoded ``json.dumps`` per row, as
    Django's JSON serialiser would write it, at a fraction of its cost.
    """
    if not story_ids:
        return 0
    rows = list(
        Article.objects.filter(pk__in=story_ids)
        .prefetch_related(
            "secondary_categories", "articleauthor_set__author", "picks__related"
        )
        .order_by("pk")
    )
    revisions = Revision.objects.bulk_create(
        Revision(date_created=date_created, comment=comment) for _ in rows
    )
    followed = defaultdict(list)  # model → [(revision, row)]
    for story, revision in zip(rows, revisions, strict=True):
        followed[Article].append((revision, story))
        for name in _get_options(Article).follow:
            for row in getattr(story, name).all():
                followed[type(row)].append((revision, row))
    versions = []
    for model, pairs in followed.items():
        options = _get_options(model)
        content_type = ContentType.objects.get_for_model(model)
        data = serializers.serialize(
            "python", [row for _, row in pairs], fields=options.fields
        )
        for (revision, row), fields in zip(pairs, data, strict=True):
            versions.append(
                Version(
                    revision=revision,
                    content_type=content_type,
                    object_id=str(row.pk),
                    db=router.db_for_write(model, instance=row),
                    format="json",
                    serialized_data="["
                    + json.dumps(fields, cls=DjangoJSONEncoder, ensure_ascii=False)
                    + "]\n",
                    object_repr=str(row),
                )
            )
    Version.objects.bulk_create(versions)
    VersionTags.record(versions)  # reversion's own signal is not sent for these
    return len(revisions)
