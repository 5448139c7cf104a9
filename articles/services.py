"""Multi-step writes on stories that go around the models' signals.

Most writes are plain saves: the signals keep derived data and the page cache
(``articles.signals``, ``ArticlesConfig.ready``). A write made in bulk sends no
signals, so the service that makes it says itself that pages changed.
"""

import operator
from functools import partial, reduce

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models, transaction
from django.utils import timezone

from articles import tasks
from articles.models import Article, Autosave, EditingPresence, PreviewLink, StoryNote
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
    """
    with transaction.atomic(), reversion.create_revision():
        ids = list(stories.values_list("pk", flat=True))
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
