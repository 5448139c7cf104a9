"""The articles app's derived data, kept by signals in one place.

A story's row carries its byline and approved-comment count (cards, feeds and
the desk read them with no query); they are written again whenever the rows
they come from change. A picture's renditions are queued when its file or
focal point changes. Which pages go stale when these models change is
registered with the page cache in ``ArticlesConfig.ready()``, which imports
this module.
"""

import functools

from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from reversion.signals import post_revision_commit

from articles.images.markup import render_body
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Comment,
    Image,
    VersionTags,
)
from articles.tasks import make_renditions

BYLINE_BATCH = 1000


def current_bylines(article_ids: list[int]) -> dict[int, str]:
    """The stories' authors' names, in byline order, from their byline rows."""
    names = {pk: [] for pk in article_ids}
    for article_id, name in (
        ArticleAuthor.objects.filter(article_id__in=names)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "author__name")
    ):
        names[article_id].append(name)
    return {pk: ", ".join(byline) for pk, byline in names.items()}


def write_bylines(article_ids) -> None:
    """Writes ``Article.byline`` for these stories from their authors.

    Cards, feeds and the desk show the byline as text on every row: kept on
    the story, it costs them no query (the article page, which links each
    author, still reads the authors).
    """
    article_ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(article_ids), BYLINE_BATCH):
        bylines = current_bylines(article_ids[start : start + BYLINE_BATCH])
        Article.objects.bulk_update(
            [Article(pk=pk, byline=byline) for pk, byline in bylines.items()],
            ["byline"],
        )


@receiver(pre_save, sender=Article)
def render_body_for_readers(sender, instance, update_fields=None, **kwargs):
    """The body as readers get it (link cards, responsive pictures), made from
    the body being saved, restored revisions included (they do not keep it)."""
    if update_fields is None or "body" in update_fields:
        instance.rendered_body = render_body(instance.body)


@receiver(pre_save, sender=Article)
def count_raw_saves_as_new_versions(sender, instance, raw, **kwargs):
    """A restored revision (a raw save) is a new version too, so that a form opened
    before the restore is refused rather than matched by a reused number."""
    if raw and instance.pk:
        current = (
            Article.objects.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        instance.version = (current or 0) + 1


@receiver(post_save, sender=ArticleAuthor)
@receiver(post_delete, sender=ArticleAuthor)
def rewrite_byline(sender, instance, **kwargs):
    """A byline edited in the admin, or restored with a revision."""
    write_bylines([instance.article_id])


@receiver(m2m_changed, sender=Article.authors.through)
def rewrite_bylines_of_changed_authors(
    sender, instance, action, reverse, pk_set, **kwargs
):
    """``story.authors.add()`` and the like, from either side."""
    if not reverse:
        if action.startswith("post_"):
            write_bylines([instance.pk])
    elif action == "pre_clear":
        instance._bylines_to_rewrite = list(
            ArticleAuthor.objects.filter(author=instance).values_list(
                "article_id", flat=True
            )
        )
    elif action == "post_clear":
        write_bylines(instance.__dict__.pop("_bylines_to_rewrite", []))
    elif action.startswith("post_"):
        write_bylines(pk_set)


@receiver(pre_save, sender=Author)
def note_author_rename(sender, instance, **kwargs):
    instance._renamed = instance.pk is not None and not (
        type(instance).objects.filter(pk=instance.pk, name=instance.name).exists()
    )


@receiver(post_save, sender=Author)
def rewrite_bylines_of_renamed_author(sender, instance, **kwargs):
    """Every story in a renamed author's bylines (a save that keeps the name
    rewrites nothing: the demo saves each author on every run)."""
    if instance.__dict__.pop("_renamed", False):
        write_bylines(
            ArticleAuthor.objects.filter(author=instance).values_list(
                "article_id", flat=True
            )
        )


def count_comments(article_ids) -> None:
    """Writes ``Article.comment_count`` for these stories: their approved comments."""
    approved = (
        Comment.objects.approved()
        .filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    Article.objects.filter(pk__in=article_ids).update(
        comment_count=Coalesce(models.Subquery(approved), 0)
    )


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def recount_comments(sender, instance, **kwargs):
    """A comment posted, moderated, removed or deleted: cards show the new count."""
    count_comments([instance.article_id])


@receiver(post_save, sender=Article)
def rewrite_kept_fields_of_restored_story(sender, instance, raw, **kwargs):
    """A restored revision (a raw save) does not carry the byline and comment
    count: they are written again from the rows they come from."""
    if raw:
        write_bylines([instance.pk])
        count_comments([instance.pk])


@receiver(post_save, sender=Image)
def queue_renditions(sender, instance, raw, **kwargs):
    """A new file or focal point: the task worker cuts its renditions after the
    commit, so the editor's save is not held up."""
    if raw or instance.rendition_source == getattr(instance, "_rendered_source", None):
        return
    instance._rendered_source = instance.rendition_source
    transaction.on_commit(functools.partial(make_renditions.enqueue, instance.pk))


@receiver(post_save, sender=Image)
def refresh_bodies_showing(sender, instance, update_fields=None, **kwargs):
    """New renditions of a picture (``Image.record_renditions``): stories with it
    in their text get its new ``srcset``.

    Only the derived column is written: no new version, so an editor's open
    form stays valid. A story can only show a picture if it was saved after the
    upload, which bounds the text search. The picture's own save has already
    made the cached pages stale, after this commits.
    """
    if update_fields is None or "sources" not in update_fields:
        return
    stories = list(
        Article.objects.filter(
            modified_at__gte=instance.uploaded_at, body__contains=instance.file.name
        ).only("pk", "body")
    )
    for story in stories:
        story.rendered_body = render_body(story.body)
    Article.objects.bulk_update(stories, ["rendered_body"])


@receiver(post_revision_commit, dispatch_uid="articles-version-tags")
def keep_version_tags(sender, revision, versions, **kwargs):
    """Each revision of a story keeps its tags, which django-reversion does not
    (the version preview and "Compare versions" show them)."""
    VersionTags.record(versions)
