"""Multi-step writes on stories that go around the models' signals.

Most writes are plain saves: the signals keep derived data and the page cache
(``articles.signals``, ``ArticlesConfig.ready``). A write made in bulk sends no
signals, so the service that makes it says itself that pages changed.
"""

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models, transaction

from articles.models import Article
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
