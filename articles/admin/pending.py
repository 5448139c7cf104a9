"""Changes to a live story kept aside until an editor publishes them.

A save of a published story from its form writes its reader-facing text to
the story's ``PendingChanges`` instead of the story (readers, feeds and every
cache keep the published text); the form's banner offers "Publish changes"
(editors) and "Discard changes".
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import services
from articles.admin.roles import can_publish
from articles.models import Article, PendingChanges
from articles.models.pending import PENDING_FIELDS

# Form fields that are no change of the story itself.
NOT_THE_STORY = {"desk_note", "material_update", "seen_version", "tags"}


def pending_changes_of(story: Article | None) -> PendingChanges | None:
    if story is None or story.pk is None:
        return None
    return (
        PendingChanges.objects.select_related("saved_by").filter(article=story).first()
    )


def keep_changes_pending(request, story: Article, form, *, save) -> None:
    """A save of a live story: its reader-facing fields go to the draft of
    changes, and the story keeps its published values. Whatever else the form
    changed (publishing settings, the address, the status) is saved on the
    story at once with ``save`` (the admin's own ``save_model``); the draft is
    then made on that new version. The byline and related stories (inlines)
    are saved at once by the admin, as ever."""
    values = PendingChanges.values_of(story)
    tags = form.cleaned_data.pop("tags", [])  # not for the story's save_m2m
    published = Article.objects.get(pk=story.pk)
    for name, value in PendingChanges.values_of(published).items():
        setattr(story, Article._meta.get_field(name).attname, value)
    if settings_changed(form, published):
        save(request, story, form, True)
    pending = services.keep_pending_changes(
        story=story,
        user=request.user,
        values=values,
        tags=tags,
        material_update=bool(form.cleaned_data.get("material_update")),
    )
    if pending is not None:
        messages.info(
            request,
            _(
                "Your changes are kept as unpublished changes: readers see the "
                "published version until an editor presses “Publish changes”."
            ),
        )


def settings_changed(form, published: Article) -> set[str]:
    """The form's changes to the story beyond its reader-facing text (the status
    as the desk's buttons leave it). A time
    is shown to the second: one that only loses its microseconds is kept."""
    changed = set(form.changed_data) - set(PENDING_FIELDS) - NOT_THE_STORY
    if form.cleaned_data.get("status") != published.status:
        changed.add("status")  # a desk button (Unpublish) decides it
    for name in list(changed):
        value, stored = form.cleaned_data.get(name), getattr(published, name, None)
        if (
            isinstance(value, datetime)
            and isinstance(stored, datetime)
            and abs(value - stored) < timedelta(seconds=1)
        ):
            changed.discard(name)
    return changed


def _story(model_admin, request, object_id) -> Article:
    story = model_admin.get_object(request, str(object_id))
    if story is None or not model_admin.has_change_permission(request, story):
        raise PermissionDenied
    return story


def _back_to(story: Article) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("admin:articles_article_change", args=[story.pk])
    )


def publish_changes_view(model_admin):
    """The banner's "Publish changes" (POST only): editors only, whatever the
    page showed; refused when the story was saved after the changes were made."""

    def view(request, object_id):
        story = _story(model_admin, request, object_id)
        if not can_publish(request):
            raise PermissionDenied
        try:
            services.publish_pending_changes(story=story, user=request.user)
        except PendingChanges.DoesNotExist:
            messages.error(
                request, _("This story has no unpublished changes to publish.")
            )
        except services.StalePendingChanges as stale:
            messages.error(
                request,
                _(
                    "Not published: the story was saved at %(when)s, after these "
                    "changes were made on it, and publishing them would undo that "
                    "save. Check the form against the published story, save it "
                    "again to keep the changes on the story as it is now, then "
                    "publish them."
                )
                % {
                    "when": timezone.localtime(stale.story.modified_at).strftime(
                        "%H:%M"
                    )
                },
            )
        else:
            messages.success(
                request, _("The changes are published: readers see them now.")
            )
        return _back_to(story)

    return view


def discard_changes_view(model_admin):
    """The banner's "Discard changes" (POST only), for whoever may edit the story."""

    def view(request, object_id):
        story = _story(model_admin, request, object_id)
        if services.discard_pending_changes(story=story):
            messages.success(
                request,
                _(
                    "The unpublished changes were discarded: the form shows the "
                    "published story."
                ),
            )
        return _back_to(story)

    return view
